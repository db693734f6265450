// The other side of a record in the ledger: its link, the key reserved for it before a write, the counterpart's
// ledger row (to tell our own echo from a change nobody has seen yet), and sending a counterpart back round.
import { db } from "@/server/db";
import type { FlowRun } from "../engine/flow-run";
import { hashPayload, observeRecords } from "../ledger/observe";
import type { ModelName, SyncSystem } from "@/server/domain/model";

export async function linkedSage100Key(ctx: FlowRun, model: ModelName, kashflowId: string): Promise<string | null> {
  const link = await db.entityLink.findUnique({
    where: { companyId_model_kashflowId: { companyId: ctx.companyId, model, kashflowId } },
    select: { sage100Key: true },
  });
  return link?.sage100Key ?? null;
}

export async function linkedKashflowId(ctx: FlowRun, model: ModelName, sage100Key: string): Promise<string | null> {
  const link = await db.entityLink.findUnique({
    where: { companyId_model_sage100Key: { companyId: ctx.companyId, model, sage100Key } },
    select: { kashflowId: true },
  });
  return link?.kashflowId ?? null;
}

/** Written before the first write, so a re-run after a crash asks for the same key and finds what it made. */
export async function reserveCounterpart(recordId: string, key: string): Promise<void> {
  await db.syncRecord.update({ where: { id: recordId }, data: { counterpartId: key } });
}

/** Gives a reserved key back (it turned out to be taken in the target). */
export async function releaseCounterpart(recordId: string, key: string): Promise<void> {
  await db.syncRecord.updateMany({ where: { id: recordId, counterpartId: key }, data: { counterpartId: null } });
}

export type CounterpartRow = { contentHash: string; syncedHash: string | null; status: string; deletedAt: Date | null };

export function counterpartRow(
  ctx: FlowRun,
  system: SyncSystem,
  model: ModelName,
  externalId: string,
): Promise<CounterpartRow | null> {
  return db.syncRecord.findUnique({
    where: { companyId_system_model_externalId: { companyId: ctx.companyId, system, model, externalId } },
    select: { contentHash: true, syncedHash: true, status: true, deletedAt: true },
  });
}

/**
 * Whether the target as it stands now is what the ledger last saw of it (or what we last wrote). If not, someone
 * changed it and that change has not been read yet: our read-back must not pass for an echo, or the change is lost.
 */
export function knownToLedger(row: CounterpartRow | null, livePayload: unknown): boolean {
  if (!row) return true;
  const hash = hashPayload(livePayload);
  return row.contentHash === hash || row.syncedHash === hash;
}

/** The target keeps a group it owns: its record goes round again, so its value flows back to the source. */
export async function requeueCounterpart(
  ctx: FlowRun,
  system: SyncSystem,
  model: ModelName,
  externalId: string,
): Promise<void> {
  await db.syncRecord.updateMany({
    where: { companyId: ctx.companyId, system, model, externalId, status: { in: ["SYNCED", "SKIPPED"] } },
    data: {
      status: "PENDING",
      attempts: 0,
      nextAttemptAt: null,
      errorCode: null,
      errorMessage: null,
      errorField: null,
      retryClass: null,
    },
  });
}

/**
 * After a write: the read-back is our echo when the target held nothing unseen and keeps no group of its own.
 * Otherwise it is recorded as the target's news (a change to carry back) and, for a group the target won, its
 * record goes round the other way so both systems end with the owner's value.
 */
export async function settleTarget(
  ctx: FlowRun,
  o: {
    system: SyncSystem;
    model: ModelName;
    key: string;
    echoSafe: boolean;
    yielded: readonly string[];
    after: unknown;
  },
): Promise<unknown> {
  if (o.after == null) return undefined;
  if (o.echoSafe && o.yielded.length === 0) return o.after;
  await observeRecords({
    companyId: ctx.companyId,
    system: o.system,
    model: o.model,
    records: [{ externalId: o.key, payload: o.after }],
  });
  if (o.yielded.length) await requeueCounterpart(ctx, o.system, o.model, o.key);
  return undefined;
}
