// One record's walk through a flow's stages. Every way it can end is an outcome written to the ledger with its
// attempt. The walk is two halves — plan (canonical → date → rules → validate) and load — so a flow with `loadBatch`
// can have the plans of a whole batch written at once between them; each record still ends on its own, and the
// engine writes the endings of a batch together (ledger/outcomes.ts `writeOutcomes`).
import { AppError } from "@/lib/errors";
import { hashPayload, type InvalidPayload } from "../ledger/observe";
import {
  failed,
  held,
  skipped,
  synced,
  waitingForDate,
  waitingOnRecord,
  writeOutcomes,
  type LedgerRecord,
  type Outcome,
} from "../ledger/outcomes";
import type { RecordWarning } from "@/server/domain/model";
import { isHold, type FlowDefinition, type LoadResult, type RecordMeta } from "./flow";
import type { FlowRun } from "./flow-run";
import { dateWaitFor, WAITS_FOR_DATE } from "./forward-dated";
import { isBudgetSpent } from "./next-run";

export type PendingRecord = LedgerRecord & { payload: unknown; counterpartId: string | null; deletedAt: Date | null };
/** WAITING: left pending until its date (a forward-dated document) or until the record it waits on has synced. */
export type RecordOutcome = "SYNCED" | "HELD" | "FAILED" | "DEAD" | "SKIPPED" | "WAITING";

/** A record whose plan passed the rules and the target's checks: what the load stage writes. */
export type PlannedRecord<P = unknown> = {
  record: PendingRecord;
  meta: RecordMeta;
  plan: P;
  warnings: RecordWarning[];
  startedAt: Date;
};

function firstIssue(error: { issues: { path: PropertyKey[]; message: string }[] }): { field: string; message: string } {
  const issue = error.issues[0];
  return { field: issue?.path.map(String).join(".") || "(record)", message: issue?.message ?? "invalid" };
}

const asError = (error: unknown): AppError | Error =>
  error instanceof AppError || error instanceof Error ? error : new Error(String(error));

export const metaOf = (record: PendingRecord): RecordMeta => ({
  id: record.id,
  externalId: record.externalId,
  counterpartId: record.counterpartId,
  deleted: Boolean(record.deletedAt),
});

/** Canonical → forward date → rules → validate: the plan to load, or how the record ends without a load (not yet written). */
export async function planRecord<C, P>(
  ctx: FlowRun,
  flow: FlowDefinition<C, P>,
  record: PendingRecord,
): Promise<PlannedRecord<P> | Outcome> {
  const startedAt = new Date();
  const log = { flow: flow.id, startedAt };
  const meta = metaOf(record);

  // Canonicalize: a record that breaks the canonical schema is held with the field, never dropped.
  const unmappable = (record.payload as Partial<InvalidPayload> | null)?.invalid;
  if (unmappable) {
    return held(record, {
      ...log,
      code: "INVALID_RECORD",
      message: `The ${flow.model.replace("_", " ")} cannot be read: ${unmappable.field}: ${unmappable.message}.`,
      field: unmappable.field,
      request: record.payload,
    });
  }
  const parsed = flow.canonical.safeParse(record.payload);
  if (!parsed.success) {
    const { field, message } = firstIssue(parsed.error);
    return held(record, {
      ...log,
      code: "INVALID_RECORD",
      message: `The ${flow.model.replace("_", " ")} has an invalid ${field}: ${message}.`,
      field,
      request: record.payload,
    });
  }

  // Forward-dated, and the company carries such documents on their date: pending until that day (a deletion goes now).
  const wait = meta.deleted ? null : dateWaitFor(flow, parsed.data, ctx);
  if (wait) return waitingForDate(record, { code: WAITS_FOR_DATE, until: wait.until, message: wait.message });

  let request: unknown;
  try {
    const ruled = await flow.rules(ctx, parsed.data, meta);
    if (isHold(ruled)) {
      if (ruled.waitingOn)
        return waitingOnRecord(record, {
          ...log,
          waitingOn: ruled.waitingOn,
          message: ruled.message,
          request: record.payload,
        });
      return held(record, { ...log, ...ruled, request: record.payload });
    }
    request = ruled.plan;
    const invalid = await flow.validate(ctx, ruled.plan, meta);
    if (invalid) {
      if (invalid.waitingOn)
        return waitingOnRecord(record, { ...log, waitingOn: invalid.waitingOn, message: invalid.message, request });
      return held(record, { ...log, ...invalid, request });
    }
    return { record, meta, plan: ruled.plan, warnings: ruled.warnings, startedAt };
  } catch (error) {
    // A spent KashFlow budget is the run's to handle (it parks): the record is left as it was, no attempt counted.
    if (isBudgetSpent(error)) throw error;
    // A person-needing error thrown by rules or checks is ours to fix (RULES), not the target's refusal.
    return failed(record, { ...log, request, heldBy: "RULES", error: asError(error) });
  }
}

/** How the write of a planned record ended: synced, skipped, or failed (the target's refusal). Not yet written. */
export function recordLoad<P>(
  flow: Pick<FlowDefinition, "id">,
  planned: PlannedRecord<P>,
  loaded: PromiseSettledResult<LoadResult>,
): Outcome {
  const { record, startedAt } = planned;
  const log = { flow: flow.id, startedAt };
  if (loaded.status === "rejected") {
    // A spent KashFlow budget is the run's to handle (it parks): the record is left as it was, no attempt counted.
    if (isBudgetSpent(loaded.reason)) throw loaded.reason;
    return failed(record, { ...log, request: planned.plan, heldBy: "TARGET", error: asError(loaded.reason) });
  }
  const result = loaded.value;
  if (result.skipped) return skipped(record, { ...log, reason: result.skipped, request: result.request });
  return synced(record, {
    ...log,
    counterpartId: result.counterpartId,
    request: result.request,
    response: result.response,
    warnings: planned.warnings,
    echo: result.echo === undefined ? undefined : { payload: result.echo, hash: hashPayload(result.echo) },
  });
}

/** The settled result of one load, so a throw is an outcome like any other. */
export async function settled<T>(fn: () => Promise<T>): Promise<PromiseSettledResult<T>> {
  try {
    return { status: "fulfilled", value: await fn() };
  } catch (reason) {
    return { status: "rejected", reason };
  }
}

/** Plan and load of one record: how it ends, not yet written. */
export async function carryRecord<C, P>(
  ctx: FlowRun,
  flow: FlowDefinition<C, P>,
  record: PendingRecord,
): Promise<Outcome> {
  const planned = await planRecord(ctx, flow, record);
  if (!("plan" in planned)) return planned;
  return recordLoad(flow, planned, await settled(() => flow.load(ctx, planned.plan, planned.meta)));
}

/** One record, start to end, its ending written on its own. */
export async function processRecord<C, P>(
  ctx: FlowRun,
  flow: FlowDefinition<C, P>,
  record: PendingRecord,
): Promise<RecordOutcome> {
  const [kind] = await writeOutcomes([await carryRecord(ctx, flow, record)]);
  return kind!;
}
