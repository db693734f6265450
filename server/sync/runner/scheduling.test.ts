// Scheduling many tenants: the in-process runner serves companies in turn under a per-company cap; a run whose
// KashFlow budget is spent parks (not a failure) under both runners; each flow runs at its own interval.
import { InngestTestEngine } from "@inngest/test";
import { afterEach, describe, expect, it, type Mock } from "vitest";
import { AppError } from "@/lib/errors";
import { db } from "@/server/db";
import { FLOW_RUN } from "@/server/jobs/events";
import { syncFlow } from "@/server/jobs/sync-flow";
import type { DetectSummary, FlowDefinition } from "../engine/flow";
import { FLOWS } from "../flows";
import { scheduled } from "../scheduled";
import { flowIntervalMs, parseSyncSettings } from "../settings";
import { memoryTarget, testFlow } from "../testing/memory-flow";
import { startInProcessRunner } from "./in-process";
import { runCompanyFlow } from "./run-due";
import { syncableCompany } from "../testing/syncable-company";

const REAL_FLOWS = scheduled().map((f) => f.id);
const registered: string[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const nothing: DetectSummary = { inserted: 0, changed: 0, unchanged: 0, echoes: 0, complete: true };

function register<C, P>(flow: FlowDefinition<C, P>): FlowDefinition<C, P> {
  FLOWS.push(flow as unknown as FlowDefinition);
  registered.push(flow.id);
  return flow;
}

afterEach(() => {
  for (const id of registered.splice(0))
    FLOWS.splice(
      FLOWS.findIndex((f) => f.id === id),
      1,
    );
});

const budgetSpent = (retryAfterMs: number) =>
  new AppError("RATE_LIMITED", "This KashFlow account's request budget is spent for now.", {
    retryClass: "RATE_LIMITED",
    reason: "BudgetSpent",
    retryAfterMs,
  });

const stateOf = (companyId: string, flow: string) =>
  db.syncState.findUniqueOrThrow({ where: { companyId_flow: { companyId, flow } } });

async function until(check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  for (const end = Date.now() + ms; !(await check()); await sleep(25))
    if (Date.now() > end) throw new Error("timed out");
}

describe("many tenants on the in-process runner", () => {
  it("serves two companies in turn, never more than the cap of one company's flows at once, each company's flows in catalogue order", async () => {
    const [a, b] = [await syncableCompany({ onlyTestFlows: true }), await syncableCompany({ onlyTestFlows: true })];
    const log: { companyId: string; flowId: string; at: "start" | "end" }[] = [];
    const running = new Map<string, number>();
    let maxPerCompany = 0;
    const ids = Array.from({ length: 6 }, (_, i) => `fair.step-${i}`);
    for (const id of ids) {
      register({
        ...testFlow(new Map(), memoryTarget(), id),
        async detect(ctx) {
          log.push({ companyId: ctx.companyId, flowId: id, at: "start" });
          running.set(ctx.companyId, (running.get(ctx.companyId) ?? 0) + 1);
          maxPerCompany = Math.max(maxPerCompany, running.get(ctx.companyId)!);
          await sleep(150);
          running.set(ctx.companyId, running.get(ctx.companyId)! - 1);
          log.push({ companyId: ctx.companyId, flowId: id, at: "end" });
          return nothing;
        },
      });
    }
    const runner = startInProcessRunner({
      everySeconds: 0,
      concurrency: 3,
      perCompany: 2,
      companyIds: [a.companyId, b.companyId],
      log: () => {},
    });
    try {
      await runner.tick();
      await until(() => log.filter((l) => l.at === "end").length === 12);
    } finally {
      await runner.stop();
    }
    expect(maxPerCompany).toBe(2);
    const starts = (c: string) => log.filter((l) => l.at === "start" && l.companyId === c);
    for (const c of [a.companyId, b.companyId]) expect(starts(c).map((l) => l.flowId)).toEqual(ids);
    // Both progress together: each company's first run starts before the other's third.
    const startIndex = (c: string, n: number) => log.indexOf(starts(c)[n]!);
    expect(startIndex(a.companyId, 0)).toBeLessThan(startIndex(b.companyId, 2));
    expect(startIndex(b.companyId, 0)).toBeLessThan(startIndex(a.companyId, 2));
    // And each ran every flow once: the next runs are a poll interval away.
    for (const id of ids)
      expect((await stateOf(a.companyId, id)).nextRunAt!.getTime()).toBeGreaterThan(Date.now() + 10 * 60_000);
  });
});

describe("a run whose KashFlow budget is spent parks", () => {
  it("ends without failing: lease freed, due again when the budget returns, no failure counted, no alert; the slot serves another company", async () => {
    const [spent, other] = [
      await syncableCompany({ onlyTestFlows: true }),
      await syncableCompany({ onlyTestFlows: true }),
    ];
    const ran: string[] = [];
    register({
      ...testFlow(new Map(), memoryTarget(), "park.detect"),
      async detect(ctx) {
        ran.push(ctx.companyId);
        if (ctx.companyId === spent.companyId) throw budgetSpent(20_000);
        return nothing;
      },
    });
    // One slot: the parked run must give it up for the other company within the same tick.
    const runner = startInProcessRunner({
      everySeconds: 0,
      concurrency: 1,
      perCompany: 1,
      companyIds: [spent.companyId, other.companyId],
      log: () => {},
    });
    const before = Date.now();
    try {
      await runner.tick();
      await until(
        async () =>
          (await db.syncState.count({
            where: {
              companyId: { in: [spent.companyId, other.companyId] },
              flow: "park.detect",
              runFinishedAt: { not: null },
            },
          })) === 2,
      );
      await sleep(300);
    } finally {
      await runner.stop();
    }
    expect(ran.filter((c) => c === spent.companyId)).toHaveLength(1);
    expect(ran).toContain(other.companyId);
    const state = await stateOf(spent.companyId, "park.detect");
    expect(state).toMatchObject({
      status: "IDLE",
      leaseOwner: null,
      leaseUntil: null,
      lastError: null,
      consecutiveFailures: 0,
    });
    expect(state.nextRunAt!.getTime()).toBeGreaterThanOrEqual(before + 20_000);
    expect(state.nextRunAt!.getTime()).toBeLessThan(Date.now() + 21_000);
    expect(await db.alert.count({ where: { companyId: spent.companyId } })).toBe(0);
    expect(await db.auditLog.count({ where: { companyId: spent.companyId, action: "sync.flow_failed" } })).toBe(0);
  });

  it("mid-load: the records not yet written stay pending with no attempt counted, the ones written stay synced", async () => {
    const ctx = await syncableCompany({ onlyTestFlows: true });
    const source = new Map<string, unknown>([
      ["A", { code: "A", name: "Alpha", qty: 1 }],
      ["B", { code: "B", name: "Beta", qty: 2 }],
      ["C", { code: "C", name: "Gamma", qty: 3 }],
    ]);
    const target = memoryTarget();
    const base = testFlow(source, target, "park.load");
    register({
      ...base,
      async load(c, plan, meta) {
        if (plan.code === "B") throw budgetSpent(5_000);
        return base.load(c, plan, meta);
      },
    });
    const result = await runCompanyFlow(ctx.companyId, "park.load");
    expect(result.error).toBeUndefined();
    expect(result.parkedUntil).toBeTruthy();
    const rows = await db.syncRecord.findMany({
      where: { companyId: ctx.companyId, system: "KASHFLOW" },
      orderBy: { externalId: "asc" },
      select: { externalId: true, status: true, attempts: true },
    });
    expect(rows).toEqual([
      { externalId: "A", status: "SYNCED", attempts: 1 },
      { externalId: "B", status: "PENDING", attempts: 0 },
      { externalId: "C", status: "PENDING", attempts: 0 },
    ]);
    expect(await db.syncAttempt.count({ where: { companyId: ctx.companyId, outcome: { not: "SYNCED" } } })).toBe(0);
    expect(await stateOf(ctx.companyId, "park.load")).toMatchObject({
      status: "IDLE",
      leaseOwner: null,
      consecutiveFailures: 0,
    });
  });

  it("under Inngest: the step returns instead of throwing and the function ends, parked, with no retry", async () => {
    const ctx = await syncableCompany({ onlyTestFlows: true });
    register({
      ...testFlow(new Map(), memoryTarget(), "park.inngest"),
      async detect() {
        throw budgetSpent(30_000);
      },
    });
    const t = new InngestTestEngine({ function: syncFlow });
    const {
      result,
      error,
      ctx: run,
    } = await t.execute({
      events: [
        { name: FLOW_RUN, data: { companyId: ctx.companyId, flowId: "park.inngest", kashflowAccountKey: "acct" } },
      ],
    });
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ ran: true, parkedUntil: expect.any(String) });
    expect(run.step.run).not.toHaveBeenCalledWith("load-0", expect.any(Function));
    expect(run.step.run).not.toHaveBeenCalledWith("release-lease", expect.any(Function));
    const state = await stateOf(ctx.companyId, "park.inngest");
    expect(state).toMatchObject({ status: "IDLE", leaseOwner: null, lastError: null, consecutiveFailures: 0 });
    expect(state.nextRunAt!.getTime()).toBeGreaterThan(Date.now() + 25_000);
  });
});

