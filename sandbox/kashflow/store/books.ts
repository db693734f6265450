// One sandbox account's books: Maps keyed the way KashFlow addresses each resource, plus derived indexes
// so a request never scans 100,000 invoices when a key lookup will do.
import type {
  AuditEntry,
  BankAccountRec,
  BankTxRec,
  CompanySettings,
  CurrencyRec,
  DocKind,
  DocumentRec,
  NominalRec,
  PartyRec,
  PaymentMethodRec,
  ProductRec,
  VatRateRec,
} from "./types";

export type SeqName =
  | "party"
  | "contact"
  | "nominal"
  | "product"
  | "document"
  | "line"
  | "payment"
  | "bankAccount"
  | "bankTx"
  | "vatRate"
  | "currency"
  | "paymentMethod"
  | "auditTx"
  | "bulk"
  | "invoiceNumber"
  | "purchaseNumber";

/** Customer/supplier codes and product codes match case-insensitively (SQL Server default collation) [INF]. */
export const codeKey = (code: string): string => code.trim().toUpperCase();
export const productKey = (nominalCode: number, code: string): string => `${nominalCode}|${codeKey(code)}`;

export interface BooksData {
  settings: CompanySettings;
  seq: Record<SeqName, number>;
  customers: PartyRec[];
  suppliers: PartyRec[];
  nominals: NominalRec[];
  products: ProductRec[];
  invoices: DocumentRec[];
  purchases: DocumentRec[];
  bankAccounts: BankAccountRec[];
  bankTx: BankTxRec[];
  vatRates: VatRateRec[];
  currencies: CurrencyRec[];
  invoicePaymentMethods: PaymentMethodRec[];
  purchasePaymentMethods: PaymentMethodRec[];
  audit: AuditEntry[];
}

const CACHE_LIMIT = 24;

export class Books {
  readonly customers = new Map<string, PartyRec>();
  readonly suppliers = new Map<string, PartyRec>();
  readonly nominals = new Map<number, NominalRec>();
  readonly products = new Map<string, ProductRec>();
  readonly invoices = new Map<number, DocumentRec>();
  readonly purchases = new Map<number, DocumentRec>();
  readonly bankAccounts = new Map<number, BankAccountRec>();
  readonly bankTx = new Map<number, BankTxRec>();
  readonly vatRates = new Map<number, VatRateRec>();
  readonly currencies = new Map<string, CurrencyRec>();
  readonly paymentMethods = {
    invoice: new Map<number, PaymentMethodRec>(),
    purchase: new Map<number, PaymentMethodRec>(),
  };
  audit: AuditEntry[] = [];
  seq: Record<SeqName, number> = {
    party: 0,
    contact: 0,
    nominal: 0,
    product: 0,
    document: 0,
    line: 0,
    payment: 0,
    bankAccount: 0,
    bankTx: 0,
    vatRate: 0,
    currency: 0,
    paymentMethod: 0,
    auditTx: 0,
    bulk: 0,
    invoiceNumber: 0,
    purchaseNumber: 0,
  };

  // ---- derived indexes (rebuilt on load, never persisted) ----
  /** Document ids by party key, per kind: customer statistics and cascades without scans. */
  readonly docIdsByParty = { invoice: new Map<string, Set<number>>(), purchase: new Map<string, Set<number>>() };
  /** Document id → current number (numbers change on renumbering PUTs). */
  readonly docNumberById = { invoice: new Map<number, number>(), purchase: new Map<number, number>() };
  /** Bank feed per account; transfers are listed under both accounts (§10.3). */
  readonly bankTxByAccount = new Map<number, Set<number>>();
  /** Latest audit entry and change count per entity, for Current/ChangeCount. */
  readonly auditLatest = new Map<string, { tx: number; count: number }>();
  readonly auditByTx = new Map<number, AuditEntry>();

  /** Bumped on every mutation; list caches compare it. */
  version = 0;
  private readonly cache = new Map<string, { version: number; value: unknown }>();

  constructor(public settings: CompanySettings) {}

  next(name: SeqName): number {
    this.seq[name] += 1;
    return this.seq[name];
  }

  touch(): void {
    this.version += 1;
  }

