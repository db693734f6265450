// Invoices and purchases share one model: server-computed totals (§14 rounding), statuses, stock,
// payment lines mirrored as bank transactions, and the change log that feeds the audit report.
import type { BehaviourConfig } from "../config";
import { badRequest } from "../errors";
import { addDays, businessDate, daysBetween, endOfMonth, formatTimestamp, ymdOf } from "../format";
import { lineNet, lineVat, toHome } from "../money";
import { codeKey, productKey, type Books } from "../store/books";
import type {
  AddressRec,
  BankTxRec,
  DeliveryAddressRec,
  DocKind,
  DocumentRec,
  LineRec,
  PartyRec,
  PaymentRec,
  ProductRec,
  Scalar,
} from "../store/types";
import { logDocument, logPayment, type AuditUser } from "./audit";
import { newGuidFrom, type GuidSource } from "./ids";

export interface DocContext {
  books: Books;
  cfg: BehaviourConfig;
  now: number;
  user: AuditUser;
  /** Deterministic GUIDs for seeding; random otherwise. */
  guid?: GuidSource;
}

export interface LineInput {
  Id?: number | null;
  Number?: number | null;
  Description?: string | null;
  Quantity?: number | null;
  Rate?: number | null;
  VATLevel?: number | null;
  VATExempt?: boolean | null;
  VATAmount?: number | null;
  NominalCode?: number | null;
  ProductCode?: string | null;
  ProjectNumber?: number | null;
  TaxCode?: string | null;
  Disallowed?: boolean | null;
  ImportDuty?: number | null;
}

export interface PaymentInput {
  Id?: number | null;
  /** YYYY-MM-DD */
  Date?: string | null;
  Amount?: number | null;
  Method?: number | null;
  AccountId?: number | null;
  Reference?: string | null;
  Note?: string | null;
  BulkId?: number | null;
  BFSTransactionId?: string | null;
  PaymentProcessor?: number | null;
  IsExternalRefund?: boolean | null;
  IsPaymentCreditNote?: boolean | null;
}

export interface DocInput {
  Number?: number | null;
  PartyCode?: string | null;
  /** YYYY-MM-DD */
  IssuedDate?: string | null;
  DueDate?: string | null;
  Reference?: string | null;
  ProjectNumber?: number | null;
  CurrencyCode?: string | null;
  ExchangeRate?: number | null;
  Address?: AddressRec | null;
  DeliveryAddress?: DeliveryAddressRec | null;
  UseCustomDeliveryAddress?: boolean | null;
  IsArchived?: boolean | null;
  Fields?: Record<string, Scalar>;
  LineItems?: LineInput[] | null;
  PaymentLines?: PaymentInput[] | null;
}

export const KIND = {
  invoice: {
    label: "Invoice",
    party: "Customer",
    nominalType: 1,
    stockSign: -1,
    bankTxType: 1,
    controlNominal: 1100,
    methods: "invoice" as const,
  },
  purchase: {
    label: "Purchase",
    party: "Supplier",
    nominalType: 2,
    stockSign: 1,
    bankTxType: 2,
    controlNominal: 2100,
    methods: "purchase" as const,
  },
};

const ONE = 10_000;

// ---- derived state ---------------------------------------------------------------------------

export interface DocStatus {
  Status: "Paid" | "Unpaid" | "Overdue" | "Overpaid" | "NA";
  DueAmount: number;
  OverdueDays: number;
  PaidDate: string | null;
  LastPaymentDate: string | null;
}

