// A flow whose source and target live in memory, for testing the engine and the runners on real Postgres.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { db } from "@/server/db";
import { createCompany, createOrg, createUser } from "@/tests/factories";
import { hold, type FlowContext, type FlowDefinition } from "../engine/flow";
import { observeRecords } from "../ledger/observe";
import { closeCompleteSweep } from "../ledger/sweep";
import { parseSyncSettings } from "../settings";

export type Thing = { code: string; name: string; qty: number };
export const thing = z.object({
  code: z.string().min(1),
  name: z.string().min(1, "is required"),
  qty: z.number().int(),
});

/** A target system in memory: check-then-create by code, and a switch to fail like a network would. */
export function memoryTarget() {
  const rows = new Map<string, Thing>();
  let writes = 0;
  return {
    rows,
    get writes() {
      return writes;
    },
    failNext: [] as ("transient" | "bug" | "refuse" | "crash-after-write")[],
    upsert(t: Thing) {
      const fault = this.failNext.shift();
      if (fault === "transient") throw new AppError("UPSTREAM", "Target timed out.", { retryClass: "TRANSIENT" });
      if (fault === "bug")
        throw new AppError("UPSTREAM", "Target says our request is malformed.", { retryClass: "BUG" });
      // The target refuses the write for a reason only a person can fix (a customer on hold, a closed period).
      if (fault === "refuse")
        throw new AppError("UPSTREAM", "The target refused it: the customer is on credit hold.", {
          retryClass: "NEEDS_USER",
          reason: "CREDIT_HOLD",
        });
      if (!rows.has(t.code) || JSON.stringify(rows.get(t.code)) !== JSON.stringify(t)) writes++;
      rows.set(t.code, { ...t });
      // The write landed but the answer never came back (a reset, or our process dying before its commit).
      if (fault === "crash-after-write")
        throw new AppError("UPSTREAM", "Connection reset after the write.", { retryClass: "TRANSIENT" });
    },
  };
}

export function testFlow(
  source: Map<string, unknown>,
  target: ReturnType<typeof memoryTarget>,
  id = "things.test",
): FlowDefinition<Thing, Thing> {
  return {
    id,
    label: "Things",
    model: "item",
    source: "KASHFLOW",
    target: "SAGE100",
    async detect(ctx) {
      const startedAt = new Date();
      const seen = await observeRecords({
        companyId: ctx.companyId,
        system: "KASHFLOW",
        model: "item",
        records: [...source].map(([externalId, payload]) => ({ externalId, payload })),
        seenAt: startedAt,
      });
      await closeCompleteSweep({
        companyId: ctx.companyId,
        system: "KASHFLOW",
        model: "item",
        sweepStartedAt: startedAt,
        grace: { sweeps: 2 },
      });
      return { ...seen, complete: true };
    },
    canonical: thing,
    async rules(_ctx, record) {
      if (record.qty < 0) return hold("NEGATIVE_QTY", `Quantity ${record.qty} is negative; fix it in KashFlow.`, "qty");
      return {
        plan: { ...record, name: record.name.slice(0, 10) },
        warnings: record.name.length > 10 ? [{ field: "name", message: "shortened to 10 characters" }] : [],
      };
    },
    async validate() {
      return null;
    },
    async load(_ctx, plan, meta) {
      if (meta.deleted)
        return { counterpartId: plan.code, request: plan, response: null, skipped: "deleted at the source" };
      target.upsert(plan);
      return { counterpartId: plan.code, request: plan, response: { ok: true }, echo: plan };
    },
  };
}

export async function context(): Promise<FlowContext> {
  const owner = await createUser();
  const org = await createOrg(owner);
  const company = await createCompany(org);
  // Live: these tests carry records across, which a company in set-up never does.
  await db.company.update({ where: { id: company.id }, data: { status: "LIVE", wentLiveAt: new Date() } });
  return {
    orgId: org.id,
    companyId: company.id,
    flowId: "things.test",
    mode: "live",
    now: new Date(),
    timeZone: company.timezone,
    settings: parseSyncSettings({}),
    kashflow: () => Promise.reject(new Error("not used")),
    sage100: { execute: () => Promise.reject(new Error("not used")) },
  };
}
