// A Sage 100 change batch wakes the flows that read its table at once, under both runners: the in-process runner
// runs them within a second or two of the agent's POST (no tick in between), and under Inngest the route sends
// "sync/changes.arrived", whose function fans out one run per woken flow.
import { randomUUID } from "node:crypto";
import { InngestTestEngine } from "@inngest/test";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { ServerClient } from "@/agent/src/runtime/server-client";
import { db } from "@/server/db";
import { inngest } from "@/server/jobs/client";
import { CHANGES_ARRIVED, FLOW_RUN } from "@/server/jobs/events";
import { functions } from "@/server/jobs/functions";
import { syncChangesArrived } from "@/server/jobs/sync-changes-arrived";
import { startAgentApiServer, type AgentApiServer } from "@/server/integrations/sage100/testing/agent-api-server";
import { pairTestAgent } from "@/server/integrations/sage100/testing/test-agent";
import { sealCredentials } from "@/server/services/kashflow/connection-secrets";
import { FLOWS } from "../flows";
import { scheduled } from "../scheduled";
import { context, memoryTarget, testFlow } from "../testing/memory-flow";
import { startInProcessRunner } from "./in-process";
import { announceChanges } from "./wake";

const FLOW_ID = "wake.stock";
const REAL_FLOWS = scheduled().map((f) => f.id);
let api: AgentApiServer;

beforeAll(async () => {
  api = await startAgentApiServer();
});
afterAll(async () => {
  await api.close();
});

const ranAt: number[] = [];
beforeAll(() => {
  FLOWS.push({
    ...testFlow(new Map(), memoryTarget(), FLOW_ID),
    wakeOn: ["IM_ItemWarehouse"],
    async detect() {
      ranAt.push(Date.now());
      return { inserted: 0, changed: 0, unchanged: 0, echoes: 0, complete: true };
    },
  });
});
afterAll(
  () =>
    void FLOWS.splice(
      FLOWS.findIndex((f) => f.id === FLOW_ID),
      1,
    ),
);
afterEach(() => {
  vi.restoreAllMocks();
  delete process.env.INNGEST_DEV;
  resetEnvCache();
});

/** A live company paired with an agent over the real API, its flows not due for an hour, the product's own flows off. */
async function pairedCompany() {
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
  await db.syncSettings.create({ data: { companyId: ctx.companyId, settings: { pausedFlows: REAL_FLOWS } } });
  const { token } = await pairTestAgent(api.url, { id: ctx.companyId, orgId: ctx.orgId });
  const ranBefore = new Date(Date.now() - 60_000);
  await db.syncState.create({
    data: {
      companyId: ctx.companyId,
      flow: FLOW_ID,
      runStartedAt: ranBefore,
      runFinishedAt: ranBefore,
      nextRunAt: new Date(Date.now() + 3_600_000),
    },
  });
  const agent = new ServerClient(api.url, token);
  const push = (table: "IM_ItemWarehouse" | "CI_Item") =>
    agent.changes({
      batchId: `b-${randomUUID()}`,
      table,
      keyColumns: ["ItemCode"],
      rows: [{ ItemCode: "GADGET-200" }],
      highWater: { date: "2025-03-01", time: "10.5" },
    });
  return { ...ctx, push };
}

describe("a change batch wakes the flows that read its table", () => {
  it("in-process: the woken flow runs within two seconds of the agent's POST; a batch of another table wakes nothing", async () => {
    const c = await pairedCompany();
    // No periodic tick: only the wake-up can start the run.
    const runner = startInProcessRunner({ everySeconds: 0, companyIds: [c.companyId], log: () => {} });
    try {
      ranAt.length = 0;
      await c.push("CI_Item");
      await new Promise((r) => setTimeout(r, 1_000));
      expect(ranAt).toHaveLength(0);
      const posted = Date.now();
      await c.push("IM_ItemWarehouse");
      for (const end = Date.now() + 5_000; ranAt.length === 0 && Date.now() < end; )
        await new Promise((r) => setTimeout(r, 20));
      expect(ranAt).toHaveLength(1);
      expect(ranAt[0]! - posted).toBeLessThan(2_000);
    } finally {
      await runner.stop();
    }
  });

  it("under Inngest: the route's batch sends sync/changes.arrived, and its function fans out a run of each woken flow", async () => {
    const c = await pairedCompany();
    process.env.INNGEST_DEV = "1";
    resetEnvCache();
    const send = vi
      .spyOn(inngest, "send")
      .mockResolvedValue({ ids: ["x"] } as Awaited<ReturnType<typeof inngest.send>>);
    await c.push("IM_ItemWarehouse");
    expect(send).toHaveBeenCalledWith({
      name: CHANGES_ARRIVED,
      data: { companyId: c.companyId, tables: ["IM_ItemWarehouse"] },
    });

    expect(functions).toContain(syncChangesArrived);
    // @inngest/test sends a step's events for real: the fan-out step is mocked, its call asserted.
    const sent = { id: "fan-out", handler: () => ({ ids: ["x"] }) };
    const t = new InngestTestEngine({ function: syncChangesArrived, steps: [sent] });
    const { result, ctx: run } = await t.execute({
      events: [{ name: CHANGES_ARRIVED, data: { companyId: c.companyId, tables: ["IM_ItemWarehouse"] } }],
    });
    // The product's own stock flow also reads IM_ItemWarehouse, but this company switched it off.
    expect(result).toEqual({ sent: 1 });
    expect(run.step.sendEvent).toHaveBeenCalledWith("fan-out", [
      { name: FLOW_RUN, data: { companyId: c.companyId, flowId: FLOW_ID, kashflowAccountKey: expect.any(String) } },
    ]);

    const none = await new InngestTestEngine({ function: syncChangesArrived }).execute({
      events: [{ name: CHANGES_ARRIVED, data: { companyId: c.companyId, tables: ["CI_Item"] } }],
    });
    expect(none.result).toEqual({ sent: 0 });
  });

  it("announceChanges without Inngest sends no event", async () => {
    const send = vi.spyOn(inngest, "send");
    await announceChanges({ companyId: "c-none", tables: ["IM_ItemWarehouse"] });
    expect(send).not.toHaveBeenCalled();
  });
});