describe("each flow at its own interval", () => {
  it("the audit-report flow every 10 s, sweeps every pollMinutes, and a company's own interval for one flow wins", async () => {
    const defaults = parseSyncSettings({});
    expect(flowIntervalMs(defaults, "sales_invoices.kashflow_to_sage100")).toBe(10_000);
    expect(flowIntervalMs(defaults, "customers.kashflow_to_sage100")).toBe(15 * 60_000);
    const own = parseSyncSettings({
      pollMinutes: 60,
      schedule: { changesSeconds: 20, flows: { "customers.kashflow_to_sage100": 120 } },
    });
    expect(flowIntervalMs(own, "sales_invoices.kashflow_to_sage100")).toBe(20_000);
    expect(flowIntervalMs(own, "customers.kashflow_to_sage100")).toBe(120_000);
    expect(flowIntervalMs(own, "suppliers.kashflow_to_sage100")).toBe(60 * 60_000);
    expect(() => parseSyncSettings({ schedule: { changesSeconds: 1 } })).toThrow();

    const ctx = await syncableCompany({ onlyTestFlows: true });
    register(testFlow(new Map(), memoryTarget(), "interval.own"));
    register(testFlow(new Map(), memoryTarget(), "interval.sweep"));
    await db.syncSettings.update({
      where: { companyId: ctx.companyId },
      data: { settings: { pausedFlows: REAL_FLOWS, pollMinutes: 20, schedule: { flows: { "interval.own": 45 } } } },
    });
    const before = Date.now();
    await runCompanyFlow(ctx.companyId, "interval.own");
    await runCompanyFlow(ctx.companyId, "interval.sweep");
    const ownNext = (await stateOf(ctx.companyId, "interval.own")).nextRunAt!.getTime();
    expect(ownNext).toBeGreaterThanOrEqual(before + 45_000);
    expect(ownNext).toBeLessThan(Date.now() + 46_000);
    expect((await stateOf(ctx.companyId, "interval.sweep")).nextRunAt!.getTime()).toBeGreaterThanOrEqual(
      before + 20 * 60_000,
    );
  });
});

