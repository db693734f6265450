import { orgProcedure } from "@/server/api/trpc";
import { getAlertPreferences } from "@/server/services/alerts/preferences";
import { preferencesView } from "./schemas";

/** The caller's own alert choices in this organization (everyone edits only their own). */
export const getPreferences = orgProcedure("org.read")
  .output(preferencesView)
  .query(({ ctx }) => getAlertPreferences({ orgId: ctx.orgId, userId: ctx.userId, role: ctx.role }));
