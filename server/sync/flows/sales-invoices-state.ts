// What the sales-invoice flow remembers between runs, per company: where the KashFlow audit report was read to,
// how far the first load of existing invoices got, and the Sage 100 data-entry batches it opened and has not posted.
// Kept in one ledger row of model "cursor" (SyncState.cursor is reset by every run); a change to it locks the row,
// so two processes (or two records of one run) never lose each other's writes.
import type { AuditCursor } from "@/server/integrations/kashflow/change-detection";
import { db, Prisma, transaction } from "@/server/db";

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

const STATE_NOTE = "Ledgerlink's own bookmark for the sales-invoice flow (not a KashFlow record).";
const EMPTY: SalesInvoiceState = { audit: null, startDate: null, initial: null, openEnded: false, batches: {} };
const where = (companyId: string) => ({ companyId_system_model_externalId: { companyId, system: "KASHFLOW" as const, model: STATE_MODEL, externalId: STATE_ID } });

export async function readState(companyId: string): Promise<SalesInvoiceState> {
  const row = await db.syncRecord.findUnique({ where: where(companyId), select: { payload: true } });
  return { ...EMPTY, ...((row?.payload as Partial<SalesInvoiceState> | null) ?? {}) };
}

/**
 * Fixes the company's first carried day unless one is fixed already, and returns the day in force. Any document flow
 * may run first (the runners start several at once), so this touches startDate alone, in one statement each, and
 * never loses what another process wrote to the state meanwhile.
 */
export async function fixStartDate(companyId: string, candidate: string): Promise<string> {
  await db.syncRecord.createMany({
    data: [{ companyId, system: "KASHFLOW", model: STATE_MODEL, externalId: STATE_ID, contentHash: "state", payload: { ...EMPTY, startDate: candidate }, status: "SKIPPED", errorMessage: STATE_NOTE, lastSeenAt: new Date() }],
    skipDuplicates: true,
  });
  await db.$executeRaw`
    UPDATE "SyncRecord" SET "payload" = jsonb_set("payload", '{startDate}', to_jsonb(${candidate}::text)), "updatedAt" = now()
    WHERE "companyId" = ${companyId} AND "system" = 'KASHFLOW'::"SyncSystem" AND "model" = ${STATE_MODEL} AND "externalId" = ${STATE_ID}
      AND coalesce("payload"->>'startDate', '') = ''`;
  return (await readState(companyId)).startDate ?? candidate;
}

/** Read-modify-write of the state, the row locked meanwhile; returns the state as written. */
export function updateState(companyId: string, change: (s: SalesInvoiceState) => SalesInvoiceState): Promise<SalesInvoiceState> {
  return transaction(async (tx) => {
    await tx.syncRecord.createMany({
      data: [{ companyId, system: "KASHFLOW", model: STATE_MODEL, externalId: STATE_ID, contentHash: "state", payload: EMPTY, status: "SKIPPED", errorMessage: STATE_NOTE, lastSeenAt: new Date() }],
      skipDuplicates: true,
    });
    const [row] = await tx.$queryRaw<{ payload: Partial<SalesInvoiceState> | null }[]>`
      SELECT "payload" FROM "SyncRecord"
      WHERE "companyId" = ${companyId} AND "system" = 'KASHFLOW'::"SyncSystem" AND "model" = ${STATE_MODEL} AND "externalId" = ${STATE_ID}
      FOR UPDATE`;
    const next = change({ ...EMPTY, ...(row?.payload ?? {}) });
    await tx.syncRecord.update({ where: where(companyId), data: { payload: next as unknown as Prisma.InputJsonValue } });
    return next;
  });
}
