// A company the runners consider syncable (KashFlow connected, an active agent): for runner and scheduling tests.
import { db } from "@/server/db";
import { sealCredentials } from "@/server/services/kashflow/connection-secrets";
import { scheduled } from "../scheduled";
import { context } from "./memory-flow";

/** `onlyTestFlows`: the product's own flows and tasks are switched off, so only the flows a test registers run. */
export async function syncableCompany(o: { onlyTestFlows?: boolean } = {}) {
  const ctx = await context();
  await db.kashflowConnection.create({
    data: {
      companyId: ctx.companyId,
      authMethod: "SESSION_TOKEN",
      apiBaseUrl: "http://127.0.0.1:9/v2",
      status: "CONNECTED",
      ...sealCredentials({ method: "SESSION_TOKEN", username: "u", password: "p", memorableWord: "word" }),
    },
  });
  await db.sage100Agent.create({
    data: {
      companyId: ctx.companyId,
      activeCompanyId: ctx.companyId,
      tokenHash: `hash-${ctx.companyId}`,
      hostname: "test",
      version: "1",
      driver: "simulator",
    },
  });
  if (o.onlyTestFlows)
    await db.syncSettings.create({
      data: { companyId: ctx.companyId, settings: { pausedFlows: scheduled().map((f) => f.id) } },
    });
  return ctx;
}