/** §7.2: TotalPaidAmount = Σ lines, DueAmount = Gross − paid, Status from the sign of what is left. */
export function docStatus(doc: DocumentRec, today: string, cfg: BehaviourConfig): DocStatus {
  const inHome = cfg.foreignDueAmountCurrency === "home" || doc.ExchangeRate === ONE;
  const gross = inHome ? doc.HomeGrossAmount : doc.GrossAmount;
  const paid = inHome ? doc.TotalPaidAmount : Math.round((doc.TotalPaidAmount * doc.ExchangeRate) / ONE);
  const due = gross - paid;
  let last: string | null = null;
  for (const p of doc.PaymentLines) if (last === null || p.Date > last) last = p.Date;
  let Status: DocStatus["Status"];
  const sign = gross >= 0 ? 1 : -1;
  if (gross === 0 && paid === 0) Status = "NA";
  else if (sign * due < 0) Status = "Overpaid";
  else if (due === 0) Status = "Paid";
  else if (ymdOf(doc.DueDate) < today) Status = "Overdue";
  else Status = "Unpaid";
  return {
    Status,
    DueAmount: due,
    OverdueDays: Status === "Overdue" ? daysBetween(ymdOf(doc.DueDate), today) : 0,
    PaidDate: Status === "Paid" || Status === "Overpaid" ? last : null,
    LastPaymentDate: last,
  };
}

/** Default due date from the party's PaymentTerms (AfterIssuedDate / AfterMonthEnd). */
export function dueDateFor(party: PartyRec | undefined, issuedYmd: string): string {
  const terms = party?.PaymentTerms ?? { Type: "AfterIssuedDate", Days: 30 };
  const base = /month/i.test(terms.Type) ? endOfMonth(issuedYmd) : issuedYmd;
  return addDays(base, terms.Days);
}

function stockProduct(books: Books, kind: DocKind, line: LineRec): ProductRec | undefined {
  if (!line.ProductCode) return undefined;
  const direct = books.products.get(productKey(line.NominalCode, line.ProductCode));
  if (kind === "invoice") return direct?.ManageStockLevel ? direct : undefined;
  // Purchases raise stock of the product whose purchase nominal this line is posted to (§6.2).
  for (const p of books.products.values()) {
    if (
      p.ManageStockLevel &&
      p.PurchaseNominalCode === line.NominalCode &&
      codeKey(p.Code) === codeKey(line.ProductCode)
    )
      return p;
  }
  return undefined;
}

function stockEffect(books: Books, kind: DocKind, lines: LineRec[]): Map<ProductRec, number> {
  const out = new Map<ProductRec, number>();
  for (const l of lines) {
    const p = stockProduct(books, kind, l);
    if (p) out.set(p, (out.get(p) ?? 0) + KIND[kind].stockSign * l.Quantity);
  }
  return out;
}

function applyStock(books: Books, before: Map<ProductRec, number>, after: Map<ProductRec, number>, now: string): void {
  const products = new Set([...before.keys(), ...after.keys()]);
  for (const p of products) {
    const delta = (after.get(p) ?? 0) - (before.get(p) ?? 0);
    if (delta !== 0) {
      p.QuantityInStock += delta;
      p.LastUpdatedDate = now;
    }
  }
}

// ---- validation helpers ----------------------------------------------------------------------

function checkLocked(books: Books, doc: DocumentRec, action: string): void {
  const label = KIND[doc.Kind].label.toLowerCase();
  if (doc.VATReturnId !== 0)
    throw badRequest(`This ${label} is included in a VAT return and cannot be ${action}.`, "TransactionLocked");
  const lock = books.settings.TransactionLockDate;
  if (lock && ymdOf(doc.IssuedDate) < lock)
    throw badRequest(
      `This ${label} is dated before the transaction lock date and cannot be ${action}.`,
      "TransactionLocked",
    );
}

function checkBankLock(books: Books, accountId: number, date: string): void {
  const acc = books.bankAccounts.get(accountId);
  if (acc?.TransactionLockEnabled && acc.TransactionLockDate && ymdOf(date) < ymdOf(acc.TransactionLockDate))
    throw badRequest(
      `Bank account ${accountId} is locked for transactions before ${ymdOf(acc.TransactionLockDate)}.`,
      "TransactionLocked",
    );
}