describe("the Inngest cron", () => {
  it("sends the flows due now, and those falling due within the minute timed for then, so a 30-second interval holds", async () => {
    const { syncCron } = await import("@/server/jobs/sync-cron");
    const ctx = await syncableCompany({ onlyTestFlows: true });
    register(testFlow(new Map(), memoryTarget(), "cron.due"));
    register(testFlow(new Map(), memoryTarget(), "cron.soon"));
    register(testFlow(new Map(), memoryTarget(), "cron.later"));
    const soon = new Date(Date.now() + 20_000);
    await db.syncState.create({ data: { companyId: ctx.companyId, flow: "cron.soon", nextRunAt: soon } });
    await db.syncState.create({
      data: { companyId: ctx.companyId, flow: "cron.later", nextRunAt: new Date(Date.now() + 10 * 60_000) },
    });
    const t = new InngestTestEngine({ function: syncCron, steps: [{ id: "fan-out", handler: () => ({ ids: [] }) }] });
    const { ctx: run } = await t.execute();
    type Sent = { name: string; data: { companyId: string; flowId: string }; ts?: number; id?: string };
    const [, events] = (run.step.sendEvent as unknown as Mock<(id: string, events: Sent[]) => unknown>).mock.calls[0]!;
    const mine = events.filter((e) => e.data.companyId === ctx.companyId);
    expect(mine.map((e) => ({ flowId: e.data.flowId, ts: e.ts }))).toEqual([
      { flowId: "cron.due", ts: undefined },
      { flowId: "cron.soon", ts: soon.getTime() },
    ]);
    expect(mine[1]!.id).toBe(`flow-run:${ctx.companyId}:cron.soon:${soon.getTime()}`);
  });
});
