// The Sage 100 A/R invoice number of a KashFlow invoice: derived, never allocated, so a retry after a crash asks
// Sage for the same document (the idempotency anchor of the sales-invoice flow) and a payment can find the invoice
// it pays without asking anyone. Shared by the sales-invoice and payment flows: change it in one place only.
import { AppError } from "@/lib/errors";

/** Sage 100's AR InvoiceNo is 7 characters (spec §2.6). */
export const SAGE_INVOICE_NO_LENGTH = 7;

/** The company prefix keeps derived numbers apart from Sage's own numbering ("0001001"...). */
export const DEFAULT_SAGE_INVOICE_PREFIX = "K";

export type SageInvoiceKey = { invoiceNo: string; invoiceType: "IN" | "CM" };

const PREFIX = /^[A-Z]{0,6}$/;

export function normalisePrefix(prefix: string): string {
  const p = prefix.trim().toUpperCase();
  if (!PREFIX.test(p))
    throw new AppError("BAD_REQUEST", `The Sage 100 invoice prefix "${prefix}" must be up to 6 letters.`, {
      retryClass: "NEEDS_USER",
      reason: "InvalidInvoicePrefix",
    });
  return p;
}

/** KashFlow 123 with prefix "K" → "K000123"; a number too long for the prefix cannot be carried and says so. */
export function sageInvoiceNumber(kashflowNumber: string | number, prefix: string): string {
  const p = normalisePrefix(prefix);
  const digits = String(kashflowNumber).trim();
  if (!/^\d+$/.test(digits))
    throw new AppError("BAD_REQUEST", `KashFlow invoice number "${kashflowNumber}" is not a whole number.`, {
      retryClass: "NEEDS_USER",
      reason: "InvalidDocumentNumber",
    });
  const n = digits.replace(/^0+(?=\d)/, "");
  const room = SAGE_INVOICE_NO_LENGTH - p.length;
  if (n.length > room)
    throw new AppError(
      "BAD_REQUEST",
      `KashFlow invoice ${n} does not fit Sage 100's 7-character invoice number with the prefix "${p}". Choose a shorter prefix in sync settings.`,
      {
        retryClass: "NEEDS_USER",
        reason: "InvoiceNumberTooLong",
        fieldErrors: { number: [`at most ${room} digits with prefix "${p}"`] },
      },
    );
  return `${p}${n.padStart(room, "0")}`;
}

/** Credit notes become credit memos (CM) under the same derived number; invoices are IN. */
export function sageInvoiceKey(kashflowNumber: string | number, isCreditNote: boolean, prefix: string): SageInvoiceKey {
  return { invoiceNo: sageInvoiceNumber(kashflowNumber, prefix), invoiceType: isCreditNote ? "CM" : "IN" };
}

/** "K000123" → "123" when it is one of ours under this prefix; null for Sage's own invoices. */
export function kashflowNumberOfSageInvoice(invoiceNo: string, prefix: string): string | null {
  const p = normalisePrefix(prefix);
  const no = invoiceNo.trim().toUpperCase();
  if (no.length !== SAGE_INVOICE_NO_LENGTH || !no.startsWith(p)) return null;
  const digits = no.slice(p.length);
  if (!/^\d+$/.test(digits)) return null;
  return digits.replace(/^0+(?=\d)/, "");
}