function vatLevelAllowed(books: Books, level: number): boolean {
  for (const r of books.vatRates.values()) if (r.VATRate === level) return true;
  return false;
}

function findProductForCode(books: Books, kind: DocKind, code: string, nominal: number | null): ProductRec | undefined {
  if (nominal !== null) {
    const direct = books.products.get(productKey(nominal, code));
    if (direct) return direct;
    if (kind === "purchase") {
      for (const p of books.products.values())
        if (p.PurchaseNominalCode === nominal && codeKey(p.Code) === codeKey(code)) return p;
    }
    return undefined;
  }
  const matches: ProductRec[] = [];
  for (const p of books.products.values()) if (codeKey(p.Code) === codeKey(code)) matches.push(p);
  return matches.length === 1 ? matches[0] : undefined;
}

function buildLine(
  ctx: DocContext,
  kind: DocKind,
  party: PartyRec,
  input: LineInput,
  prev: LineRec | undefined,
  index: number,
): LineRec {
  const { books, cfg } = ctx;
  const where = `LineItems[${index}]`;
  const productCode = (input.ProductCode ?? prev?.ProductCode ?? "").trim();
  let nominalCode = input.NominalCode ?? prev?.NominalCode ?? null;
  let product: ProductRec | undefined;
  if (productCode) {
    product = findProductForCode(books, kind, productCode, nominalCode);
    if (!product && (kind === "invoice" || nominalCode === null))
      throw badRequest(
        `${where}: product '${productCode}' does not exist${nominalCode === null ? "" : ` under nominal ${nominalCode}`}.`,
      );
    if (nominalCode === null && product)
      nominalCode = kind === "invoice" ? product.NominalCode : product.PurchaseNominalCode;
  }
  if (nominalCode === null) {
    const def = Number(party.Fields.DefaultNominalCode ?? 0);
    nominalCode = def > 0 ? def : kind === "invoice" ? 4000 : 5000;
  }
  const nominal = books.nominals.get(nominalCode);
  if (!nominal) throw badRequest(`${where}: nominal code ${nominalCode} does not exist.`);
  if (cfg.enforceNominalTypes) {
    const ok = kind === "invoice" ? nominal.NomType === 1 : nominal.NomType === 2 || nominal.Classification === 4;
    if (!ok)
      throw badRequest(
        `${where}: nominal code ${nominalCode} is not a ${kind === "invoice" ? "sales" : "purchase"} nominal.`,
      );
  }
  const wholesale = party.Fields.ReceivesWholesalePricing === true;
  const defaultRate = kind === "invoice" && product ? (wholesale ? product.WholeSalePrice : product.Price) : 0;
  const quantity = input.Quantity ?? prev?.Quantity ?? ONE;
  const rate = input.Rate ?? prev?.Rate ?? defaultRate;
  const exempt = input.VATExempt ?? prev?.VATExempt ?? product?.VATExempt ?? false;
  let level = exempt ? 0 : (input.VATLevel ?? prev?.VATLevel ?? product?.VATRate ?? 20 * ONE);
  if (exempt) level = 0;
  else if (!vatLevelAllowed(books, level))
    throw badRequest(`${where}: VATLevel ${level / ONE} is not a configured VAT rate.`);
  const net = lineNet(quantity, rate);
  const computedVat = exempt ? 0 : lineVat(net, level);
  const vat = cfg.acceptClientVatAmount && input.VATAmount != null && !exempt ? input.VATAmount : computedVat;
  return {
    Id: prev?.Id ?? books.next("line"),
    Number: input.Number ?? prev?.Number ?? index + 1,
    Description: input.Description ?? prev?.Description ?? product?.Description ?? product?.Name ?? "",
    Quantity: quantity,
    Rate: rate,
    VATLevel: level,
    VATExempt: exempt,
    VATAmount: vat,
    Net: net,
    NominalCode: nominalCode,
    ProductCode: product ? product.Code : productCode,
    ProjectNumber: input.ProjectNumber ?? prev?.ProjectNumber ?? 0,
    TaxCode: input.TaxCode ?? prev?.TaxCode ?? null,
    Disallowed: input.Disallowed ?? prev?.Disallowed ?? false,
    ImportDuty: input.ImportDuty ?? prev?.ImportDuty ?? 0,
  };
}

