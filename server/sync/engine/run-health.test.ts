// What a run leaves for the health model and the alerts: who held a record (our rules, or the target refusing the
// write), runs failing in a row, and the company's alerts reconciled when the run ends.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { LOOP_RUNNERS } from "../testing/loop-runners";
import { context, memoryTarget, testFlow } from "../testing/memory-flow";

const later = () => ({ nextRunAt: new Date(Date.now() + 60_000) });
const recordOf = (companyId: string, externalId: string) =>
  db.syncRecord.findUniqueOrThrow({
    where: { companyId_system_model_externalId: { companyId, system: "KASHFLOW", model: "item", externalId } },
  });

// The same loop, stage for stage, under both runners' step: called directly and as Inngest steps.
describe.each(LOOP_RUNNERS)("a run and the health model ($name runner)", ({ runFlow }) => {
  it("marks a hold by our rules RULES and a refusal by the target TARGET, and clears it when the record leaves HELD", async () => {
    const ctx = await context();
    const source = new Map<string, unknown>([
      ["NEG", { code: "NEG", name: "Negative", qty: -1 }],
      ["REF", { code: "REF", name: "Refused", qty: 1 }],
    ]);
    const target = memoryTarget();
    target.failNext.push("refuse");
    // NEG stops at our rules and never reaches the target, so the refusal falls on REF.
    await runFlow(ctx, testFlow(source, target), later());
    expect(await recordOf(ctx.companyId, "NEG")).toMatchObject({
      status: "HELD",
      heldBy: "RULES",
      errorCode: "NEGATIVE_QTY",
    });
    expect(await recordOf(ctx.companyId, "REF")).toMatchObject({
      status: "HELD",
      heldBy: "TARGET",
      errorCode: "CREDIT_HOLD",
      retryClass: "NEEDS_USER",
    });

    // Fixed at the source: it goes round again and syncs; heldBy goes with the hold.
    source.set("REF", { code: "REF", name: "Refused!", qty: 1 });
    await runFlow(ctx, testFlow(source, target), later());
    expect(await recordOf(ctx.companyId, "REF")).toMatchObject({ status: "SYNCED", heldBy: null });
  });

  it("counts runs failing in a row, and a run that finishes starts the count again", async () => {
    const ctx = await context();
    const source = new Map<string, unknown>();
    let broken = true;
    const base = testFlow(source, memoryTarget());
    const flow = {
      ...base,
      detect: async (c: Parameters<typeof base.detect>[0]) =>
        broken ? Promise.reject(new Error("KashFlow answered 500")) : base.detect(c),
    };
    const state = () =>
      db.syncState.findUniqueOrThrow({ where: { companyId_flow: { companyId: ctx.companyId, flow: flow.id } } });
    expect((await runFlow(ctx, flow, { nextRunAt: new Date() })).error).toBe("KashFlow answered 500");
    expect(await state()).toMatchObject({ status: "FAILED", consecutiveFailures: 1 });
    await runFlow(ctx, flow, { nextRunAt: new Date() });
    expect(await state()).toMatchObject({
      status: "FAILED",
      consecutiveFailures: 2,
      lastError: "KashFlow answered 500",
    });
    // The run's end reconciled the alerts: the flow failing twice is open.
    expect(
      await db.alert.findMany({
        where: { companyId: ctx.companyId, kind: "flow_failing", resolvedAt: null },
        select: { subject: true, count: true },
      }),
    ).toEqual([{ subject: flow.id, count: 2 }]);
    broken = false;
    await runFlow(ctx, flow, later());
    expect(await state()).toMatchObject({ status: "IDLE", consecutiveFailures: 0 });
    expect(
      await db.alert.findFirstOrThrow({ where: { companyId: ctx.companyId, kind: "flow_failing" } }),
    ).toMatchObject({ openKey: null, resolvedAt: expect.any(Date) });
  });

  it("opens a failed-posting alert when a run dead-letters a record, linking the record", async () => {
    const ctx = await context();
    const source = new Map<string, unknown>([["BUG", { code: "BUG", name: "Malformed", qty: 1 }]]);
    const target = memoryTarget();
    target.failNext.push("bug");
    await runFlow(ctx, testFlow(source, target), later());
    const record = await recordOf(ctx.companyId, "BUG");
    expect(record.status).toBe("DEAD");
    const org = await db.organization.findUniqueOrThrow({ where: { id: ctx.orgId } });
    expect(
      await db.alert.findFirst({ where: { companyId: ctx.companyId, kind: "failed_postings", resolvedAt: null } }),
    ).toMatchObject({
      subject: "items.kashflow_to_sage100",
      severity: "critical",
      count: 1,
      href: `/o/${org.slug}/companies/${ctx.companyId}/sync/records/${record.id}`,
      title:
        "Product BUG could not be written to Sage 100 and is out of retries: Target says our request is malformed.",
    });
  });
});
