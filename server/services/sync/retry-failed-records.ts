// "Retry all failed" for one model: every FAILED and DEAD record of it back to PENDING, in one statement, audited
// once. Held records are left alone: they need their cause fixed, and are retried one by one from their page.
import { transaction } from "@/server/db";
import type { SyncSystem } from "@/server/domain/model";
import { recordAudit } from "@/server/services/audit";
import { requireSyncCompany, type SyncScope } from "./company-scope";
import { nudgeFlows } from "./nudge-flows";
import { CLEAN_SLATE } from "./retry-sync-record";

export async function retryFailedRecords(
  o: SyncScope & { userId: string; model: string; system?: SyncSystem },
): Promise<{ count: number }> {
  const count = await transaction(async (tx) => {
    await requireSyncCompany(o, tx);
    const { count } = await tx.syncRecord.updateMany({
      where: {
        companyId: o.companyId,
        model: o.model,
        status: { in: ["FAILED", "DEAD"] },
        ...(o.system ? { system: o.system } : {}),
      },
      data: CLEAN_SLATE,
    });
    if (count > 0) {
      await recordAudit(tx, {
        orgId: o.orgId,
        companyId: o.companyId,
        actorUserId: o.userId,
        action: "sync.failed_retried",
        targetType: "SyncRecord",
        targetId: null,
        details: { model: o.model, count, ...(o.system ? { system: o.system } : {}) },
      });
    }
    return count;
  });
  if (count > 0)
    for (const system of o.system ? [o.system] : (["KASHFLOW", "SAGE100"] as const))
      await nudgeFlows(o.companyId, system, o.model);
  return { count };
}
