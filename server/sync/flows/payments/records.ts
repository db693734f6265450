// KashFlow payment lines as ledger records, one per line, keyed "invoice:12:4567" (document and payment id), each
// carrying what the Sage receipt needs and KashFlow alone knows: the customer, the document, whether KashFlow counts
// the document settled once this payment is in, and how much of it over-pays. Pure: built from one document.
import { z } from "zod";
import { paymentLineToPayment } from "@/server/integrations/kashflow/mappers/payment";
import { isoDateOf } from "@/server/integrations/kashflow/mappers/common";
import type { KfInvoice, KfPaymentLine, KfPurchase } from "@/server/integrations/kashflow/schemas/document";
import { currencyCode, decimalToMinor, moneySchema, type Money } from "@/server/domain/canonical/money";
import { isoDate } from "@/server/domain/canonical/dates";
import { paymentSchema } from "@/server/domain/canonical/payment";
import type { ObservedRecord } from "../../ledger/observe";
import type { SourceMark } from "../../kashflow/document-sweep";

/** Payments Ledgerlink itself recorded in KashFlow, carried from Sage 100: their reference says where from. */
export const SAGE100_REFERENCE = "Sage 100 ";
export const sage100Reference = (depositNo: string, checkNo: string): string =>
  `${SAGE100_REFERENCE}${depositNo.trim()}/${checkNo.trim()}`;

export const kashflowPaymentSchema = paymentSchema.extend({
  partyCode: z.string().min(1),
  document: z.object({
    kind: z.enum(["invoice", "purchase"]),
    number: z.string().min(1),
    isCreditNote: z.boolean(),
    currency: currencyCode,
    grossHome: moneySchema,
    /** The document's issue date (absent on records read before it was kept). */
    issueDate: isoDate.optional(),
  }),
  /** KashFlow's bulk id: the two halves of a credit note applied to an invoice share it. */
  bulkId: z.number().int().nullable(),
  /** KashFlow counts the document paid once this payment is in (and no later one follows). */
  settles: z.boolean(),
  /** The part of this payment beyond what the document asked for (home currency). */
  overpaid: moneySchema,
  /** Recorded in Sage 100 and carried to KashFlow by Ledgerlink: never carried back. */
  fromSage100: z.boolean(),
});
export type KashflowPayment = z.infer<typeof kashflowPaymentSchema>;

export const paymentExternalId = (
  kind: "invoice" | "purchase",
  number: number | string,
  paymentId: number | string,
): string => `${kind}:${number}:${paymentId}`;

const byDateThenId = (a: KfPaymentLine, b: KfPaymentLine) =>
  (isoDateOf(a.Date) ?? "").localeCompare(isoDateOf(b.Date) ?? "") || (a.Id ?? 0) - (b.Id ?? 0);

/** The records of one document's payment lines (lines without an id cannot be tracked and are left out). */
export function paymentRecords(
  kind: "invoice" | "purchase",
  d: KfInvoice | KfPurchase,
  source: SourceMark,
  homeCurrency = "GBP",
): ObservedRecord[] {
  const issueDate = isoDateOf(d.IssuedDate) ?? "1970-01-01";
  const gross = decimalToMinor(d.HomeCurrencyGrossAmount ?? d.GrossAmount ?? "0", 2);
  const sign = gross < 0 ? -1 : 1;
  const lines = [...(d.PaymentLines ?? [])].filter((l) => l.Id != null).sort(byDateThenId);
  const partyCode = ("CustomerCode" in d ? d.CustomerCode : (d as KfPurchase).SupplierCode)?.trim() ?? "";
  let paid = 0;
  return lines.map((line, i) => {
    const amount = decimalToMinor(line.Amount, 2);
    paid += amount;
    const last = i === lines.length - 1;
    const over = last && gross !== 0 ? Math.min(Math.max(0, sign * (paid - gross)), Math.abs(amount)) : 0;
    const overpaid: Money = { amountMinor: sign * over || 0, currency: homeCurrency };
    const payment: KashflowPayment = {
      ...paymentLineToPayment(line, { kind, number: d.Number, issueDate }, homeCurrency),
      partyCode,
      document: {
        kind,
        number: String(d.Number),
        isCreditNote: gross < 0,
        currency: (d.Currency?.Code ?? homeCurrency).toUpperCase(),
        grossHome: { amountMinor: gross, currency: homeCurrency },
        ...(isoDateOf(d.IssuedDate) ? { issueDate: isoDateOf(d.IssuedDate)! } : {}),
      },
      bulkId: line.BulkId ?? null,
      settles: last && gross !== 0 && sign * paid >= sign * gross,
      overpaid,
      fromSage100: (line.Reference ?? "").startsWith(SAGE100_REFERENCE),
    };
    return { externalId: paymentExternalId(kind, d.Number, line.Id!), payload: { ...payment, source } };
  });
}
