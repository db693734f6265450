// "I have reviewed the sync settings": a line of the set-up checklist (some settings are fixed once invoices are in
// Sage 100, so a person reads them before anything is written).
import { transaction } from "@/server/db";
import { recordAudit } from "@/server/services/audit";
import { requireSyncCompany, type SyncScope } from "@/server/services/sync/company-scope";

export async function reviewSettings(o: SyncScope & { userId: string }): Promise<{ reviewedAt: Date }> {
  return transaction(async (tx) => {
    await requireSyncCompany(o, tx);
    const reviewedAt = new Date();
    await tx.company.update({ where: { id: o.companyId }, data: { settingsReviewedAt: reviewedAt } });
    await recordAudit(tx, {
      orgId: o.orgId,
      companyId: o.companyId,
      actorUserId: o.userId,
      action: "setup.settings_reviewed",
      targetType: "SyncSettings",
      targetId: o.companyId,
    });
    return { reviewedAt };
  });
}
