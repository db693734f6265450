// What the sales-invoice flow remembers between runs, per company: where the KashFlow audit report was read to,
// how far the first load of existing invoices got, and the Sage 100 data-entry batches it opened and has not posted.
// Kept in the flow-state table (engine/flow-state.ts), validated by the schema below, locked while it changes.
import { z } from "zod";
import { defineFlowState, readFlowState, updateFlowState } from "../../engine/flow-state";

export const STATE_ID = "sales_invoices.kashflow_to_sage100";

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Not a day (YYYY-MM-DD).");

export const salesInvoiceStateSchema = z.object({
  /** The audit report's position; null until the first run took its tail. */
  audit: z.object({ lastTransactionNumber: z.number().int().min(0), lastCreatedAt: z.string().nullable() }).nullable(),
  /** Invoices issued before this day are never carried (fixed on the first run). */
  startDate: isoDay.nullable(),
  /**
   * The first load of existing invoices, a window at a time; null when done. Windows end by `through` (the first
   * run's day); the last one has no end, so invoices already dated after the first run are read too.
   */
  initial: z.object({ nextDay: isoDay, through: isoDay }).nullable(),
  /** The first load read every invoice from the start date on, whatever its date (false on companies loaded before it did). */
  openEnded: z.boolean(),
  /** Sage 100 A/R batches entered into and not posted yet: batch number → posting date. */
  batches: z.record(z.string(), isoDay),
});

export type SalesInvoiceState = z.infer<typeof salesInvoiceStateSchema>;

export const SALES_INVOICE_STATE = defineFlowState<SalesInvoiceState>(STATE_ID, salesInvoiceStateSchema, {
  audit: null,
  startDate: null,
  initial: null,
  openEnded: false,
  batches: {},
});

export const readState = (companyId: string): Promise<SalesInvoiceState> =>
  readFlowState(SALES_INVOICE_STATE, companyId);

/**
 * Fixes the company's first carried day unless one is fixed already, and returns the day in force. Any document flow
 * may run first (the runners start several at once): the state is locked while it changes, so nothing another
 * process wrote meanwhile is lost, and the first day fixed stays.
 */
export async function fixStartDate(companyId: string, candidate: string): Promise<string> {
  const state = await updateFlowState(SALES_INVOICE_STATE, companyId, (s) =>
    s.startDate ? s : { ...s, startDate: candidate },
  );
  return state.startDate ?? candidate;
}

/** Read-modify-write of the state, the row locked meanwhile; returns the state as written. */
export const updateState = (
  companyId: string,
  change: (s: SalesInvoiceState) => SalesInvoiceState,
): Promise<SalesInvoiceState> => updateFlowState(SALES_INVOICE_STATE, companyId, change);
