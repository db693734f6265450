// Bad input a Sage 100 document cannot honestly be made from, found before anything is written: no lines, lines
// that do not add up to the totals, negative quantities or amounts outside credit notes (Sage takes negatives only
// as credit memos), charges on a credit note, more lines than one Sage document holds. Zero-value documents carry
// nothing to post.
import type { SalesInvoice } from "@/server/domain/canonical/sales-invoice";
import { isNegativeDecimal, moneyToDecimal, type Money } from "@/server/domain/canonical/money";

export type InvoiceProblem = { code: string; message: string; field: string };

/** Sage 100 A/R invoices take at most 500 lines; VAT lines (one per rate) come on top of the KashFlow lines. */
export const MAX_INVOICE_LINES = 490;

const show = (m: Money) => `${moneyToDecimal(m)} ${m.currency}`;
const amount = (minor: number, currency: string) => show({ amountMinor: minor, currency });

export const documentNoun = (inv: Pick<SalesInvoice, "isCreditNote">) => (inv.isCreditNote ? "credit note" : "invoice");

/** The first thing wrong with the document, in words a person can act on in KashFlow; null when it can be carried. */
export function invoiceProblem(inv: SalesInvoice): InvoiceProblem | null {
  const what = `${documentNoun(inv)} ${inv.number}`;
  if (inv.lines.length === 0)
    return {
      code: "NO_LINES",
      message: `KashFlow ${what} has no lines; Sage 100 needs at least one. Add the lines in KashFlow.`,
      field: "lines",
    };
  if (inv.lines.length > MAX_INVOICE_LINES)
    return {
      code: "TOO_MANY_LINES",
      message: `KashFlow ${what} has ${inv.lines.length} lines; one Sage 100 document takes at most ${MAX_INVOICE_LINES}. Split it in KashFlow.`,
      field: "lines",
    };
  const net = inv.lines.reduce((t, l) => t + l.net.amountMinor, 0);
  const tax = inv.lines.reduce((t, l) => t + l.tax.amount.amountMinor, 0);
  const { totals, currency } = inv;
  if (
    net !== totals.net.amountMinor ||
    tax !== totals.tax.amountMinor ||
    totals.net.amountMinor + totals.tax.amountMinor !== totals.gross.amountMinor
  )
    return {
      code: "LINES_DONT_ADD_UP",
      message:
        `The lines of KashFlow ${what} add up to net ${amount(net, currency)} + VAT ${amount(tax, currency)} = ${amount(net + tax, currency)}, ` +
        `but its totals say net ${show(totals.net)}, VAT ${show(totals.tax)}, gross ${show(totals.gross)}. Correct the ${documentNoun(inv)} in KashFlow.`,
      field: "totals",
    };
  for (const [i, l] of inv.lines.entries()) {
    const line = `Line ${l.lineNumber} of KashFlow ${what}`;
    if (!inv.isCreditNote && isNegativeDecimal(l.quantity))
      return {
        code: "NEGATIVE_QUANTITY",
        message: `${line} has a negative quantity (${l.quantity}). Sage 100 takes negative amounts only as credit memos: put returns and refunds on a credit note in KashFlow.`,
        field: `lines.${i}.quantity`,
      };
    if (!inv.isCreditNote && l.net.amountMinor < 0)
      return {
        code: "NEGATIVE_LINE",
        message: `${line} is negative (${show(l.net)}). Sage 100 takes negative amounts only as credit memos: put it on a credit note in KashFlow.`,
        field: `lines.${i}.net`,
      };
    if (inv.isCreditNote && l.net.amountMinor > 0)
      return {
        code: "CHARGE_ON_CREDIT_NOTE",
        message: `${line} charges ${show(l.net)}, but a Sage 100 credit memo only credits. Put the charge on an invoice in KashFlow.`,
        field: `lines.${i}.net`,
      };
  }
  return null;
}

/** Nothing to post: no amount anywhere on the document. */
export const isZeroValue = (inv: SalesInvoice): boolean =>
  inv.totals.gross.amountMinor === 0 &&
  inv.lines.every((l) => l.net.amountMinor === 0 && l.tax.amount.amountMinor === 0);