function buildPayment(
  ctx: DocContext,
  kind: DocKind,
  input: PaymentInput,
  prev: PaymentRec | undefined,
  index: number,
  today: string,
): PaymentRec {
  const { books } = ctx;
  const where = `PaymentLines[${index}]`;
  const amount = input.Amount ?? prev?.Amount;
  if (amount == null || amount === 0) throw badRequest(`${where}: Amount is required and must not be zero.`);
  const accountId = input.AccountId ?? prev?.AccountId ?? books.defaultBankAccount()?.Id;
  if (accountId == null || !books.bankAccounts.has(accountId))
    throw badRequest(`${where}: AccountId ${accountId ?? "(none)"} is not a bank account.`);
  const bank = books.bankAccounts.get(accountId);
  const methods = books.paymentMethods[KIND[kind].methods];
  const defaultMethod =
    (kind === "invoice" ? bank?.DefaultInvoicePaymentType : bank?.DefaultPurchasePaymentType) ??
    methods.keys().next().value;
  const method = input.Method ?? prev?.Method ?? defaultMethod;
  if (method == null || !methods.has(method))
    throw badRequest(`${where}: Method ${method ?? "(none)"} is not a ${kind} payment method.`);
  const date = input.Date ? businessDate(input.Date) : (prev?.Date ?? businessDate(today));
  return {
    Id: prev?.Id ?? books.next("payment"),
    Date: date,
    Amount: amount,
    Method: method,
    AccountId: accountId,
    Reference: input.Reference ?? prev?.Reference ?? "",
    Note: input.Note ?? prev?.Note ?? "",
    BulkId: input.BulkId ?? prev?.BulkId ?? null,
    BFSTransactionId: input.BFSTransactionId ?? prev?.BFSTransactionId ?? null,
    PaymentProcessor: input.PaymentProcessor ?? prev?.PaymentProcessor ?? 0,
    IsExternalRefund: input.IsExternalRefund ?? prev?.IsExternalRefund ?? false,
    IsPaymentCreditNote: input.IsPaymentCreditNote ?? prev?.IsPaymentCreditNote ?? false,
    BankTransactionId: prev?.BankTransactionId ?? null,
    VATReturnId: prev?.VATReturnId ?? 0,
    Guid: prev?.Guid ?? newGuidFrom(ctx.guid),
    CreatedDate: prev?.CreatedDate ?? formatTimestamp(ctx.now),
  };
}

const paymentChanged = (a: PaymentRec, b: PaymentRec): boolean =>
  a.Date !== b.Date ||
  a.Amount !== b.Amount ||
  a.Method !== b.Method ||
  a.AccountId !== b.AccountId ||
  a.Reference !== b.Reference ||
  a.Note !== b.Note;

/** Merges the input array with existing rows by Id: rows with an Id update, rows without are new (§14). */
function mergeById<I extends { Id?: number | null }, R extends { Id: number }>(
  inputs: I[] | null | undefined,
  existing: R[],
  replace: boolean,
  what: string,
  build: (input: I, prev: R | undefined, index: number) => R,
): R[] {
  if (inputs == null) return replace ? [] : existing.map((r, i) => build({} as I, r, i));
  const byId = new Map(existing.map((r) => [r.Id, r]));
  const out: R[] = [];
  const seen = new Set<number>();
  inputs.forEach((input, i) => {
    let prev: R | undefined;
    if (input.Id != null && input.Id !== 0) {
      prev = byId.get(input.Id);
      if (!prev) throw badRequest(`${what}[${i}]: Id ${input.Id} does not exist on this document.`);
      if (seen.has(input.Id)) throw badRequest(`${what}[${i}]: Id ${input.Id} appears twice.`);
      seen.add(input.Id);
    }
    out.push(build(input, prev, i));
  });
  if (!replace) {
    existing.forEach((r, i) => {
      if (!seen.has(r.Id)) out.push(build({} as I, r, inputs.length + i));
    });
  }
  return out;
}

