// The sync dashboard on real Postgres, over a real engine run of an in-memory flow registered in FLOWS: last run
// and counts, next run, stage while running, totals, "Sync now", pause/resume (SyncState.paused is the switch).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { buildFlowContext } from "@/server/sync/engine/context";
import { acquireFlowLease, saveProgress } from "@/server/sync/engine/flow-lease";
import { runFlow } from "@/server/sync/engine/run-loop";
import { FLOWS } from "@/server/sync/flows";
import { dueFlows } from "@/server/sync/runner/due-flows";
import { loadSyncSettings, saveSyncSettings } from "@/server/sync/settings";
import { memoryTarget, testFlow } from "@/server/sync/testing/memory-flow";
import { callerFor, trpcCodeOf, trpcErrorOf } from "@/tests/factories";
import { syncTenant } from "./testing/fixtures";

const FLOW_ID = "things.ui-test";
const source = new Map<string, unknown>([
  ["A", { code: "A", name: "Alpha", qty: 1 }],
  ["B", { code: "B", name: "Beta", qty: 2 }],
  ["NEG", { code: "NEG", name: "Negative", qty: -1 }],
]);
const flow = testFlow(source, memoryTarget(), FLOW_ID);

beforeAll(() => {
  FLOWS.push(flow);
});
afterAll(() => {
  FLOWS.splice(FLOWS.indexOf(flow), 1);
});

