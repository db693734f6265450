// One record's walk through a flow's stages. Every way it can end is written to the ledger with its attempt.
import { AppError } from "@/lib/errors";
import { hashPayload, type InvalidPayload } from "../ledger/observe";
import { markFailed, markHeld, markSkipped, markSynced, markWaitingForDate, type LedgerRecord } from "../ledger/outcomes";
import { markWaitingOn } from "../ledger/waiting-on";
import { isHold, type FlowDefinition, type RecordMeta } from "./flow";
import type { FlowRun } from "./flow-run";
import { dateWaitFor, WAITS_FOR_DATE } from "./forward-dated";
import { isBudgetSpent } from "./next-run";

export type PendingRecord = LedgerRecord & { payload: unknown; counterpartId: string | null; deletedAt: Date | null };
/** WAITING: left pending until its date (a forward-dated document) or until the record it waits on has synced. */
export type RecordOutcome = "SYNCED" | "HELD" | "FAILED" | "DEAD" | "SKIPPED" | "WAITING";

function firstIssue(error: { issues: { path: PropertyKey[]; message: string }[] }): { field: string; message: string } {
  const issue = error.issues[0];
  return { field: issue?.path.map(String).join(".") || "(record)", message: issue?.message ?? "invalid" };
}

export async function processRecord(ctx: FlowRun, flow: FlowDefinition, record: PendingRecord): Promise<RecordOutcome> {
  const startedAt = new Date();
  const log = { flow: flow.id, startedAt };
  const meta: RecordMeta = { id: record.id, externalId: record.externalId, counterpartId: record.counterpartId, deleted: Boolean(record.deletedAt) };

  // Canonicalize: a record that breaks the canonical schema is held with the field, never dropped.
  const unmappable = (record.payload as Partial<InvalidPayload> | null)?.invalid;
  if (unmappable) {
    await markHeld(record, { ...log, code: "INVALID_RECORD", message: `The ${flow.model.replace("_", " ")} cannot be read: ${unmappable.field}: ${unmappable.message}.`, field: unmappable.field, request: record.payload });
    return "HELD";
  }
  const parsed = flow.canonical.safeParse(record.payload);
  if (!parsed.success) {
    const { field, message } = firstIssue(parsed.error);
    await markHeld(record, { ...log, code: "INVALID_RECORD", message: `The ${flow.model.replace("_", " ")} has an invalid ${field}: ${message}.`, field, request: record.payload });
    return "HELD";
  }

  // Forward-dated, and the company carries such documents on their date: pending until that day (a deletion goes now).
  const wait = meta.deleted ? null : dateWaitFor(flow, parsed.data, ctx);
  if (wait) {
    await markWaitingForDate(record, { code: WAITS_FOR_DATE, until: wait.until, message: wait.message });
    return "WAITING";
  }

  let request: unknown;
  // A person-needing error thrown by the write is the target's refusal; thrown by rules or checks, it is ours.
  let writing = false;
  try {
    const ruled = await flow.rules(ctx, parsed.data, meta);
    if (isHold(ruled)) {
      if (ruled.waitingOn) {
        await markWaitingOn(record, { ...log, waitingOn: ruled.waitingOn, message: ruled.message, request: record.payload });
        return "WAITING";
      }
      await markHeld(record, { ...log, ...ruled, request: record.payload });
      return "HELD";
    }
    request = ruled.plan;
    const invalid = await flow.validate(ctx, ruled.plan, meta);
    if (invalid) {
      if (invalid.waitingOn) {
        await markWaitingOn(record, { ...log, waitingOn: invalid.waitingOn, message: invalid.message, request });
        return "WAITING";
      }
      await markHeld(record, { ...log, ...invalid, request });
      return "HELD";
    }
    writing = true;
    const loaded = await flow.load(ctx, ruled.plan, meta);
    writing = false;
    if (loaded.skipped) {
      await markSkipped(record, { ...log, reason: loaded.skipped, request: loaded.request });
      return "SKIPPED";
    }
    await markSynced(record, {
      ...log,
      counterpartId: loaded.counterpartId,
      request: loaded.request,
      response: loaded.response,
      warnings: ruled.warnings,
      echo: loaded.echo === undefined ? undefined : { payload: loaded.echo, hash: hashPayload(loaded.echo) },
    });
    return "SYNCED";
  } catch (error) {
    // A spent KashFlow budget is the run's to handle (it parks): the record is left as it was, no attempt counted.
    if (isBudgetSpent(error)) throw error;
    const outcome = await markFailed(record, { ...log, request, heldBy: writing ? "TARGET" : "RULES", error: error instanceof AppError || error instanceof Error ? error : new Error(String(error)) });
    return outcome;
  }
}