// ---- payments ↔ bank transactions -------------------------------------------------------------

function syncPaymentTx(ctx: DocContext, doc: DocumentRec, p: PaymentRec, auditTx: number): void {
  const { books } = ctx;
  const now = formatTimestamp(ctx.now);
  const prev = p.BankTransactionId === null ? undefined : books.bankTx.get(p.BankTransactionId);
  const incoming = doc.Kind === "invoice" ? p.Amount > 0 : p.Amount < 0;
  const abs = Math.abs(p.Amount);
  const tx: BankTxRec = {
    Id: prev?.Id ?? books.next("bankTx"),
    AccountId: p.AccountId,
    TransferAccountId: null,
    TransactionNumber: auditTx,
    Date: p.Date,
    MoneyType: KIND[doc.Kind].controlNominal,
    Comment: p.Note || `${KIND[doc.Kind].label} ${doc.Number}`,
    PaidIn: incoming ? abs : 0,
    PaidOut: incoming ? 0 : abs,
    VATAble: false,
    VATRate: 0,
    VATAmount: 0,
    VATPaid: false,
    ProjectNumber: doc.ProjectNumber,
    CustomerCode: doc.Kind === "invoice" ? doc.PartyCode : "",
    SupplierCode: doc.Kind === "purchase" ? doc.PartyCode : "",
    TransactionType: KIND[doc.Kind].bankTxType,
    Disallowed: false,
    PaymentId: p.Id,
    DocumentKind: doc.Kind,
    DocumentId: doc.Id,
    BFSTransactionId: p.BFSTransactionId,
    Reconciled: prev?.Reconciled ?? false,
    ReconciledId: prev?.ReconciledId ?? 0,
    VATReturnId: 0,
    IsSystemGeneratedTransaction: false,
    IsBulk: p.BulkId !== null,
    CreatedDate: prev?.CreatedDate ?? now,
    LastUpdatedDate: now,
  };
  p.BankTransactionId = tx.Id;
  books.putBankTx(tx);
}

// ---- save / delete ---------------------------------------------------------------------------

export interface SaveResult {
  doc: DocumentRec;
  /** 201 for creates and renumbering PUTs, 200 otherwise (§3.5). */
  status: 200 | 201;
}

export function nextDocNumber(books: Books, kind: DocKind): number {
  return (kind === "invoice" ? books.seq.invoiceNumber : books.seq.purchaseNumber) + 1;
}

function bumpNumber(books: Books, kind: DocKind, n: number): void {
  const k = kind === "invoice" ? "invoiceNumber" : "purchaseNumber";
  if (n > books.seq[k]) books.seq[k] = n;
}

