// Payment terms ⇄ Sage 100 terms codes. KashFlow says "N days after the invoice date" (or after month end); Sage
// keeps a 2-character code per terms row. Until a company maps its own table (issue 6: lookups), the standard
// codes Sage 100 ships with are used: 00 due on receipt, 01 net 30, 02 2% 10 net 30, 03 net 15.
import type { PaymentTerms } from "../canonical/party";
import type { FitLog } from "./text-fit";

export type SageTerms = { code: string; description: string; daysBeforeDue: number; discountDays: number };

export const DEFAULT_SAGE_TERMS: readonly SageTerms[] = [
  { code: "00", description: "Due upon receipt", daysBeforeDue: 0, discountDays: 0 },
  { code: "01", description: "Net 30 Days", daysBeforeDue: 30, discountDays: 0 },
  { code: "02", description: "2% 10 Net 30", daysBeforeDue: 30, discountDays: 10 },
  { code: "03", description: "Net 15 Days", daysBeforeDue: 15, discountDays: 0 },
];

/** A Sage terms code as canonical terms; null for a code this table does not know. */
export function termsFromSage(code: string, table: readonly SageTerms[] = DEFAULT_SAGE_TERMS): PaymentTerms | null {
  const row = table.find((t) => t.code === code.trim().padStart(2, "0"));
  return row ? { basis: "after_issue_date", days: row.daysBeforeDue } : null;
}

/** The Sage code for canonical terms (a plain "net N" code first); undefined, with a warning, when none fits. */
export function termsToSage(
  terms: PaymentTerms | null,
  log: FitLog,
  table: readonly SageTerms[] = DEFAULT_SAGE_TERMS,
): string | undefined {
  if (!terms) return undefined;
  if (terms.basis === "after_issue_date") {
    const fits = table.filter((t) => t.daysBeforeDue === terms.days).sort((a, b) => a.discountDays - b.discountDays);
    if (fits[0]) return fits[0].code;
  }
  const what =
    terms.basis === "after_month_end"
      ? `${terms.days} days after month end`
      : terms.basis === "other"
        ? "custom terms"
        : `net ${terms.days} days`;
  log.warn("paymentTerms", `Payment terms "${what}" have no Sage 100 terms code; Sage 100 keeps its own terms.`);
  return undefined;
}
