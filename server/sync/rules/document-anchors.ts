// Deterministic Sage 100 keys for documents Ledgerlink writes, so a retry after a crash finds what it made: A/P
// invoice numbers (vendor + up to 10 characters), cash receipt check numbers (customer + up to 10 characters) and
// A/P manual check numbers (bank code + up to 10 characters).
// Ledgerlink's own check numbers start with "KF"/"KR"/"KC", which is how its receipts are told from a person's.

const MAX = 10;

/** "KF12345678" while the digits fit, else "KF-" + base 36 (digits never contain "-", so the two never meet). */
function anchor(prefix: string, id: string): string {
  const digits = id.trim().replace(/^0+(?=\d)/, "");
  if (!/^\d+$/.test(digits)) throw new Error(`Not a numeric id: ${id}`);
  const plain = `${prefix}${digits}`;
  return plain.length <= MAX ? plain : `${prefix}-${BigInt(digits).toString(36).toUpperCase()}`.slice(0, MAX);
}

export const RECEIPT_PREFIX = { payment: "KF", reversal: "KR", credit: "KC" } as const;

/** The CheckNo of the receipt carrying KashFlow payment `paymentId` (or reversing it, or applying a credit note). */
export const receiptCheckNo = (kind: keyof typeof RECEIPT_PREFIX, paymentId: string): string =>
  anchor(RECEIPT_PREFIX[kind], paymentId);

/** The A/P manual check number carrying KashFlow supplier payment `paymentId` (unique per bank code in Sage). */
export const apCheckNo = (paymentId: string): string => anchor("KF", paymentId);

/** Receipts Ledgerlink entered itself (carried from KashFlow): never carried back. */
export const isLedgerlinkCheckNo = (checkNo: string): boolean => /^K[FRC](\d|-)/.test(checkNo.trim().toUpperCase());

/** What Sage keeps of a supplier's invoice number: trimmed, upper case, at most 10 characters, or nothing. */
export function supplierInvoiceNo(reference: string | null): string | null {
  const ref = reference?.trim().toUpperCase() ?? "";
  return ref && ref.length <= MAX && /^[A-Z0-9][A-Z0-9 ./_#-]*$/.test(ref) ? ref : null;
}

/** A/P invoice numbers to try in order: the supplier's own number when Sage can hold it, else "KF" + the KashFlow number. */
export function apInvoiceCandidates(o: { supplierReference: string | null; kashflowNumber: string }): string[] {
  const own = supplierInvoiceNo(o.supplierReference);
  const fallback = anchor("KF", o.kashflowNumber);
  return own && own !== fallback ? [own, fallback] : [fallback];
}

/** The A/P invoice that reverses a deleted KashFlow purchase. */
export const apReversalNo = (kashflowNumber: string): string => anchor("KFR", kashflowNumber);