export function saveDocument(
  ctx: DocContext,
  kind: DocKind,
  existing: DocumentRec | null,
  input: DocInput,
): SaveResult {
  const { books, cfg } = ctx;
  const K = KIND[kind];
  const nowText = formatTimestamp(ctx.now);
  const today = nowText.slice(0, 10);
  if (existing) checkLocked(books, existing, "edited");

  // Party
  const partyCode = input.PartyCode?.trim() || existing?.PartyCode;
  if (!partyCode) throw badRequest(`${K.party}Code is required.`);
  const party = books.parties(kind).get(codeKey(partyCode));
  if (!party) throw badRequest(`${K.party} with code '${partyCode}' does not exist.`);

  // Number (§7.1 duplicate mode; §3.1 PUT with a different Number renumbers → 201)
  const docs = books.docs(kind);
  let number: number;
  let status: 200 | 201 = existing ? 200 : 201;
  const wanted = input.Number != null && input.Number > 0 ? input.Number : null;
  if (!existing) {
    if (wanted === null) number = nextDocNumber(books, kind);
    else if (!docs.has(wanted)) number = wanted;
    else if (cfg.duplicateNumberMode === "renumber") number = nextDocNumber(books, kind);
    else throw badRequest(`${K.label} number ${wanted} already exists.`);
  } else if (wanted !== null && wanted !== existing.Number) {
    if (docs.has(wanted)) throw badRequest(`${K.label} number ${wanted} already exists.`);
    number = wanted;
    status = 201;
  } else number = existing.Number;

  // Dates
  const issued = input.IssuedDate ?? (existing ? ymdOf(existing.IssuedDate) : today);
  const lock = books.settings.TransactionLockDate;
  if (lock && issued < lock)
    throw badRequest(`${K.label} date ${issued} is before the transaction lock date ${lock}.`, "TransactionLocked");
  const issuedChanged = existing ? ymdOf(existing.IssuedDate) !== issued : true;
  const partyChanged = existing ? codeKey(existing.PartyCode) !== codeKey(party.Code) : true;
  const due =
    input.DueDate ??
    (existing && !issuedChanged && !partyChanged ? ymdOf(existing.DueDate) : dueDateFor(party, issued));
  if (due < issued) throw badRequest(`DueDate ${due} is before IssuedDate ${issued}.`);

  // Currency (§8.4: ExchangeRate = foreign units per GBP)
  const currencyCode = (
    input.CurrencyCode?.trim() ||
    existing?.CurrencyCode ||
    party.CurrencyCode ||
    "GBP"
  ).toUpperCase();
  const currency = books.currencies.get(currencyCode);
  if (!currency) throw badRequest(`Currency '${currencyCode}' is not configured.`);
  let rate =
    currencyCode === "GBP"
      ? ONE
      : (input.ExchangeRate ??
        (existing?.CurrencyCode === currencyCode ? existing.ExchangeRate : currency.ExchangeRate));
  if (rate <= 0) throw badRequest("ExchangeRate must be greater than zero.");
  if (currencyCode === "GBP") rate = ONE;

  // Lines and payments
  const replace = kind === "invoice" ? cfg.putReplacesInvoiceArrays : cfg.putReplacesPurchaseArrays;
  const lines = mergeById(
    input.LineItems,
    existing?.LineItems ?? [],
    replace || !existing,
    "LineItems",
    (li, prev, i) => buildLine(ctx, kind, party, li, prev, i),
  );
  const oldPayments = existing?.PaymentLines ?? [];
  const payments = mergeById(input.PaymentLines, oldPayments, replace || !existing, "PaymentLines", (pi, prev, i) =>
    buildPayment(ctx, kind, pi, prev, i, today),
  );
  const oldById = new Map(oldPayments.map((p) => [p.Id, p]));
  const newIds = new Set(payments.map((p) => p.Id));
  for (const p of payments) {
    const prev = oldById.get(p.Id);
    if (prev && !paymentChanged(prev, p)) continue;
    if (prev?.VATReturnId)
      throw badRequest(`Payment ${p.Id} is included in a VAT return and cannot be changed.`, "TransactionLocked");
    if (prev) checkBankLock(books, prev.AccountId, prev.Date);
    checkBankLock(books, p.AccountId, p.Date);
  }
  for (const p of oldPayments) {
    if (newIds.has(p.Id)) continue;
    if (p.VATReturnId)
      throw badRequest(`Payment ${p.Id} is included in a VAT return and cannot be removed.`, "TransactionLocked");
    checkBankLock(books, p.AccountId, p.Date);
  }

  // Totals: sums of per-line rounded amounts (§14); home amounts per document ÷ rate.
  let net = 0;
  let vat = 0;
  for (const l of lines) {
    net += l.Net;
    vat += l.VATAmount;
  }
  let paid = 0;
  for (const p of payments) paid += p.Amount;

  const defaultAddress = (party.Addresses[0] as AddressRec | undefined) ?? null;
  const doc: DocumentRec = {
    Kind: kind,
    Id: existing?.Id ?? books.next("document"),
    Number: number,
    PartyCode: party.Code,
    IssuedDate: businessDate(issued),
    DueDate: businessDate(due),
    Reference:
      input.Reference ??
      existing?.Reference ??
      (kind === "invoice" ? String(party.Fields.DefaultCustomerReference ?? "") : ""),
    ProjectNumber: input.ProjectNumber ?? existing?.ProjectNumber ?? 0,
    CurrencyCode: currencyCode,
    ExchangeRate: rate,
    // A copy of the customer's address: the invoice keeps its own snapshot.
    Address:
      input.Address !== undefined
        ? input.Address
        : (existing?.Address ?? (kind === "invoice" && defaultAddress ? { ...defaultAddress } : null)),
    DeliveryAddress: input.DeliveryAddress !== undefined ? input.DeliveryAddress : (existing?.DeliveryAddress ?? null),
    UseCustomDeliveryAddress: input.UseCustomDeliveryAddress ?? existing?.UseCustomDeliveryAddress ?? false,
    Fields: { ...existing?.Fields, ...input.Fields },
    LineItems: lines,
    PaymentLines: payments,
    NetAmount: net,
    VATAmount: vat,
    GrossAmount: net + vat,
    HomeNetAmount: toHome(net, rate),
    HomeVATAmount: toHome(vat, rate),
    HomeGrossAmount: toHome(net + vat, rate),
    TotalPaidAmount: paid,
    VATReturnId: existing?.VATReturnId ?? 0,
    IsArchived: input.IsArchived ?? existing?.IsArchived ?? false,
    Guid: existing?.Guid ?? newGuidFrom(ctx.guid),
    CreatedDate: existing?.CreatedDate ?? nowText,
    LastUpdatedDate: nowText,
    ...(existing?.Notes ? { Notes: existing.Notes } : {}),
  };

  // Side effects only after every validation has passed, so a 400 leaves the books untouched.
  applyStock(
    books,
    existing ? stockEffect(books, kind, existing.LineItems) : new Map(),
    stockEffect(books, kind, lines),
    nowText,
  );
  books.putDoc(doc, existing?.Number);
  if (existing && partyChanged) books.indexParty(doc, existing.PartyCode);
  bumpNumber(books, kind, number);
  // Payment-only changes are receipts in the audit trail, not edits of the document itself.
  if (!existing || !sameDocument(existing, doc)) logDocument(books, doc, party, ctx.user, nowText, false);
  for (const p of oldPayments) {
    if (newIds.has(p.Id)) continue;
    if (p.BankTransactionId !== null) books.removeBankTx(p.BankTransactionId);
    logPayment(books, doc, p, ctx.user, nowText, true);
  }
  for (const p of payments) {
    const prev = oldById.get(p.Id);
    const changed = !prev || paymentChanged(prev, p);
    const entry = changed ? logPayment(books, doc, p, ctx.user, nowText, false) : null;
    if (changed || partyChanged || number !== existing?.Number || p.BankTransactionId === null) {
      const tx = p.BankTransactionId === null ? undefined : books.bankTx.get(p.BankTransactionId);
      syncPaymentTx(ctx, doc, p, entry?.TransactionNumber ?? tx?.TransactionNumber ?? 0);
    }
  }
  return { doc, status };
}

