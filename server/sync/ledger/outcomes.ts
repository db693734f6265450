// How an attempt ends, written as one transaction with its timeline entry: SYNCED (and linked), HELD for a person,
// FAILED for a retry with backoff (DEAD when out of retries), or SKIPPED.
import { AppError, type RetryClass } from "@/lib/errors";
import { db, Prisma } from "@/server/db";
import type { RecordWarning, SyncSystem } from "@/server/domain/model";
import { MAX_ATTEMPTS, nextAttemptDelayMs } from "./backoff";
import { linkEntities } from "./links";

export type LedgerRecord = { id: string; companyId: string; system: SyncSystem; model: string; externalId: string; contentHash: string; attempts: number };
export type AttemptLog = { flow: string; startedAt: Date; request?: unknown; response?: unknown };

const json = (v: unknown) => (v === undefined ? Prisma.JsonNull : (v as Prisma.InputJsonValue));

export async function markSynced(
  record: LedgerRecord,
  o: AttemptLog & {
    counterpartId: string;
    warnings?: RecordWarning[];
    /** The other side's ledger row as we just wrote it, so its change coming back is known as our own echo. */
    echo?: { payload: unknown; hash: string };
  },
): Promise<void> {
  const kashflowId = record.system === "KASHFLOW" ? record.externalId : o.counterpartId;
  const sage100Key = record.system === "SAGE100" ? record.externalId : o.counterpartId;
  await db.$transaction(async (tx) => {
    await linkEntities(tx, { companyId: record.companyId, model: record.model, kashflowId, sage100Key });
    await tx.syncRecord.update({
      where: { id: record.id },
      data: {
        status: "SYNCED", counterpartId: o.counterpartId, syncedHash: record.contentHash, attempts: record.attempts + 1, nextAttemptAt: null,
        errorCode: null, errorMessage: null, errorField: null, retryClass: null, heldBy: null, warnings: (o.warnings ?? []) as Prisma.InputJsonValue,
      },
    });
    if (o.echo) {
      const other: SyncSystem = record.system === "KASHFLOW" ? "SAGE100" : "KASHFLOW";
      const where = { companyId_system_model_externalId: { companyId: record.companyId, system: other, model: record.model, externalId: o.counterpartId } };
      const existing = await tx.syncRecord.findUnique({ where, select: { contentHash: true, status: true } });
      if (!existing) {
        const payload = o.echo.payload as Prisma.InputJsonValue;
        await tx.syncRecord.create({
          data: { companyId: record.companyId, system: other, model: record.model, externalId: o.counterpartId, contentHash: o.echo.hash, syncedHash: o.echo.hash, payload, status: "SYNCED", counterpartId: record.externalId, lastSeenAt: new Date() },
        });
      } else {
        // Already seen there (the change arrived before this commit): if it is what we wrote, it is settled.
        const settled = existing.contentHash === o.echo.hash;
        await tx.syncRecord.update({ where, data: { syncedHash: o.echo.hash, counterpartId: record.externalId, ...(settled ? { status: "SYNCED" as const } : {}) } });
      }
    }
    await tx.syncAttempt.create({
      data: { companyId: record.companyId, recordId: record.id, flow: o.flow, outcome: "SYNCED", request: json(o.request), response: json(o.response), startedAt: o.startedAt },
    });
  });
}

export type HoldReason = { code: string; message: string; field?: string };
/** Who stopped a record: Ledgerlink's own rules and checks, or the target system refusing the write (a failed posting). */
export type HeldBy = "RULES" | "TARGET";

export async function markHeld(record: LedgerRecord, o: AttemptLog & HoldReason & { heldBy?: HeldBy }): Promise<void> {
  await db.$transaction([
    db.syncRecord.update({
      where: { id: record.id },
      data: { status: "HELD", attempts: record.attempts + 1, nextAttemptAt: null, errorCode: o.code, errorMessage: o.message, errorField: o.field ?? null, retryClass: "NEEDS_USER", heldBy: o.heldBy ?? "RULES" },
    }),
    db.syncAttempt.create({
      data: { companyId: record.companyId, recordId: record.id, flow: o.flow, outcome: "HELD", request: json(o.request), response: json(o.response), errorCode: o.code, errorMessage: o.message, retryClass: "NEEDS_USER", startedAt: o.startedAt },
    }),
  ]);
}

export async function markSkipped(record: LedgerRecord, o: AttemptLog & { reason: string }): Promise<void> {
  await db.$transaction([
    db.syncRecord.update({ where: { id: record.id }, data: { status: "SKIPPED", syncedHash: record.contentHash, errorCode: null, errorMessage: o.reason, errorField: null, retryClass: null, heldBy: null, nextAttemptAt: null } }),
    db.syncAttempt.create({ data: { companyId: record.companyId, recordId: record.id, flow: o.flow, outcome: "SKIPPED", errorMessage: o.reason, request: json(o.request), startedAt: o.startedAt } }),
  ]);
}

/**
 * A forward-dated document the company carries on its date: PENDING, due again when that day begins. Not an attempt:
 * no retry is counted and nothing is added to its timeline; the record says what it waits for.
 */
export async function markWaitingForDate(record: LedgerRecord, o: { code: string; until: Date; message: string }): Promise<void> {
  await db.syncRecord.update({
    where: { id: record.id },
    data: { status: "PENDING", nextAttemptAt: o.until, errorCode: o.code, errorMessage: o.message, errorField: null, retryClass: null, heldBy: null },
  });
}

/**
 * A failure: NEEDS_USER holds, BUG dead-letters at once, TRANSIENT / RATE_LIMITED retry with backoff until DEAD.
 * A NEEDS_USER error thrown by the write is the target refusing it (heldBy TARGET); thrown earlier, it is our rules'.
 */
export async function markFailed(record: LedgerRecord, o: AttemptLog & { error: unknown; heldBy?: HeldBy }): Promise<"HELD" | "FAILED" | "DEAD"> {
  const e = o.error instanceof AppError ? o.error : null;
  const retryClass: RetryClass = e?.retryClass ?? (e ? "BUG" : "BUG");
  const code = e?.reason ?? e?.code ?? "INTERNAL";
  const message = e?.message ?? (o.error instanceof Error ? `Unexpected error: ${o.error.message}` : "Unexpected error");
  if (retryClass === "NEEDS_USER") {
    await markHeld(record, { ...o, code, message, field: e?.fieldErrors ? Object.keys(e.fieldErrors)[0] : undefined, heldBy: o.heldBy ?? "TARGET" });
    return "HELD";
  }
  const attempts = record.attempts + 1;
  const dead = retryClass === "BUG" || attempts >= MAX_ATTEMPTS;
  const outcome = dead ? "DEAD" : "FAILED";
  await db.$transaction([
    db.syncRecord.update({
      where: { id: record.id },
      data: {
        status: outcome, attempts, errorCode: code, errorMessage: message, errorField: null, retryClass, heldBy: null,
        nextAttemptAt: dead ? null : new Date(Date.now() + nextAttemptDelayMs(attempts, e?.retryAfterMs)),
      },
    }),
    db.syncAttempt.create({
      data: { companyId: record.companyId, recordId: record.id, flow: o.flow, outcome, request: json(o.request), response: json(o.response), errorCode: code, errorMessage: message, retryClass, startedAt: o.startedAt },
    }),
  ]);
  return outcome;
}
