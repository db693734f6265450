// What the sales-invoice flow remembers between runs, per company: where the KashFlow audit report was read to,
// how far the first load of existing invoices got, and the Sage 100 data-entry batches it opened and has not posted.
// Kept in one ledger row of model "cursor" (SyncState.cursor is reset by every run); reads and writes of one
// company's state are serialised in-process, and the flow lease keeps a company's runs in one process.
import type { AuditCursor } from "@/server/integrations/kashflow/change-detection";
import { db, Prisma } from "@/server/db";
import { serially } from "./sales-invoices-serially";

export const STATE_MODEL = "cursor";
export const STATE_ID = "sales_invoices.kashflow_to_sage100";

export type SalesInvoiceState = {
  /** The audit report's position; null until the first run took its tail. */
  audit: AuditCursor | null;
  /** Invoices issued before this day are never carried (fixed on the first run). */
  startDate: string | null;
  /**
   * The first load of existing invoices, a window at a time; null when done. Windows end by `through` (the first
   * run's day); the last one has no end, so invoices already dated after the first run are read too.
   */
  initial: { nextDay: string; through: string } | null;
  /** The first load read every invoice from the start date on, whatever its date (false on companies loaded before it did). */
  openEnded: boolean;
  /** Sage 100 A/R batches entered into and not posted yet: batch number → posting date. */
  batches: Record<string, string>;
};

const EMPTY: SalesInvoiceState = { audit: null, startDate: null, initial: null, openEnded: false, batches: {} };
const where = (companyId: string) => ({ companyId_system_model_externalId: { companyId, system: "KASHFLOW" as const, model: STATE_MODEL, externalId: STATE_ID } });

export async function readState(companyId: string): Promise<SalesInvoiceState> {
  const row = await db.syncRecord.findUnique({ where: where(companyId), select: { payload: true } });
  return { ...EMPTY, ...((row?.payload as Partial<SalesInvoiceState> | null) ?? {}) };
}

/** Read-modify-write of the state, one at a time per company; returns the state as written. */
export function updateState(companyId: string, change: (s: SalesInvoiceState) => SalesInvoiceState): Promise<SalesInvoiceState> {
  return serially(`sales-invoice-state:${companyId}`, async () => {
    const next = change(await readState(companyId));
    const payload = next as unknown as Prisma.InputJsonValue;
    await db.syncRecord.upsert({
      where: where(companyId),
      create: {
        companyId, system: "KASHFLOW", model: STATE_MODEL, externalId: STATE_ID, contentHash: "state", payload, status: "SKIPPED",
        errorMessage: "Ledgerlink's own bookmark for the sales-invoice flow (not a KashFlow record).", lastSeenAt: new Date(),
      },
      update: { payload },
    });
    return next;
  });
}