const sameAddress = (a: AddressRec | DeliveryAddressRec | null, b: AddressRec | DeliveryAddressRec | null): boolean =>
  a === b ||
  (!!a &&
    !!b &&
    a.Line1 === b.Line1 &&
    a.Line2 === b.Line2 &&
    a.Line3 === b.Line3 &&
    a.Line4 === b.Line4 &&
    a.PostCode === b.PostCode &&
    a.CountryCode === b.CountryCode &&
    ("Name" in a ? a.Name : null) === ("Name" in b ? b.Name : null));

const sameLine = (a: LineRec, b: LineRec): boolean =>
  a.Id === b.Id &&
  a.Number === b.Number &&
  a.Description === b.Description &&
  a.Quantity === b.Quantity &&
  a.Rate === b.Rate &&
  a.VATLevel === b.VATLevel &&
  a.VATExempt === b.VATExempt &&
  a.VATAmount === b.VATAmount &&
  a.NominalCode === b.NominalCode &&
  a.ProductCode === b.ProductCode &&
  a.ProjectNumber === b.ProjectNumber &&
  a.TaxCode === b.TaxCode &&
  a.Disallowed === b.Disallowed &&
  a.ImportDuty === b.ImportDuty;

/** Everything about a document except its payments, to tell a real edit from a payment-only save. */
function sameDocument(a: DocumentRec, b: DocumentRec): boolean {
  if (
    a.Number !== b.Number ||
    codeKey(a.PartyCode) !== codeKey(b.PartyCode) ||
    a.IssuedDate !== b.IssuedDate ||
    a.DueDate !== b.DueDate ||
    a.Reference !== b.Reference ||
    a.ProjectNumber !== b.ProjectNumber ||
    a.CurrencyCode !== b.CurrencyCode ||
    a.ExchangeRate !== b.ExchangeRate ||
    a.UseCustomDeliveryAddress !== b.UseCustomDeliveryAddress ||
    a.IsArchived !== b.IsArchived ||
    !sameAddress(a.Address, b.Address) ||
    !sameAddress(a.DeliveryAddress, b.DeliveryAddress) ||
    a.LineItems.length !== b.LineItems.length
  )
    return false;
  const keys = new Set([...Object.keys(a.Fields), ...Object.keys(b.Fields)]);
  for (const k of keys) if (a.Fields[k] !== b.Fields[k]) return false;
  return a.LineItems.every((l, i) => {
    const other = b.LineItems[i];
    return other !== undefined && sameLine(l, other);
  });
}