  /** Memoises an expensive list computation until the next mutation. */
  cached<T>(key: string, compute: () => T): T {
    const hit = this.cache.get(key);
    if (hit && hit.version === this.version) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit.value as T;
    }
    const value = compute();
    this.cache.set(key, { version: this.version, value });
    if (this.cache.size > CACHE_LIMIT) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    return value;
  }

  docs(kind: DocKind): Map<number, DocumentRec> {
    return kind === "invoice" ? this.invoices : this.purchases;
  }
  parties(kind: DocKind): Map<string, PartyRec> {
    return kind === "invoice" ? this.customers : this.suppliers;
  }

  docById(kind: DocKind, id: number): DocumentRec | undefined {
    const n = this.docNumberById[kind].get(id);
    return n === undefined ? undefined : this.docs(kind).get(n);
  }

  putDoc(doc: DocumentRec, previousNumber?: number): void {
    const map = this.docs(doc.Kind);
    if (previousNumber !== undefined && previousNumber !== doc.Number) map.delete(previousNumber);
    map.set(doc.Number, doc);
    this.docNumberById[doc.Kind].set(doc.Id, doc.Number);
    this.indexParty(doc);
    this.touch();
  }

  /** Re-files a document under its (possibly changed) party. */
  indexParty(doc: DocumentRec, previousParty?: string): void {
    const idx = this.docIdsByParty[doc.Kind];
    if (previousParty !== undefined) idx.get(codeKey(previousParty))?.delete(doc.Id);
    const key = codeKey(doc.PartyCode);
    let set = idx.get(key);
    if (!set) idx.set(key, (set = new Set()));
    set.add(doc.Id);
  }

  removeDoc(doc: DocumentRec): void {
    this.docs(doc.Kind).delete(doc.Number);
    this.docNumberById[doc.Kind].delete(doc.Id);
    this.docIdsByParty[doc.Kind].get(codeKey(doc.PartyCode))?.delete(doc.Id);
    this.touch();
  }

  docsOfParty(kind: DocKind, partyCode: string): DocumentRec[] {
    const ids = this.docIdsByParty[kind].get(codeKey(partyCode));
    if (!ids) return [];
    const out: DocumentRec[] = [];
    for (const id of ids) {
      const d = this.docById(kind, id);
      if (d) out.push(d);
    }
    return out;
  }

  putBankTx(tx: BankTxRec): void {
    const prev = this.bankTx.get(tx.Id);
    if (prev) this.unindexBankTx(prev);
    this.bankTx.set(tx.Id, tx);
    for (const acc of [tx.AccountId, tx.TransferAccountId]) {
      if (acc === null) continue;
      let set = this.bankTxByAccount.get(acc);
      if (!set) this.bankTxByAccount.set(acc, (set = new Set()));
      set.add(tx.Id);
    }
    this.touch();
  }

  removeBankTx(id: number): BankTxRec | undefined {
    const tx = this.bankTx.get(id);
    if (!tx) return undefined;
    this.unindexBankTx(tx);
    this.bankTx.delete(id);
    this.touch();
    return tx;
  }

  private unindexBankTx(tx: BankTxRec): void {
    this.bankTxByAccount.get(tx.AccountId)?.delete(tx.Id);
    if (tx.TransferAccountId !== null) this.bankTxByAccount.get(tx.TransferAccountId)?.delete(tx.Id);
  }

  bankFeed(accountId: number): BankTxRec[] {
    const ids = this.bankTxByAccount.get(accountId);
    if (!ids) return [];
    const out: BankTxRec[] = [];
    for (const id of ids) {
      const tx = this.bankTx.get(id);
      if (tx) out.push(tx);
    }
    return out;
  }

  /** Appends to the change log; TX numbers ascend per account (§9). */
  appendAudit(entry: Omit<AuditEntry, "TransactionNumber" | "ChangeIndex">): AuditEntry {
    const latest = this.auditLatest.get(entry.EntityKey);
    // The caller hands over a fresh object; completing it in place avoids a copy per change.
    const full = entry as AuditEntry;
    full.TransactionNumber = this.next("auditTx");
    full.ChangeIndex = latest ? latest.count : 0;
    this.audit.push(full);
    this.auditByTx.set(full.TransactionNumber, full);
    this.auditLatest.set(entry.EntityKey, { tx: full.TransactionNumber, count: (latest?.count ?? 0) + 1 });
    this.touch();
    return full;
  }

  defaultBankAccount(): BankAccountRec | undefined {
    let first: BankAccountRec | undefined;
    for (const b of this.bankAccounts.values()) {
      if (b.IsDefaultAccount && !b.IsArchived) return b;
      if (!first && !b.IsArchived) first = b;
    }
    return first;
  }

  static fromData(data: BooksData): Books {
    const b = new Books(data.settings);
    b.seq = { ...b.seq, ...data.seq };
    for (const c of data.customers) b.customers.set(codeKey(c.Code), c);
    for (const s of data.suppliers) b.suppliers.set(codeKey(s.Code), s);
    for (const n of data.nominals) b.nominals.set(n.Code, n);
    for (const p of data.products) b.products.set(productKey(p.NominalCode, p.Code), p);
    for (const d of [...data.invoices, ...data.purchases]) {
      b.docs(d.Kind).set(d.Number, d);
      b.docNumberById[d.Kind].set(d.Id, d.Number);
      b.indexParty(d);
    }
    for (const a of data.bankAccounts) b.bankAccounts.set(a.Id, a);
    for (const t of data.bankTx) b.putBankTx(t);
    for (const v of data.vatRates) b.vatRates.set(v.VATId, v);
    for (const c of data.currencies) b.currencies.set(c.Code.toUpperCase(), c);
    for (const m of data.invoicePaymentMethods) b.paymentMethods.invoice.set(m.Id, m);
    for (const m of data.purchasePaymentMethods) b.paymentMethods.purchase.set(m.Id, m);
    b.audit = data.audit;
    for (const e of data.audit) {
      b.auditByTx.set(e.TransactionNumber, e);
      const latest = b.auditLatest.get(e.EntityKey);
      b.auditLatest.set(e.EntityKey, { tx: e.TransactionNumber, count: (latest?.count ?? 0) + 1 });
    }
    b.version = 0;
    return b;
  }
}
