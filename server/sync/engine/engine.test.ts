// The engine on real Postgres with a flow whose source and target are in memory: ledger transitions, echoes,
// holds, retries, dead letters, deletion grace, crash safety and one run at a time.
import { afterEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { db } from "@/server/db";
import { observeRecords } from "../ledger/observe";
import { LOOP_RUNNERS } from "../testing/loop-runners";
import { context, memoryTarget, testFlow } from "../testing/memory-flow";
import { buildFlowContext } from "./context";
import { acquireFlowLease } from "./flow-lease";
import { MIN_RUN_GAP_MS } from "./next-run";
import { BATCH_SIZE } from "./run-flow";
import type { TaskDefinition } from "./task";
import { TASKS } from "../tasks";

const later = () => ({ nextRunAt: new Date(Date.now() + 60_000) });
const stateOf = (companyId: string, flow: string) =>
  db.syncState.findUniqueOrThrow({ where: { companyId_flow: { companyId, flow } } });

const registered: TaskDefinition[] = [];
function registerTask(task: TaskDefinition): TaskDefinition {
  TASKS.push(task);
  registered.push(task);
  return task;
}
afterEach(() => {
  for (const task of registered.splice(0)) TASKS.splice(TASKS.indexOf(task), 1);
});
const recordOf = (companyId: string, externalId: string) =>
  db.syncRecord.findUniqueOrThrow({
    where: { companyId_system_model_externalId: { companyId, system: "KASHFLOW", model: "item", externalId } },
  });

// The same loop, stage for stage, under both runners' step: called directly and as Inngest steps.
describe.each(LOOP_RUNNERS)("sync engine ($name runner)", ({ runFlow, runTask }) => {
  it("a company in set-up is read (detect) but nothing is loaded or propagated, however the run was started", async () => {
    const ctx = await context();
    await db.company.update({ where: { id: ctx.companyId }, data: { status: "SETTING_UP", wentLiveAt: null } });
    const source = new Map<string, unknown>([["A", { code: "A", name: "Alpha", qty: 1 }]]);
    const target = memoryTarget();
    let propagated = 0;
    const flow = { ...testFlow(source, target), propagate: async () => void propagated++ };
    // The context of a company in set-up is read-only, even when built for a live run.
    const built = await buildFlowContext(ctx.companyId, flow.id);
    expect(built.mode).toBe("preview");
    const run = await runFlow(built, flow, later());
    expect(run.counts).toMatchObject({ inserted: 1, SYNCED: 0, HELD: 0 });
    expect([target.writes, propagated]).toEqual([0, 0]);
    expect(await recordOf(ctx.companyId, "A")).toMatchObject({ status: "PENDING", attempts: 0 });
    // Once a person starts syncing, the same record is carried.
    await db.company.update({ where: { id: ctx.companyId }, data: { status: "LIVE", wentLiveAt: new Date() } });
    expect((await runFlow(await buildFlowContext(ctx.companyId, flow.id), flow, later())).counts).toMatchObject({
      SYNCED: 1,
    });
    expect([target.writes, propagated]).toEqual([1, 1]);
  });

  it("carries new records across once, and never re-sends unchanged ones", async () => {
    const ctx = await context();
    const source = new Map<string, unknown>([
      ["A", { code: "A", name: "Alpha", qty: 1 }],
      ["B", { code: "B", name: "Beta", qty: 2 }],
    ]);
    const target = memoryTarget();
    const flow = testFlow(source, target);
    const first = await runFlow(ctx, flow, later());
    expect(first.counts).toMatchObject({ inserted: 2, SYNCED: 2 });
    expect(target.rows.get("A")).toEqual({ code: "A", name: "Alpha", qty: 1 });
    const second = await runFlow(ctx, flow, later());
    expect(second.counts).toMatchObject({ unchanged: 2, SYNCED: 0 });
    expect(target.writes).toBe(2);
    source.set("A", { code: "A", name: "Alpha", qty: 5 });
    expect((await runFlow(ctx, flow, later())).counts).toMatchObject({ changed: 1, unchanged: 1, SYNCED: 1 });
    expect(target.rows.get("A")?.qty).toBe(5);
    expect(await db.entityLink.count({ where: { companyId: ctx.companyId } })).toBe(2);
    // The target's copy is in the ledger as our own echo: seeing it come back is not a change there.
    const echo = await db.syncRecord.findUniqueOrThrow({
      where: {
        companyId_system_model_externalId: {
          companyId: ctx.companyId,
          system: "SAGE100",
          model: "item",
          externalId: "A",
        },
      },
    });
    const seenBack = await observeRecords({
      companyId: ctx.companyId,
      system: "SAGE100",
      model: "item",
      records: [{ externalId: "A", payload: { code: "A", name: "Alpha", qty: 5 } }],
    });
    expect(echo.status).toBe("SYNCED");
    expect(seenBack).toMatchObject({ echoes: 1, changed: 0, inserted: 0 });
  });

  it("holds invalid records with the field and reason, keeps warnings, and releases them when fixed", async () => {
    const ctx = await context();
    const source = new Map<string, unknown>([
      ["NONAME", { code: "NONAME", name: "", qty: 1 }],
      ["NEG", { code: "NEG", name: "Negative", qty: -3 }],
      ["LONG", { code: "LONG", name: "A very long product name", qty: 1 }],
    ]);
    const flow = testFlow(source, memoryTarget());
    expect((await runFlow(ctx, flow, later())).counts).toMatchObject({ HELD: 2, SYNCED: 1 });
    expect(await recordOf(ctx.companyId, "NONAME")).toMatchObject({
      status: "HELD",
      errorField: "name",
      errorCode: "INVALID_RECORD",
    });
    expect(await recordOf(ctx.companyId, "NEG")).toMatchObject({
      status: "HELD",
      errorField: "qty",
      errorMessage: "Quantity -3 is negative; fix it in KashFlow.",
    });
    expect((await recordOf(ctx.companyId, "LONG")).warnings).toEqual([
      { field: "name", message: "shortened to 10 characters" },
    ]);
    // A held record is not retried by itself...
    expect((await runFlow(ctx, flow, later())).counts.HELD).toBe(0);
    // ...but a fix at the source releases it.
    source.set("NEG", { code: "NEG", name: "Negative", qty: 3 });
    expect((await runFlow(ctx, flow, later())).counts).toMatchObject({ changed: 1, SYNCED: 1 });
  });

  it("a failed record's backoff brings the flow's next run forward; nothing failed leaves it at the poll interval", async () => {
    const ctx = await context();
    const source = new Map<string, unknown>([["T", { code: "T", name: "Transient", qty: 1 }]]);
    const target = memoryTarget();
    target.failNext.push("transient");
    const flow = testFlow(source, target);
    const nextRun = async () =>
      (
        await db.syncState.findUniqueOrThrow({ where: { companyId_flow: { companyId: ctx.companyId, flow: flow.id } } })
      ).nextRunAt!.getTime();
    await runFlow(ctx, flow);
    const failed = await recordOf(ctx.companyId, "T");
    expect(failed.status).toBe("FAILED");
    // Due when the backoff ends (or a few seconds after the run, for a very short one), not a poll interval later.
    expect(await nextRun()).toBeGreaterThanOrEqual(failed.nextAttemptAt!.getTime());
    expect(await nextRun()).toBeLessThanOrEqual(Math.max(failed.nextAttemptAt!.getTime(), Date.now() + MIN_RUN_GAP_MS));
    await db.syncRecord.update({ where: { id: failed.id }, data: { nextAttemptAt: new Date(Date.now() - 1) } });
    await runFlow(ctx, flow);
    expect((await recordOf(ctx.companyId, "T")).status).toBe("SYNCED");
    expect(await nextRun()).toBeGreaterThan(Date.now() + ctx.settings.pollMinutes * 60_000 - 60_000);
  });

  it("retries transient failures with backoff, dead-letters bugs, and keeps every attempt", async () => {
    const ctx = await context();
    const source = new Map<string, unknown>([
      ["T", { code: "T", name: "Transient", qty: 1 }],
      ["X", { code: "X", name: "Bug", qty: 1 }],
    ]);
    const target = memoryTarget();
    target.failNext.push("transient", "bug");
    const flow = testFlow(source, target);
    expect((await runFlow(ctx, flow, later())).counts).toMatchObject({ FAILED: 1, DEAD: 1 });
    const failed = await recordOf(ctx.companyId, "T");
    expect(failed).toMatchObject({ status: "FAILED", retryClass: "TRANSIENT", attempts: 1 });
    expect(failed.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now());
    expect(await recordOf(ctx.companyId, "X")).toMatchObject({ status: "DEAD", retryClass: "BUG" });
    // Backoff over: the next run carries it.
    await db.syncRecord.update({ where: { id: failed.id }, data: { nextAttemptAt: new Date(Date.now() - 1) } });
    expect((await runFlow(ctx, flow, later())).counts).toMatchObject({ SYNCED: 1 });
    const timeline = await db.syncAttempt.findMany({ where: { recordId: failed.id }, orderBy: { startedAt: "asc" } });
    expect(timeline.map((a) => a.outcome)).toEqual(["FAILED", "SYNCED"]);
    expect(timeline[0]).toMatchObject({ errorMessage: "Target timed out.", retryClass: "TRANSIENT" });
  });

  it("a crash between the target write and the ledger commit is re-run without a duplicate", async () => {
    const ctx = await context();
    const source = new Map<string, unknown>([["C", { code: "C", name: "Crash", qty: 1 }]]);
    const target = memoryTarget();
    target.failNext.push("crash-after-write");
    const flow = testFlow(source, target);
    await runFlow(ctx, flow, later());
    expect(target.rows.size).toBe(1);
    await db.syncRecord.updateMany({
      where: { companyId: ctx.companyId },
      data: { nextAttemptAt: new Date(Date.now() - 1) },
    });
    await runFlow(ctx, flow, later());
    expect(target.rows.size).toBe(1);
    expect(target.writes).toBe(1);
    expect(await recordOf(ctx.companyId, "C")).toMatchObject({ status: "SYNCED" });
  });

  it("counts a record deleted only after it is missing from two complete sweeps", async () => {
    const ctx = await context();
    const source = new Map<string, unknown>([["G", { code: "G", name: "Gone", qty: 1 }]]);
    const flow = testFlow(source, memoryTarget());
    await runFlow(ctx, flow, later());
    source.delete("G");
    await runFlow(ctx, flow, later());
    expect(await recordOf(ctx.companyId, "G")).toMatchObject({ deletedAt: null, missingSweeps: 1 });
    const run = await runFlow(ctx, flow, later());
    expect(run.counts.SKIPPED).toBe(1);
    expect((await recordOf(ctx.companyId, "G")).deletedAt).not.toBeNull();
  });

  it("a flow with loadBatch writes a batch's plans together; one refused is held alone, the others are synced", async () => {
    const ctx = await context();
    const source = new Map<string, unknown>([
      ["A", { code: "A", name: "Alpha", qty: 1 }],
      ["B", { code: "B", name: "Beta", qty: 2 }],
      ["C", { code: "C", name: "Gamma", qty: 3 }],
      ["N", { code: "N", name: "Negative", qty: -1 }],
    ]);
    const target = memoryTarget();
    const calls: string[][] = [];
    const base = testFlow(source, target);
    const flow: typeof base = {
      ...base,
      async loadBatch(_run, items) {
        calls.push(items.map((i) => i.plan.code));
        return Promise.all(
          items.map(async ({ plan, meta }) =>
            plan.code === "B"
              ? {
                  status: "rejected" as const,
                  reason: new AppError("UPSTREAM", "Customer on credit hold.", {
                    retryClass: "NEEDS_USER",
                    reason: "CREDIT_HOLD",
                  }),
                }
              : { status: "fulfilled" as const, value: await base.load(_run, plan, meta) },
          ),
        );
      },
    };
    expect((await runFlow(ctx, flow, later())).counts).toMatchObject({ SYNCED: 2, HELD: 2 });
    // One write for the batch, with the plans that passed the rules (N was held by them before the load).
    expect(calls.map((c) => [...c].sort())).toEqual([["A", "B", "C"]]);
    expect(await recordOf(ctx.companyId, "B")).toMatchObject({
      status: "HELD",
      heldBy: "TARGET",
      errorCode: "CREDIT_HOLD",
    });
    expect(await recordOf(ctx.companyId, "N")).toMatchObject({ status: "HELD", heldBy: "RULES" });
    expect([...target.rows.keys()].sort()).toEqual(["A", "C"]);
  });

  it("runs one flow of a company at a time", async () => {
    const ctx = await context();
    const held = await acquireFlowLease(ctx.companyId, "things.test");
    expect(held).toBeTruthy();
    expect(await runFlow(ctx, testFlow(new Map(), memoryTarget()), later())).toMatchObject({ ran: false });
  });

  it("a run that reaches the batch cap says so, keeps what it carried and is due again at once; the next run goes on", async () => {
    const ctx = await context();
    const source = new Map<string, unknown>(
      Array.from({ length: BATCH_SIZE + 5 }, (_, i) => [`K${i}`, { code: `K${i}`, name: `Thing ${i}`, qty: 1 }]),
    );
    const target = memoryTarget();
    const flow = testFlow(source, target);
    const first = await runFlow(ctx, flow, { maxBatches: 1 });
    expect(first).toMatchObject({
      ran: true,
      capped: true,
      counts: expect.objectContaining({ inserted: BATCH_SIZE + 5, SYNCED: BATCH_SIZE }),
    });
    expect(first.error).toBeUndefined();
    const state = await stateOf(ctx.companyId, flow.id);
    expect(state).toMatchObject({ status: "IDLE", leaseOwner: null, lastError: null });
    expect(state.nextRunAt!.getTime()).toBeLessThanOrEqual(Date.now());
    expect(
      await db.syncRecord.count({ where: { companyId: ctx.companyId, system: "KASHFLOW", status: "PENDING" } }),
    ).toBe(5);
    // The next run empties the due set within its one batch: it did not stop short, so it does not say it did.
    const second = await runFlow(ctx, flow, { maxBatches: 1 });
    expect(second.capped).toBeUndefined();
    expect(second.counts).toMatchObject({ SYNCED: 5 });
    expect(target.writes).toBe(BATCH_SIZE + 5);
    expect((await stateOf(ctx.companyId, flow.id)).nextRunAt!.getTime()).toBeGreaterThan(Date.now() + 10 * 60_000);
  });

  it("a task that ends a flow's run runs after its propagate, only in that flow's run, and not for a company in set-up", async () => {
    const ctx = await context();
    const order: string[] = [];
    const flow = {
      ...testFlow(new Map([["A", { code: "A", name: "Alpha", qty: 1 }]]), memoryTarget(), "things.with-task"),
      propagate: async () => void order.push("propagate"),
    };
    registerTask({
      id: "things.after",
      label: "After things",
      source: "KASHFLOW",
      target: "SAGE100",
      trigger: { after: [flow.id] },
      run: async (run) => void order.push(`task ${run.companyId}`),
    });
    expect(await runFlow(ctx, flow, later())).toMatchObject({
      ran: true,
      counts: expect.objectContaining({ SYNCED: 1 }),
    });
    expect(order).toEqual(["propagate", `task ${ctx.companyId}`]);
    // Another flow's run does not run it; a company in set-up runs neither propagate nor the task.
    await runFlow(ctx, testFlow(new Map(), memoryTarget(), "things.other"), later());
    await db.company.update({ where: { id: ctx.companyId }, data: { status: "SETTING_UP", wentLiveAt: null } });
    await runFlow(await buildFlowContext(ctx.companyId, flow.id), flow, later());
    expect(order).toHaveLength(2);
  });

  it("a task of its own runs under its own lease and is due again at its interval; a failing one fails its run", async () => {
    const ctx = await context();
    let ran = 0;
    let broken = false;
    const task = registerTask({
      id: "things.own-task",
      label: "Own task",
      source: "KASHFLOW",
      target: "SAGE100",
      trigger: { every: "schedule" },
      run: async () => {
        if (broken) throw new Error("Sage 100 did not answer");
        ran++;
      },
    });
    const before = Date.now();
    expect(await runTask(ctx, task)).toMatchObject({ ran: true });
    expect(ran).toBe(1);
    const state = await stateOf(ctx.companyId, task.id);
    expect(state).toMatchObject({ status: "IDLE", leaseOwner: null });
    expect(state.nextRunAt!.getTime()).toBeGreaterThanOrEqual(before + ctx.settings.pollMinutes * 60_000);
    broken = true;
    expect((await runTask(ctx, task)).error).toBe("Sage 100 did not answer");
    expect(await stateOf(ctx.companyId, task.id)).toMatchObject({
      status: "FAILED",
      consecutiveFailures: 1,
      leaseOwner: null,
    });
    // Held lease: a second run of the same task waits.
    await acquireFlowLease(ctx.companyId, task.id);
    expect(await runTask(ctx, task)).toMatchObject({ ran: false });
  });

  it("a failing propagate does not keep the tasks after it from running; the run then fails with its error", async () => {
    const ctx = await context();
    const order: string[] = [];
    const flow = {
      ...testFlow(new Map(), memoryTarget(), "things.failing-propagate"),
      propagate: async () => {
        order.push("propagate");
        throw new Error("Sage 100 did not post 1 batch(es)");
      },
    };
    registerTask({
      id: "things.journals",
      label: "Journals",
      source: "KASHFLOW",
      target: "SAGE100",
      trigger: { after: [flow.id] },
      run: async () => void order.push("task"),
    });
    expect((await runFlow(ctx, flow, later())).error).toBe("Sage 100 did not post 1 batch(es)");
    expect(order).toEqual(["propagate", "task"]);
    expect(await stateOf(ctx.companyId, flow.id)).toMatchObject({
      status: "FAILED",
      consecutiveFailures: 1,
      leaseOwner: null,
      lastError: "Sage 100 did not post 1 batch(es)",
    });
  });
});
