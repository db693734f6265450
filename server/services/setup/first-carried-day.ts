// The first carried day (settings.salesInvoices.startDate; purchases and payments start there too), chosen on the
// set-up checklist or in sync settings. The sales-invoice flow fixes it on its first run, which in set-up is the
// preview's: while nothing has been carried yet, a new day makes the next read start over from it.
import { AppError } from "@/lib/errors";
import { transaction, type Prisma, type DbOrTx } from "@/server/db";
import { recordAudit } from "@/server/services/audit";
import { requireSyncCompany } from "@/server/services/sync/company-scope";
import { forgetFlowState } from "@/server/sync/engine/flow-state";
import { STATE_ID } from "@/server/sync/flows/sales-invoices/state";
import { parseSyncSettings } from "@/server/sync/settings";

/** KashFlow documents read in set-up (nothing is carried before going live), and the bookmark of where reading got to. */
const DOCUMENT_MODELS = ["sales_invoice", "purchase_invoice", "payment", "journal"];

/** A company still in set-up forgets the documents it read, so the next read starts from the new first day. */
export async function forgetDocumentsReadInSetup(tx: DbOrTx, companyId: string): Promise<number> {
  const company = await tx.company.findUnique({ where: { id: companyId }, select: { status: true } });
  if (company?.status !== "SETTING_UP") return 0;
  const gone = await tx.syncRecord.deleteMany({
    where: { companyId, system: "KASHFLOW", model: { in: DOCUMENT_MODELS } },
  });
  const bookmark = await forgetFlowState(tx, companyId, STATE_ID);
  return gone.count + (bookmark ? 1 : 0);
}

export async function setFirstCarriedDay(o: {
  orgId: string;
  companyId: string;
  userId: string;
  startDate: string;
}): Promise<{ startDate: string }> {
  return transaction(async (tx) => {
    const company = await requireSyncCompany(o, tx);
    if (company.status !== "SETTING_UP") {
      throw new AppError(
        "PRECONDITION_FAILED",
        "Documents are already being carried from the first day chosen; it cannot move now.",
        { reason: "AlreadyLive" },
      );
    }
    const row = await tx.syncSettings.findUnique({ where: { companyId: o.companyId } });
    const before = parseSyncSettings(row?.settings);
    if (before.salesInvoices.startDate === o.startDate) return { startDate: o.startDate };
    const next = parseSyncSettings({ ...before, salesInvoices: { ...before.salesInvoices, startDate: o.startDate } });
    const json = next as Prisma.InputJsonValue;
    await tx.syncSettings.upsert({
      where: { companyId: o.companyId },
      create: { companyId: o.companyId, settings: json },
      update: { settings: json },
    });
    await forgetDocumentsReadInSetup(tx, o.companyId);
    await recordAudit(tx, {
      orgId: o.orgId,
      companyId: o.companyId,
      actorUserId: o.userId,
      action: "sync.settings_updated",
      targetType: "SyncSettings",
      targetId: o.companyId,
      details: { changed: ["salesInvoices.startDate"] },
    });
    return { startDate: o.startDate };
  });
}