describe("sync dashboard", () => {
  it("shows each flow's last run with its counts, the next run, and totals per model and status", async () => {
    const t = await syncTenant({ connected: true });
    const nextRunAt = new Date(Date.now() + 15 * 60_000);
    await runFlow(await buildFlowContext(t.company.id, FLOW_ID), flow, { nextRunAt });
    const overview = await callerFor(t.viewer).sync.overview({ companyId: t.company.id });
    const row = overview.flows.find((f) => f.id === FLOW_ID)!;
    expect(row).toMatchObject({ label: "Things", direction: "KashFlow → Sage 100", model: "item", paused: false });
    expect(row.run).toMatchObject({
      status: "IDLE",
      running: false,
      nextRunAt,
      lastError: null,
      counts: { inserted: 3, SYNCED: 2, HELD: 1 },
    });
    expect(row.run!.lastFinishedAt).toBeInstanceOf(Date);
    expect(row.run!.lastDurationMs).toBeGreaterThanOrEqual(0);
    // KashFlow rows (2 synced, 1 held) and the Sage 100 echoes of the two written.
    expect(overview.totals).toMatchObject({ SYNCED: 4, HELD: 1, FAILED: 0 });
    expect(overview.byModel).toEqual([{ model: "item", counts: expect.objectContaining({ SYNCED: 4, HELD: 1 }) }]);
    expect(overview.readiness).toMatchObject({ ready: true, problems: [] });
    expect(overview.company.timezone).toBe("Europe/London");
  });

  it("shows the stage of a run in progress, and a run whose lease ran out as interrupted", async () => {
    const t = await syncTenant({ connected: true });
    const owner = (await acquireFlowLease(t.company.id, FLOW_ID))!;
    await saveProgress(t.company.id, FLOW_ID, owner, { stage: "load", cursor: { batch: 3 } });
    let row = (await callerFor(t.owner).sync.overview({ companyId: t.company.id })).flows.find(
      (f) => f.id === FLOW_ID,
    )!;
    expect(row.run).toMatchObject({ status: "RUNNING", running: true, stage: "load", interrupted: false });
    await db.syncState.update({
      where: { companyId_flow: { companyId: t.company.id, flow: FLOW_ID } },
      data: { leaseUntil: new Date(Date.now() - 1000) },
    });
    row = (await callerFor(t.owner).sync.overview({ companyId: t.company.id })).flows.find((f) => f.id === FLOW_ID)!;
    expect(row.run).toMatchObject({ running: false, interrupted: true, stage: null });
  });

  it('"Sync now" asks the runner for every flow (or one), audited; the runner then finds them due', async () => {
    const t = await syncTenant({ connected: true });
    const c = t.company.id;
    await db.syncState.create({ data: { companyId: c, flow: FLOW_ID, nextRunAt: new Date(Date.now() + 3_600_000) } });
    expect(await dueFlows()).not.toContainEqual({ companyId: c, flowId: FLOW_ID });
    const result = await callerFor(t.accountant).sync.requestSync({ companyId: c });
    expect(result.requested).toContain(FLOW_ID);
    expect(
      (await db.syncState.findUniqueOrThrow({ where: { companyId_flow: { companyId: c, flow: FLOW_ID } } }))
        .requestedAt,
    ).toBeInstanceOf(Date);
    expect(await dueFlows()).toContainEqual({ companyId: c, flowId: FLOW_ID });
    expect(await callerFor(t.owner).sync.requestSync({ companyId: c, flow: FLOW_ID })).toEqual({
      requested: [FLOW_ID],
    });
    const audits = await db.auditLog.findMany({
      where: { companyId: c, action: "sync.requested" },
      orderBy: { createdAt: "asc" },
    });
    expect(audits.map((a) => a.actorUserId)).toEqual([t.accountant.id, t.owner.id]);
    expect(audits[1]!.details).toMatchObject({ flow: FLOW_ID, flows: ["Things"] });
  });

  it('refuses "Sync now" in plain words when the company cannot sync, for an unknown flow, and for a viewer', async () => {
    const t = await syncTenant();
    const error = await trpcErrorOf(callerFor(t.owner).sync.requestSync({ companyId: t.company.id }));
    expect(error.code).toBe("PRECONDITION_FAILED");
    expect(error.message).toBe(
      "Cannot sync yet: KashFlow is not connected yet. No Sage 100 agent is paired yet. Syncing has not started: finish the set-up checklist on the company page and press Start syncing.",
    );
    // Both systems connected is not enough: until a person starts syncing, nothing runs and Sync now says why.
    const settingUp = await syncTenant({ connected: true, live: false });
    const notLive = await trpcErrorOf(callerFor(settingUp.owner).sync.requestSync({ companyId: settingUp.company.id }));
    expect(notLive.message).toBe(
      "Cannot sync yet: Syncing has not started: finish the set-up checklist on the company page and press Start syncing.",
    );
    expect((await dueFlows()).some((d) => d.companyId === settingUp.company.id)).toBe(false);
    const ready = await syncTenant({ connected: true });
    expect(
      await trpcCodeOf(callerFor(ready.owner).sync.requestSync({ companyId: ready.company.id, flow: "no.such.flow" })),
    ).toBe("NOT_FOUND");
    expect(await trpcCodeOf(callerFor(ready.viewer).sync.requestSync({ companyId: ready.company.id }))).toBe(
      "FORBIDDEN",
    );
    expect(await db.syncState.count({ where: { companyId: { in: [t.company.id, ready.company.id] } } })).toBe(0);
    expect((await callerFor(t.owner).sync.overview({ companyId: t.company.id })).readiness).toMatchObject({
      ready: false,
      kashflow: false,
      sage100: false,
    });
  });

  it('pauses and resumes a flow: the runner skips it, "Sync now" leaves it out, the lease refuses it; audited', async () => {
    const t = await syncTenant({ connected: true });
    const c = t.company.id;
    expect(await callerFor(t.accountant).sync.setFlowPaused({ companyId: c, flow: FLOW_ID, paused: true })).toEqual({
      flow: FLOW_ID,
      paused: true,
    });
    expect(
      (await callerFor(t.viewer).sync.overview({ companyId: c })).flows.find((f) => f.id === FLOW_ID)!.paused,
    ).toBe(true);
    expect(await dueFlows()).not.toContainEqual({ companyId: c, flowId: FLOW_ID });
    expect(await acquireFlowLease(c, FLOW_ID)).toBeNull();
    const refused = await trpcErrorOf(callerFor(t.owner).sync.requestSync({ companyId: c, flow: FLOW_ID }));
    expect(refused.message).toBe("Things is paused. Resume it first.");

    await callerFor(t.owner).sync.setFlowPaused({ companyId: c, flow: FLOW_ID, paused: false });
    expect(await dueFlows()).toContainEqual({ companyId: c, flowId: FLOW_ID });
    expect(
      (await db.auditLog.findMany({ where: { companyId: c }, orderBy: { createdAt: "asc" } })).map((a) => a.action),
    ).toEqual(["sync.flow_paused", "sync.flow_resumed"]);
    expect(
      await trpcCodeOf(callerFor(t.viewer).sync.setFlowPaused({ companyId: c, flow: FLOW_ID, paused: true })),
    ).toBe("FORBIDDEN");
  });

  it("a flow paused through settings.pausedFlows shows as paused, and resuming clears it there too", async () => {
    const t = await syncTenant({ connected: true });
    const c = t.company.id;
    await saveSyncSettings(c, { ...(await loadSyncSettings(c)), pausedFlows: [FLOW_ID] });
    expect((await callerFor(t.owner).sync.overview({ companyId: c })).flows.find((f) => f.id === FLOW_ID)!.paused).toBe(
      true,
    );
    await callerFor(t.owner).sync.setFlowPaused({ companyId: c, flow: FLOW_ID, paused: false });
    expect((await loadSyncSettings(c)).pausedFlows).toEqual([]);
    expect(await dueFlows()).toContainEqual({ companyId: c, flowId: FLOW_ID });
  });
});
