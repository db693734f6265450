// The local demo's "Acme Trading UK" comes connected: a KashFlow sandbox account and a sandbox Sage 100 agent,
// so `npm start` shows a working integration pair. Only ever touches the seeded demo organization.
import { env } from "@/lib/env";
import { db, transaction } from "@/server/db";
import { markLive } from "@/server/services/companies/lifecycle";
import { startSandboxAgent } from "@/server/integrations/sage100/sandbox-gateway";
import { requestSync } from "@/server/sync/runner/due-flows";
import { kashflowClientForCompany } from "@/server/services/kashflow/client-for-company";
import { loadSyncSettings, saveSyncSettings } from "@/server/sync/settings";
import { connectKashflowSandbox } from "@/server/services/kashflow/connect-sandbox";
import { repointSandboxConnections } from "@/server/services/kashflow/sandbox-url";
import { seedDemoMappings, seedDemoRates } from "./demo-mappings";
import { demoSetupToken } from "./demo-token";

export const DEMO_ORG_SLUG = "demo";
export const DEMO_COMPANY = "Acme Trading UK";

export async function setUpDemoConnections(): Promise<{
  kashflow: "connected" | "already";
  sage100: "started" | "already";
  companyId: string;
} | null> {
  const company = await db.company.findFirst({
    where: { name: DEMO_COMPANY, org: { slug: DEMO_ORG_SLUG } },
    select: {
      id: true,
      orgId: true,
      kashflowConnection: { select: { id: true } },
      org: { select: { memberships: { where: { role: "OWNER" }, select: { userId: true }, take: 1 } } },
    },
  });
  const ownerId = company?.org.memberships[0]?.userId;
  if (!company || !ownerId) return null;
  const scope = { orgId: company.orgId, companyId: company.id, userId: ownerId };
  // The demo organization is exempt from billing (also marked by the seed, for databases seeded before billing).
  await db.billingAccount.upsert({
    where: { orgId: company.orgId },
    update: { exempt: true, appliedState: "exempt" },
    create: { orgId: company.orgId, exempt: true, appliedState: "exempt" },
  });
  // The sandbox may listen on another port than last time: sandbox connections follow it before anything calls them.
  await repointSandboxConnections();
  const kashflow = company.kashflowConnection ? "already" : (await connectKashflowSandbox(scope), "connected");
  const sage = await startSandboxAgent(scope);
  if (kashflow === "connected") {
    await seedDemoMappings({
      companyId: company.id,
      userId: ownerId,
      client: await kashflowClientForCompany(company.id),
    });
    await seedDemoRates(scope);
    // Every flow on, stock into KashFlow included (a new company starts with it off): the demo shows them all.
    await saveSyncSettings(company.id, { ...(await loadSyncSettings(company.id)), pausedFlows: [] });
    // The demo is a company someone already set up: reviewed and live, so `npm start` shows flows running.
    await db.company.update({
      where: { id: company.id },
      data: { flowsReviewedAt: new Date(), settingsReviewedAt: new Date() },
    });
    await transaction((tx) => markLive(scope, tx));
    await requestSync(company.id);
  }
  return { kashflow, sage100: sage.alreadyRunning ? "already" : "started", companyId: company.id };
}

export function demoSetupAllowed(token: string | null): boolean {
  const e = env();
  return e.APP_ENV !== "production" && Boolean(e.KASHFLOW_SANDBOX_URL) && token === demoSetupToken(e.AUTH_SECRET);
}
