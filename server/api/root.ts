// The root tRPC router: one sub-router per domain, one file per procedure.
import { createCallerFactory, createRouter } from "./trpc";
import { auditRouter } from "./routers/audit";
import { billingRouter } from "./routers/billing";
import { companyRouter } from "./routers/company";
import { fxRouter } from "./routers/fx";
import { healthRouter } from "./routers/health";
import { invitationRouter } from "./routers/invitation";
import { kashflowRouter } from "./routers/kashflow";
import { mappingsRouter } from "./routers/mappings";
import { notificationsRouter } from "./routers/notifications";
import { orgRouter } from "./routers/org";
import { sage100Router } from "./routers/sage100";
import { setupRouter } from "./routers/setup";
import { syncRouter } from "./routers/sync";
import { teamRouter } from "./routers/team";
import { tieOutRouter } from "./routers/tieOut";

export const appRouter = createRouter({
  org: orgRouter,
  company: companyRouter,
  team: teamRouter,
  invitation: invitationRouter,
  audit: auditRouter,
  sage100: sage100Router,
  kashflow: kashflowRouter,
  sync: syncRouter,
  mappings: mappingsRouter,
  fx: fxRouter,
  tieOut: tieOutRouter,
  notifications: notificationsRouter,
  health: healthRouter,
  setup: setupRouter,
  billing: billingRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
