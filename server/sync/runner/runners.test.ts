// The same flow under both runners: the in-process runner (embedded default) and Inngest's function, run by
// @inngest/test's real step loop. Both leave the ledger in the same state.
import { InngestTestEngine } from "@inngest/test";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { FLOW_RUN } from "@/server/jobs/events";
import { onSyncFlowFailed, syncFlow } from "@/server/jobs/sync-flow";
import type { TaskDefinition } from "../engine/task";
import { FLOWS } from "../flows";
import { scheduled } from "../scheduled";
import { TASKS } from "../tasks";
import { memoryTarget, testFlow } from "../testing/memory-flow";
import { dueFlows, requestSync } from "./due-flows";
import { startInProcessRunner } from "./in-process";
import { runCompanyFlow } from "./run-due";
import { syncableCompany } from "../testing/syncable-company";

const FLOW_ID = "things.runner-test";
const registered: string[] = [];

function register(source: Map<string, unknown>) {
  const target = memoryTarget();
  const flow = testFlow(source, target, FLOW_ID);
  FLOWS.push(flow);
  registered.push(flow.id);
  return target;
}

const registeredTasks: TaskDefinition[] = [];

afterEach(() => {
  for (const id of registered.splice(0))
    FLOWS.splice(
      FLOWS.findIndex((f) => f.id === id),
      1,
    );
  for (const task of registeredTasks.splice(0)) TASKS.splice(TASKS.indexOf(task), 1);
});

const source = () =>
  new Map<string, unknown>([
    ["A", { code: "A", name: "Alpha", qty: 1 }],
    ["B", { code: "B", name: "Beta", qty: -1 }],
    ["C", { code: "C", name: "Gamma", qty: 3 }],
  ]);

async function ledgerOf(companyId: string) {
  const rows = await db.syncRecord.findMany({
    where: { companyId, system: "KASHFLOW" },
    orderBy: { externalId: "asc" },
    select: { externalId: true, status: true, counterpartId: true },
  });
  return rows;
}