export function deleteDocument(ctx: DocContext, doc: DocumentRec): void {
  const { books } = ctx;
  checkLocked(books, doc, "deleted");
  for (const p of doc.PaymentLines) {
    if (p.VATReturnId) throw badRequest(`Payment ${p.Id} is included in a VAT return.`, "TransactionLocked");
    checkBankLock(books, p.AccountId, p.Date);
  }
  const nowText = formatTimestamp(ctx.now);
  const party = books.parties(doc.Kind).get(codeKey(doc.PartyCode));
  applyStock(books, stockEffect(books, doc.Kind, doc.LineItems), new Map(), nowText);
  for (const p of doc.PaymentLines) {
    if (p.BankTransactionId !== null) books.removeBankTx(p.BankTransactionId);
    logPayment(books, doc, p, ctx.user, nowText, true);
  }
  logDocument(books, doc, party, ctx.user, nowText, true);
  books.removeDoc(doc);
}

/** Removes one payment (e.g. its bank transaction was deleted) and re-derives the document. */
export function removePayment(ctx: DocContext, doc: DocumentRec, paymentId: number): void {
  const { books } = ctx;
  const p = doc.PaymentLines.find((x) => x.Id === paymentId);
  if (!p) return;
  if (p.VATReturnId) throw badRequest(`Payment ${p.Id} is included in a VAT return.`, "TransactionLocked");
  checkBankLock(books, p.AccountId, p.Date);
  const nowText = formatTimestamp(ctx.now);
  doc.PaymentLines = doc.PaymentLines.filter((x) => x.Id !== paymentId);
  doc.TotalPaidAmount -= p.Amount;
  doc.LastUpdatedDate = nowText;
  if (p.BankTransactionId !== null) books.removeBankTx(p.BankTransactionId);
  logPayment(books, doc, p, ctx.user, nowText, true);
  books.touch();
}
