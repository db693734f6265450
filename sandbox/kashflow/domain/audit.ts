// The internal change log behind GET /reports/business/audit (§9) — the only feed of edits and deletes.
import { toHome } from "../money";
import type { Books } from "../store/books";
import type { AuditEntry, BankTxRec, DocumentRec, PartyRec, PaymentRec } from "../store/types";

export interface AuditUser {
  UserName: string;
  FullName: string;
}

type NewEntry = Omit<AuditEntry, "TransactionNumber" | "ChangeIndex">;

function nominalList(books: Books, codes: Iterable<number>): { Code: number; Name: string }[] {
  const seen = new Set<number>();
  const out: { Code: number; Name: string }[] = [];
  for (const c of codes) {
    if (seen.has(c)) continue;
    seen.add(c);
    out.push({ Code: c, Name: books.nominals.get(c)?.Name ?? "" });
  }
  return out;
}

/** Sage-style codes (§9): SI/SC sales invoice/credit, PI/PC purchase invoice/credit. */
export function docTypeCode(doc: DocumentRec): string {
  const credit = doc.GrossAmount < 0;
  return doc.Kind === "invoice" ? (credit ? "SC" : "SI") : credit ? "PC" : "PI";
}

export function logDocument(
  books: Books,
  doc: DocumentRec,
  party: PartyRec | undefined,
  user: AuditUser,
  now: string,
  deleted: boolean,
): AuditEntry {
  const groups = new Map<string, { IsExempt: boolean; Rate: number; Vat: number }>();
  for (const l of doc.LineItems) {
    const key = `${l.VATExempt}|${l.VATLevel}`;
    const g = groups.get(key) ?? { IsExempt: l.VATExempt, Rate: l.VATLevel, Vat: 0 };
    g.Vat += l.VATAmount;
    groups.set(key, g);
  }
  const sales = doc.Kind === "invoice";
  const entry: NewEntry = {
    CreatedDate: now,
    TransactionType: docTypeCode(doc),
    // [DOC] the audit trail shows an invoice/purchase at its due date.
    Date: doc.DueDate,
    Reference: doc.Reference,
    Value: doc.HomeGrossAmount,
    Narrative: party?.Name ?? doc.PartyCode,
    Vat: [...groups.values()].map((g) => {
      const home = toHome(g.Vat, doc.ExchangeRate);
      return { IsExempt: g.IsExempt, Rate: g.Rate, Input: sales ? 0 : home, Output: sales ? home : 0 };
    }),
    Nominal: nominalList(
      books,
      doc.LineItems.map((l) => l.NominalCode),
    ),
    FullName: user.FullName,
    UserName: user.UserName,
    EntityNumber: doc.Number,
    EntityReferance: doc.PartyCode,
    EntityId: doc.Id,
    BankAccountId: null,
    IsDeleted: deleted,
    Category: sales ? "salesinvoices" : "purchaseinvoices",
    EntityKey: `${doc.Kind}:${doc.Id}`,
  };
  return books.appendAudit(entry);
}

export function logPayment(
  books: Books,
  doc: DocumentRec,
  p: PaymentRec,
  user: AuditUser,
  now: string,
  deleted: boolean,
): AuditEntry {
  const bank = books.bankAccounts.get(p.AccountId);
  const sales = doc.Kind === "invoice";
  return books.appendAudit({
    CreatedDate: now,
    // SR sales receipt, PP purchase payment.
    TransactionType: sales ? "SR" : "PP",
    Date: p.Date,
    Reference: p.Reference || doc.Reference,
    Value: p.Amount,
    Narrative: p.Note || `Payment for ${sales ? "invoice" : "purchase"} ${doc.Number}`,
    Vat: [],
    Nominal: bank ? [{ Code: bank.Code, Name: bank.AccountName }] : [],
    FullName: user.FullName,
    UserName: user.UserName,
    EntityNumber: doc.Number,
    EntityReferance: doc.PartyCode,
    EntityId: p.Id,
    BankAccountId: p.AccountId,
    IsDeleted: deleted,
    Category: sales ? "salesinvoicepayments" : "purchaseinvoicepayments",
    EntityKey: `${sales ? "invpay" : "purpay"}:${p.Id}`,
  });
}

export function logBankTx(books: Books, tx: BankTxRec, user: AuditUser, now: string, deleted: boolean): AuditEntry {
  const isTransfer = tx.TransferAccountId !== null;
  const type = isTransfer ? "JC" : tx.PaidIn > 0 ? "BR" : "BP";
  return books.appendAudit({
    CreatedDate: now,
    TransactionType: type,
    Date: tx.Date,
    Reference: tx.Comment,
    Value: tx.PaidIn > 0 ? tx.PaidIn : tx.PaidOut,
    Narrative: tx.Comment,
    Vat: tx.VATAble
      ? [
          {
            IsExempt: false,
            Rate: tx.VATRate,
            Input: tx.PaidOut > 0 ? tx.VATAmount : 0,
            Output: tx.PaidIn > 0 ? tx.VATAmount : 0,
          },
        ]
      : [],
    Nominal: nominalList(books, [tx.MoneyType]),
    FullName: user.FullName,
    UserName: user.UserName,
    EntityNumber: tx.Id,
    EntityReferance: tx.CustomerCode || tx.SupplierCode,
    EntityId: tx.Id,
    BankAccountId: tx.AccountId,
    IsDeleted: deleted,
    Category: "banktransactions",
    EntityKey: `banktx:${tx.Id}`,
  });
}

export interface AuditQuery {
  basedOn: 0 | 1 | 2;
  transactionNumber: number | null;
  /** Inclusive bounds: "YYYY-MM-DD" (whole day) or "YYYY-MM-DD HH:mm:ss". */
  start: string | null;
  end: string | null;
  include: Record<
    | "salesinvoices"
    | "salesinvoicepayments"
    | "purchaseinvoices"
    | "purchaseinvoicepayments"
    | "banktransactions"
    | "journal",
    boolean
  >;
  includeDeleted: boolean;
  userName: string | null;
}

/** Filters the change log; rows stay in TransactionNumber order unless the caller sorts. */
export function queryAudit(books: Books, q: AuditQuery): AuditEntry[] {
  if (q.basedOn === 0) {
    if (q.transactionNumber === null) return [];
    const e = books.auditByTx.get(q.transactionNumber);
    return e ? [e] : [];
  }
  const user = q.userName?.toLowerCase() ?? null;
  const out: AuditEntry[] = [];
  for (const e of books.audit) {
    if (!q.include[e.Category]) continue;
    if (e.IsDeleted && !q.includeDeleted) continue;
    if (user && e.UserName.toLowerCase() !== user && e.FullName.toLowerCase() !== user) continue;
    const stamp = q.basedOn === 2 ? e.CreatedDate : e.Date;
    // Date-only bounds are inclusive whole days; bounds with a time compare to the second.
    if (q.start && (q.start.length === 10 ? stamp.slice(0, 10) < q.start : stamp < q.start)) continue;
    if (q.end && (q.end.length === 10 ? stamp.slice(0, 10) > q.end : stamp > q.end)) continue;
    out.push(e);
  }
  return out;
}