describe("runners", () => {
  it("the in-process runner runs due flows of syncable companies, once each, and 'Sync now' makes a flow due again", async () => {
    const ctx = await syncableCompany();
    const target = register(source());
    expect(await dueFlows()).toContainEqual({ companyId: ctx.companyId, flowId: FLOW_ID });
    const runner = startInProcessRunner({ everySeconds: 59, log: () => {} });
    await runner.tick();
    await runner.stop();
    expect(target.rows.size).toBe(2);
    expect(await ledgerOf(ctx.companyId)).toEqual([
      { externalId: "A", status: "SYNCED", counterpartId: "A" },
      { externalId: "B", status: "HELD", counterpartId: null },
      { externalId: "C", status: "SYNCED", counterpartId: "C" },
    ]);
    const state = await db.syncState.findUniqueOrThrow({
      where: { companyId_flow: { companyId: ctx.companyId, flow: FLOW_ID } },
    });
    expect(state).toMatchObject({ status: "IDLE", counts: expect.objectContaining({ SYNCED: 2, HELD: 1 }) });
    expect((await dueFlows()).some((d) => d.companyId === ctx.companyId)).toBe(false);
    await requestSync(ctx.companyId, [FLOW_ID]);
    expect(await dueFlows()).toContainEqual({ companyId: ctx.companyId, flowId: FLOW_ID });
  });

  it("the Inngest function runs the same stages as durable steps and ends in the same ledger", async () => {
    const ctx = await syncableCompany();
    const target = register(source());
    const t = new InngestTestEngine({ function: syncFlow });
    const { result, ctx: run } = await t.execute({
      events: [{ name: FLOW_RUN, data: { companyId: ctx.companyId, flowId: FLOW_ID, kashflowAccountKey: "acct" } }],
    });
    expect(result).toMatchObject({ ran: true, counts: expect.objectContaining({ inserted: 3, SYNCED: 2, HELD: 1 }) });
    expect(run.step.run).toHaveBeenCalledWith("detect", expect.any(Function));
    expect(run.step.run).toHaveBeenCalledWith("release-lease", expect.any(Function));
    expect(target.rows.size).toBe(2);
    expect(await ledgerOf(ctx.companyId)).toEqual([
      { externalId: "A", status: "SYNCED", counterpartId: "A" },
      { externalId: "B", status: "HELD", counterpartId: null },
      { externalId: "C", status: "SYNCED", counterpartId: "C" },
    ]);
    expect(
      await db.syncState.findUniqueOrThrow({ where: { companyId_flow: { companyId: ctx.companyId, flow: FLOW_ID } } }),
    ).toMatchObject({ status: "IDLE", leaseOwner: null });
  });

  it("an Inngest retry after a failed step resumes from the completed steps without doing them twice", async () => {
    const ctx = await syncableCompany();
    const target = register(source());
    const event = { name: FLOW_RUN, data: { companyId: ctx.companyId, flowId: FLOW_ID, kashflowAccountKey: "acct" } };
    // First attempt: the first load step dies (a deploy, a crash) after the lease and detection ran for real.
    const first = new InngestTestEngine({
      function: syncFlow,
      events: [event],
      steps: [
        {
          id: "load-0",
          handler: () => {
            throw new Error("worker lost");
          },
        },
      ],
    });
    const failed = await first.execute();
    expect(failed.error).toBeTruthy();
    const owner = (
      await db.syncState.findUniqueOrThrow({ where: { companyId_flow: { companyId: ctx.companyId, flow: FLOW_ID } } })
    ).leaseOwner;
    expect(owner).toBeTruthy();
    // The retry (a fresh engine, as Inngest replays memoized steps): acquire and detect come from memory.
    const retry = new InngestTestEngine({
      function: syncFlow,
      events: [event],
      steps: [
        { id: "acquire-lease", handler: () => owner },
        {
          id: "detect",
          handler: () => ({
            counts: {
              detected: 3,
              inserted: 3,
              changed: 0,
              unchanged: 0,
              echoes: 0,
              SYNCED: 0,
              HELD: 0,
              FAILED: 0,
              DEAD: 0,
              SKIPPED: 0,
              WAITING: 0,
            },
            handled: 0,
            live: true,
          }),
        },
      ],
    });
    const { result } = await retry.execute();
    expect(result).toMatchObject({ ran: true, counts: expect.objectContaining({ SYNCED: 2, HELD: 1 }) });
    expect(target.writes).toBe(2);
    expect(await db.syncRecord.count({ where: { companyId: ctx.companyId, system: "KASHFLOW" } })).toBe(3);
  });

  it("runCompanyFlow schedules the next run by the company's poll interval", async () => {
    const ctx = await syncableCompany();
    register(new Map());
    await db.syncSettings.create({ data: { companyId: ctx.companyId, settings: { pollMinutes: 30 } } });
    const before = Date.now();
    await runCompanyFlow(ctx.companyId, FLOW_ID);
    const state = await db.syncState.findUniqueOrThrow({
      where: { companyId_flow: { companyId: ctx.companyId, flow: FLOW_ID } },
    });
    expect(state.nextRunAt!.getTime() - before).toBeGreaterThanOrEqual(30 * 60_000 - 1000);
  });

  it("a task of its own is due after the company's flows, and runs by its id under both runners, as propagate only", async () => {
    const ctx = await syncableCompany();
    register(new Map());
    const ran: string[] = [];
    const task: TaskDefinition = {
      id: "things.task-test",
      label: "Things task",
      source: "KASHFLOW",
      target: "SAGE100",
      trigger: { every: "schedule" },
      run: async (run) => void ran.push(run.companyId),
    };
    TASKS.push(task);
    registeredTasks.push(task);
    // Listed and scheduled like a flow, after every flow; not a flow of the catalogue.
    expect(
      scheduled()
        .map((s) => s.id)
        .slice(-1),
    ).toEqual([task.id]);
    expect(FLOWS.some((f) => f.id === task.id)).toBe(false);
    const mine = (await dueFlows()).filter((d) => d.companyId === ctx.companyId).map((d) => d.flowId);
    expect(mine.indexOf(task.id)).toBe(mine.length - 1);
    expect(mine).toContain(FLOW_ID);

    expect(await runCompanyFlow(ctx.companyId, task.id)).toMatchObject({ ran: true });
    await db.syncState.update({
      where: { companyId_flow: { companyId: ctx.companyId, flow: task.id } },
      data: { nextRunAt: new Date() },
    });
    const t = new InngestTestEngine({ function: syncFlow });
    const { result, ctx: run } = await t.execute({
      events: [{ name: FLOW_RUN, data: { companyId: ctx.companyId, flowId: task.id, kashflowAccountKey: "acct" } }],
    });
    expect(result).toMatchObject({ ran: true });
    expect(run.step.run).toHaveBeenCalledWith("propagate", expect.any(Function));
    expect(run.step.run).not.toHaveBeenCalledWith("detect", expect.any(Function));
    expect(ran).toEqual([ctx.companyId, ctx.companyId]);
    expect(
      await db.syncState.findUniqueOrThrow({ where: { companyId_flow: { companyId: ctx.companyId, flow: task.id } } }),
    ).toMatchObject({ status: "IDLE", leaseOwner: null });
  });

  it("under Inngest, a run whose last stage failed ends at once (no retry replaying it), its lease still held for onFailure to end", async () => {
    const ctx = await syncableCompany();
    const flow = {
      ...testFlow(source(), memoryTarget(), FLOW_ID),
      propagate: async () => Promise.reject(new Error("Sage 100 did not post 1 batch(es)")),
    };
    FLOWS.push(flow);
    registered.push(flow.id);
    const t = new InngestTestEngine({ function: syncFlow });
    const { error, ctx: run } = await t.execute({
      events: [{ name: FLOW_RUN, data: { companyId: ctx.companyId, flowId: FLOW_ID, kashflowAccountKey: "acct" } }],
    });
    expect(error).toMatchObject({ name: "NonRetriableError", message: "Sage 100 did not post 1 batch(es)" });
    expect(run.step.run).not.toHaveBeenCalledWith("release-lease", expect.any(Function));
    // What Inngest's onFailure then does: the run ends failed, counted, and is announced.
    await onSyncFlowFailed(
      { companyId: ctx.companyId, flowId: FLOW_ID, kashflowAccountKey: "acct" },
      { message: "Sage 100 did not post 1 batch(es)" },
    );
    expect(
      await db.syncState.findUniqueOrThrow({ where: { companyId_flow: { companyId: ctx.companyId, flow: FLOW_ID } } }),
    ).toMatchObject({ status: "FAILED", leaseOwner: null, consecutiveFailures: 1 });
    expect(await ledgerOf(ctx.companyId)).toEqual([
      { externalId: "A", status: "SYNCED", counterpartId: "A" },
      { externalId: "B", status: "HELD", counterpartId: null },
      { externalId: "C", status: "SYNCED", counterpartId: "C" },
    ]);
  });
});
