// "Retry" on one record: FAILED, DEAD or HELD back to PENDING with a clean slate (attempts 0, no backoff), audited.
// A held record is held again unless its cause was fixed; the answer says so in plain words.
import { AppError } from "@/lib/errors";
import { transaction } from "@/server/db";
import type { SyncRecordStatus } from "@/server/generated/prisma/enums";
import { NOT_WAITING } from "@/server/sync/ledger/waiting-on";
import { SYSTEM_LABEL } from "@/server/domain/model";
import { recordAudit } from "@/server/services/audit";
import { requireSyncCompany, type SyncScope } from "./company-scope";
import { nudgeFlows } from "./nudge-flows";

export const RETRYABLE: SyncRecordStatus[] = ["FAILED", "DEAD", "HELD"];

export const CLEAN_SLATE = {
  status: "PENDING",
  attempts: 0,
  nextAttemptAt: null,
  errorCode: null,
  errorMessage: null,
  errorField: null,
  retryClass: null,
  heldBy: null,
  ...NOT_WAITING,
} as const;

export async function retrySyncRecord(
  o: SyncScope & { userId: string; recordId: string },
): Promise<{ status: "PENDING"; wasHeld: boolean; message: string }> {
  const result = await transaction(async (tx) => {
    await requireSyncCompany(o, tx);
    const record = await tx.syncRecord.findFirst({
      where: { id: o.recordId, companyId: o.companyId },
      select: {
        id: true,
        system: true,
        model: true,
        externalId: true,
        status: true,
        attempts: true,
        errorCode: true,
        errorMessage: true,
        errorField: true,
      },
    });
    if (!record) throw AppError.notFound("Record");
    if (!RETRYABLE.includes(record.status)) {
      throw new AppError(
        "PRECONDITION_FAILED",
        `Only failed, dead or held records can be retried; this one is ${record.status.toLowerCase()}.`,
      );
    }
    // Only from the status the person saw: a run that moved it meanwhile wins, and we say so.
    const moved = await tx.syncRecord.updateMany({
      where: { id: record.id, companyId: o.companyId, status: record.status },
      data: CLEAN_SLATE,
    });
    if (moved.count !== 1)
      throw new AppError("CONFLICT", "The record changed while you were looking at it. Reload the page and try again.");
    await recordAudit(tx, {
      orgId: o.orgId,
      companyId: o.companyId,
      actorUserId: o.userId,
      action: "sync.record_retried",
      targetType: "SyncRecord",
      targetId: record.id,
      details: {
        model: record.model,
        system: record.system,
        externalId: record.externalId,
        from: record.status,
        attempts: record.attempts,
        error: record.errorMessage,
        field: record.errorField,
      },
    });
    return record;
  });
  await nudgeFlows(o.companyId, result.system, result.model);
  const wasHeld = result.status === "HELD";
  const message = wasHeld
    ? `Queued again. It was held because: ${result.errorMessage ?? "of a problem that needs a person"} Unless that is fixed in ${SYSTEM_LABEL[result.system]} (or its mapping), it will be held again.`
    : "Queued again: it is carried across at the next run.";
  return { status: "PENDING", wasHeld, message };
}
