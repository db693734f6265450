// Shared HTTP surface of /invoices and /purchases (§7): schemas, views, list filters and sorts.
import { Hono } from "hono";
import { z } from "zod";
import {
  deleteDocument,
  docStatus,
  nextDocNumber,
  saveDocument,
  type DocInput,
  type PaymentInput,
} from "../domain/documents";
import { badRequest, notFound } from "../errors";
import { fieldShape, fieldView, pickFields, type FieldSpec } from "../fields";
import { dec4, formatTimestamp, money, ymdOf } from "../format";
import {
  accountOf,
  intParam,
  noContent,
  Query,
  readJson,
  scope,
  send,
  type Ctx,
  type ReqScope,
  type SandboxEnv,
} from "../http";
import { rateToHome, toHome } from "../money";
import { byNum, byStr, envelope, referenceList, sortRows } from "../paging";
import { codeKey, productKey, type Books } from "../store/books";
import type { SandboxStore } from "../store/store";
import type { DocKind, DocumentRec, LineRec, NoteRec, PaymentRec } from "../store/types";
import { ci, parseWith, zAddress, zBool, zCurrencyRef, zDate, zDec4, zInt, zMoney, zStr } from "../validation";
import {
  addressView,
  containsCi,
  currencyView,
  deliveryAddressView,
  listKey,
  toAddress,
  toDeliveryAddress,
} from "./common";

const zLine = ci({
  Id: zInt.nullish(),
  Number: zInt.nullish(),
  Description: zStr.nullish(),
  Quantity: zDec4.nullish(),
  Rate: zDec4.nullish(),
  VATLevel: zDec4.nullish(),
  VATExempt: zBool.nullish(),
  VATAmount: zMoney.nullish(),
  NominalCode: zInt.nullish(),
  ProductCode: zStr.nullish(),
  ProjectNumber: zInt.nullish(),
  TaxCode: zStr.nullish(),
  Disallowed: zBool.nullish(),
  ImportDuty: zMoney.nullish(),
});

const zPayment = ci({
  Id: zInt.nullish(),
  Date: zDate.nullish(),
  Amount: zMoney.nullish(),
  Method: zInt.nullish(),
  AccountId: zInt.nullish(),
  Reference: zStr.nullish(),
  Note: zStr.nullish(),
  BulkId: zInt.nullish(),
  BFSTransactionId: zStr.nullish(),
  PaymentProcessor: zInt.nullish(),
  IsExternalRefund: zBool.nullish(),
});

const docShape = {
  Number: zInt.nullish(),
  CustomerCode: zStr.nullish(),
  SupplierCode: zStr.nullish(),
  CustomerReference: zStr.nullish(),
  SupplierReference: zStr.nullish(),
  IssuedDate: zDate.nullish(),
  DueDate: zDate.nullish(),
  ProjectNumber: zInt.nullish(),
  Currency: zCurrencyRef.nullish(),
  Address: zAddress.nullish(),
  DeliveryAddress: zAddress.nullish(),
  UseCustomDeliveryAddress: zBool.nullish(),
  UpdateCustomerAddress: zBool.nullish(),
  IsArchived: zBool.nullish(),
  LineItems: z.array(zLine).nullish(),
  PaymentLines: z.array(zPayment).nullish(),
};
const docSchema = ci(docShape);

export const INVOICE_FIELDS: FieldSpec = {
  IsCISReverseCharge: "bool",
  AutomaticCreditControlEnabled: "bool",
  CustomerKey: "str",
  SuppressNumber: "int",
};
export const PURCHASE_FIELDS: FieldSpec = {
  AdditionalFieldValue: "str",
  IsCISReverseCharge: "bool",
  Type: "str",
};

const toPaymentInput = (p: z.infer<typeof zPayment>): PaymentInput => ({ ...p, Date: p.Date?.ymd ?? null });

/** Parses a body into the domain input (party/reference names differ per kind). */
export function parseDocInput(kind: DocKind, body: unknown): DocInput & { UpdateCustomerAddress: boolean } {
  const b = parseWith(docSchema, body);
  const spec = kind === "invoice" ? INVOICE_FIELDS : PURCHASE_FIELDS;
  const fields = pickFields(spec, parseWith(ci(fieldShape(spec)), body) as Record<string, unknown>);
  if (kind === "purchase" && fields.Type !== undefined) {
    const t = String(fields.Type).toLowerCase();
    if (t !== "purchase" && t !== "expense" && t !== "") throw badRequest("Type must be 'Purchase' or 'Expense'.");
    fields.Type = t === "expense" ? "Expense" : "Purchase";
  }
  return {
    Number: b.Number,
    PartyCode: kind === "invoice" ? b.CustomerCode : b.SupplierCode,
    Reference: kind === "invoice" ? b.CustomerReference : b.SupplierReference,
    IssuedDate: b.IssuedDate?.ymd ?? null,
    DueDate: b.DueDate?.ymd ?? null,
    ProjectNumber: b.ProjectNumber,
    CurrencyCode: b.Currency?.Code ?? null,
    ExchangeRate: b.Currency?.ExchangeRate ?? null,
    Address: b.Address === undefined ? undefined : b.Address === null ? null : toAddress(b.Address),
    DeliveryAddress:
      b.DeliveryAddress === undefined
        ? undefined
        : b.DeliveryAddress === null
          ? null
          : toDeliveryAddress(b.DeliveryAddress),
    UseCustomDeliveryAddress: b.UseCustomDeliveryAddress,
    IsArchived: b.IsArchived,
    Fields: fields,
    LineItems: b.LineItems ?? undefined,
    PaymentLines: b.PaymentLines ? b.PaymentLines.map(toPaymentInput) : undefined,
    UpdateCustomerAddress: b.UpdateCustomerAddress ?? false,
  };
}

// ---- views -----------------------------------------------------------------------------------

function formatted(books: Books, code: string, pence: number): string {
  const symbol = books.currencies.get(code)?.Symbol ?? "";
  const abs = Math.abs(pence);
  const text = `${String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${String(abs % 100).padStart(2, "0")}`;
  return `${pence < 0 ? "-" : ""}${symbol}${text}`;
}

/** Neighbouring numbers by probing (numbers are usually dense), avoiding a sort per request. */
function neighbour(books: Books, doc: DocumentRec, dir: 1 | -1): number {
  const docs = books.docs(doc.Kind);
  const high = doc.Kind === "invoice" ? books.seq.invoiceNumber : books.seq.purchaseNumber;
  for (let i = 1; i <= 64; i++) {
    const n = doc.Number + dir * i;
    if (n < 1 || n > high) return 0;
    if (docs.has(n)) return n;
  }
  let best = 0;
  for (const n of docs.keys()) {
    if (dir === 1 ? n > doc.Number && (best === 0 || n < best) : n < doc.Number && n > best) best = n;
  }
  return best;
}

function lineView(books: Books, doc: DocumentRec, l: LineRec): Record<string, unknown> {
  const nominal = books.nominals.get(l.NominalCode);
  const product = l.ProductCode ? books.products.get(productKey(l.NominalCode, l.ProductCode)) : undefined;
  const base: Record<string, unknown> = {
    Id: l.Id,
    Number: l.Number,
    Description: l.Description,
    Quantity: dec4(l.Quantity),
    Rate: dec4(l.Rate),
    VATLevel: dec4(l.VATLevel),
    VATExempt: l.VATExempt,
    VATAmount: money(l.VATAmount),
    NominalCode: l.NominalCode,
    NominalId: nominal?.Id ?? 0,
    NominalName: nominal?.Name ?? "",
    ProductCode: l.ProductCode,
    ProductName: product?.Name ?? "",
    ProjectNumber: l.ProjectNumber,
    ProjectName: "",
    TaxCode: l.TaxCode,
    Disallowed: l.Disallowed,
    HomeCurrencyRate: dec4(rateToHome(l.Rate, doc.ExchangeRate)),
    HomeCurrencyVATAmount: money(toHome(l.VATAmount, doc.ExchangeRate)),
  };
  if (doc.Kind === "invoice") {
    for (let i = 1; i <= 5; i++) {
      base[`ApplyTax${i}`] = false;
      base[`Tax${i}Amount`] = money(0);
    }
    return base;
  }
  let stockProduct = product?.ManageStockLevel ? product : undefined;
  if (!stockProduct && l.ProductCode) {
    for (const p of books.products.values())
      if (p.ManageStockLevel && p.PurchaseNominalCode === l.NominalCode && codeKey(p.Code) === codeKey(l.ProductCode))
        stockProduct = p;
  }
  return Object.assign(base, {
    ProductName: stockProduct?.Name ?? base.ProductName,
    ImportDuty: money(l.ImportDuty),
    StockInfo: stockProduct
      ? {
          Name: stockProduct.Name,
          QuantityInStock: stockProduct.QuantityInStock / 10_000,
          ApplicableOn: "Purchase",
          Received: true,
          StockReceivedOn: doc.IssuedDate,
          Type: "Product",
        }
      : null,
  });
}

function paymentView(doc: DocumentRec, p: PaymentRec): Record<string, unknown> {
  return {
    Id: p.Id,
    Date: p.Date,
    Amount: money(p.Amount),
    Method: p.Method,
    AccountId: p.AccountId,
    Reference: p.Reference,
    Note: p.Note,
    BulkId: p.BulkId,
    BulkPaymentNumber: p.BulkId,
    BFSTransactionId: p.BFSTransactionId,
    PaymentProcessor: p.PaymentProcessor,
    IsExternalRefund: p.IsExternalRefund,
    IsPaymentCreditNote: p.IsPaymentCreditNote,
    BankTransactionId: p.BankTransactionId,
    [doc.Kind === "invoice" ? "InvoiceNumber" : "PurchaseNumber"]: doc.Number,
    Permalink: `/v2/documents/${doc.Kind === "invoice" ? "invoice" : "purchase"}/payment/${p.Guid}`,
    VATReturnId: p.VATReturnId,
    // [OBS] undocumented but always present on payment lines.
    BankReconciliationId: 0,
  };
}

export function docView(s: ReqScope, doc: DocumentRec, summary: boolean): Record<string, unknown> {
  const { books, cfg } = s;
  const st = docStatus(doc, s.today, cfg);
  const party = books.parties(doc.Kind).get(codeKey(doc.PartyCode));
  const currency = summary
    ? { Code: doc.CurrencyCode, ExchangeRate: dec4(doc.ExchangeRate) }
    : currencyView(books, doc.CurrencyCode, doc.ExchangeRate);
  const common = {
    Id: doc.Id,
    Number: doc.Number,
    IssuedDate: doc.IssuedDate,
    DueDate: doc.DueDate,
    PaidDate: st.PaidDate,
    LastPaymentDate: st.LastPaymentDate,
    Status: st.Status,
    OverdueDays: st.OverdueDays,
    NetAmount: money(doc.NetAmount),
    VATAmount: money(doc.VATAmount),
    GrossAmount: money(doc.GrossAmount),
    TotalPaidAmount: money(doc.TotalPaidAmount),
    DueAmount: money(st.DueAmount),
    HomeCurrencyGrossAmount: money(doc.HomeGrossAmount),
    HomeCurrencyVATAmount: money(doc.HomeVATAmount),
    HomeCurrencyNetAmount: money(doc.HomeNetAmount),
    Currency: currency,
    ProjectNumber: doc.ProjectNumber,
    VATReturnId: doc.VATReturnId,
    IsArchived: doc.IsArchived,
    CreatedDate: doc.CreatedDate,
    LastUpdatedDate: doc.LastUpdatedDate,
  };
  const lines = summary ? null : doc.LineItems.map((l) => lineView(books, doc, l));
  const payments = summary ? null : doc.PaymentLines.map((p) => paymentView(doc, p));
  if (doc.Kind === "invoice") {
    // Object.assign, not spread: spreading a large object into a literal is very slow in V8.
    return Object.assign(
      common,
      {
        CustomerId: party?.Id ?? 0,
        CustomerCode: doc.PartyCode,
        CustomerName: party?.Name ?? "",
        CustomerReference: doc.Reference,
        CustomerDiscount: dec4(Number(party?.Fields.DiscountRate ?? 0)),
        VATNumber: String(party?.Fields.VATNumber ?? ""),
        FormattedDueAmount: formatted(books, doc.CurrencyCode, st.DueAmount),
      },
      fieldView(INVOICE_FIELDS, doc.Fields),
      {
        Address: addressView(doc.Address),
        DeliveryAddress: deliveryAddressView(doc.DeliveryAddress),
        UseCustomDeliveryAddress: doc.UseCustomDeliveryAddress,
        UpdateCustomerAddress: false,
        UpdateCustomerDeliveryAddress: false,
        EmailCount: 0,
        FileCount: 0,
        Type: doc.GrossAmount < 0 ? "CreditNote" : "Invoice",
        TradeBorderType: Number(party?.Fields.TradeBorderType ?? 0),
        InvoiceInECMemberState: false,
        InvoiceOutsideECMemberState: false,
        IsWhtDeductionToBeApplied: false,
        Permalink: `/v2/documents/invoice/${doc.Guid}`,
        PackingSlipPermalink: `/v2/documents/packingslip/${doc.Guid}`,
        PreviousNumber: summary ? undefined : neighbour(books, doc, -1),
        NextNumber: summary ? undefined : neighbour(books, doc, 1),
        ReminderLetters: summary ? undefined : [],
        LineItems: lines,
        PaymentLines: payments,
      },
    );
  }
  return Object.assign(
    common,
    {
      SupplierId: cfg.includeSupplierIdOnPurchases ? (party?.Id ?? 0) : undefined,
      SupplierCode: doc.PartyCode,
      SupplierName: party?.Name ?? "",
      SupplierReference: doc.Reference,
    },
    fieldView(PURCHASE_FIELDS, doc.Fields),
    {
      Type: String(doc.Fields.Type || "Purchase"),
      FileCount: 0,
      IsEmailSent: false,
      IsWhtDeductionToBeApplied: false,
      PurchaseInECMemberState: false,
      StockManagementApplicable: doc.LineItems.some((l) => {
        for (const p of books.products.values())
          if (
            p.ManageStockLevel &&
            p.PurchaseNominalCode === l.NominalCode &&
            codeKey(p.Code) === codeKey(l.ProductCode)
          )
            return true;
        return false;
      }),
      Permalink: `/v2/documents/purchaseorder/${doc.Guid}`,
      PreviousNumber: summary ? undefined : neighbour(books, doc, -1),
      NextNumber: summary ? undefined : neighbour(books, doc, 1),
      LineItems: lines,
      PaymentLines: payments,
    },
  );
}

// ---- list ------------------------------------------------------------------------------------

const STATUS_CODES: Record<string, string> = {
  "0": "all",
  "1": "paid",
  "2": "unpaid",
  "3": "overdue",
  "4": "overpaid",
  "5": "na",
  "6": "creditnote",
};

function listDocs(s: ReqScope, q: Query, kind: DocKind): { rows: DocumentRec[]; total: number } {
  const partyCode = q.str(kind === "invoice" ? "customercode" : "suppliercode");
  let statusRaw = (q.str(kind === "invoice" ? "statusfilter" : "filterby") ?? "all").toLowerCase();
  statusRaw = STATUS_CODES[statusRaw] ?? statusRaw;
  if (!["all", "paid", "unpaid", "overdue", "overpaid", "na", "creditnote"].includes(statusRaw))
    throw badRequest(
      `The value '${q.str(kind === "invoice" ? "statusfilter" : "filterby")}' is not valid for the status filter.`,
    );
  const project = q.int("projectnumber");
  const from = q.date("issuedatefrom");
  const to = q.date("issuedateto");
  const search = q.str("searchtext")?.toLowerCase() ?? null;
  const archived = q.bool("archived");
  const type = kind === "purchase" ? (q.str("type")?.toLowerCase() ?? null) : null;
  const source = partyCode ? s.books.docsOfParty(kind, partyCode) : s.books.docs(kind).values();
  const rows: DocumentRec[] = [];
  let total = 0;
  const statusOf = new Map<DocumentRec, ReturnType<typeof docStatus>>();
  const st = (d: DocumentRec) => {
    let v = statusOf.get(d);
    if (!v) statusOf.set(d, (v = docStatus(d, s.today, s.cfg)));
    return v;
  };
  for (const d of source) {
    if (project !== null && d.ProjectNumber !== project) continue;
    const issued = ymdOf(d.IssuedDate);
    if (from && issued < from) continue;
    if (to && issued > to) continue;
    if (archived !== null && d.IsArchived !== archived) continue;
    if (type && String(d.Fields.Type || "Purchase").toLowerCase() !== type) continue;
    if (statusRaw === "creditnote") {
      if (d.GrossAmount >= 0) continue;
    } else if (statusRaw !== "all" && st(d).Status.toLowerCase() !== statusRaw) continue;
    if (search) {
      const party = s.books.parties(kind).get(codeKey(d.PartyCode));
      if (
        !String(d.Number).includes(search) &&
        !containsCi(d.Reference, search) &&
        !containsCi(d.PartyCode, search) &&
        !containsCi(party?.Name, search)
      )
        continue;
    }
    rows.push(d);
    total += d.HomeGrossAmount;
  }
  const partyName = (d: DocumentRec) => s.books.parties(kind).get(codeKey(d.PartyCode))?.Name ?? "";
  const cmp: Record<string, (a: DocumentRec, b: DocumentRec) => number> = {
    number: byNum((d) => d.Number),
    customerref: byStr((d) => d.Reference),
    customerreference: byStr((d) => d.Reference),
    supplierreference: byStr((d) => d.Reference),
    supplierref: byStr((d) => d.Reference),
    customername: byStr(partyName),
    suppliername: byStr(partyName),
    invoicedate: byStr((d) => d.IssuedDate),
    purchasedate: byStr((d) => d.IssuedDate),
    issueddate: byStr((d) => d.IssuedDate),
    paymentduedate: byStr((d) => d.DueDate),
    duedate: byStr((d) => d.DueDate),
    gross: byNum((d) => d.HomeGrossAmount),
    grossamount: byNum((d) => d.HomeGrossAmount),
    net: byNum((d) => d.HomeNetAmount),
    netamount: byNum((d) => d.HomeNetAmount),
    status: byStr((d) => st(d).Status),
    paiddate: byStr((d) => st(d).PaidDate ?? ""),
    dueamount: byNum((d) => st(d).DueAmount),
  };
  const order = [
    "number",
    kind === "invoice" ? "customerref" : "supplierreference",
    kind === "invoice" ? "customername" : "suppliername",
    "issueddate",
    "duedate",
    "gross",
    "net",
    "status",
    "paiddate",
    "dueamount",
  ];
  order.forEach((name, i) => {
    const f = cmp[name];
    if (f) cmp[String(i)] = f;
  });
  return { rows: sortRows(rows, q, { keys: cmp, fallback: byNum((d) => d.Number) }).rows, total };
}

// ---- routes ----------------------------------------------------------------------------------

export function documentRoutes(store: SandboxStore, kind: DocKind): Hono<SandboxEnv> {
  const api = new Hono<SandboxEnv>();
  const label = kind === "invoice" ? "Invoice" : "Purchase";
  const segment = kind === "invoice" ? "invoices" : "purchases";

  const lookup = (s: ReqScope, c: Ctx): DocumentRec => {
    const n = intParam(c, "number", label);
    const d = s.books.docs(kind).get(n);
    if (!d) throw notFound(`${label} with number ${n} was not found.`);
    return d;
  };

  api.get("/", (c) => {
    const s = scope(c, store);
    const q = Query.of(c);
    const { rows, total } = s.books.cached(listKey(segment, c.req.url, s.today), () => listDocs(s, q, kind));
    return send(
      c,
      200,
      envelope(c, q, s.cfg, rows, (d) => docView(s, d, s.cfg.listRowsAreSummaries), {
        defaultPerPage: 50,
        totalAmount: total,
      }),
    );
  });

  if (kind === "invoice") {
    // [INF] outstanding invoices of a customer, largest due first.
    api.get("/topdue", (c) => {
      const s = scope(c, store);
      const q = Query.of(c);
      const code = q.str("customercode");
      const source = code ? s.books.docsOfParty("invoice", code) : [...s.books.invoices.values()];
      const rows = source
        .map((d) => ({ d, st: docStatus(d, s.today, s.cfg) }))
        .filter((x) => x.st.DueAmount > 0)
        .sort((a, b) => b.st.DueAmount - a.st.DueAmount || a.d.Number - b.d.Number)
        .slice(0, 10)
        .map((x) => ({ Id: x.d.Id, Number: x.d.Number, DueAmount: money(x.st.DueAmount) }));
      return send(c, 200, rows);
    });
  }

  api.get("/:number", (c) => {
    const s = scope(c, store);
    return send(c, 200, docView(s, lookup(s, c), false));
  });

  api.post("/", async (c) => {
    const s = scope(c, store);
    const input = parseDocInput(kind, await readJson(c));
    const { doc } = saveDocument(s.doc, kind, null, input);
    maybeUpdateCustomerAddress(s, doc, input.UpdateCustomerAddress);
    store.onChange(s.account.Id);
    return send(c, 201, docView(s, doc, false));
  });

  api.put("/:number", async (c) => {
    const s = scope(c, store);
    const existing = lookup(s, c);
    const input = parseDocInput(kind, await readJson(c));
    const { doc, status } = saveDocument(s.doc, kind, existing, input);
    maybeUpdateCustomerAddress(s, doc, input.UpdateCustomerAddress);
    store.onChange(s.account.Id);
    return send(c, status, docView(s, doc, false));
  });

  api.delete("/:number", (c) => {
    const s = scope(c, store);
    deleteDocument(s.doc, lookup(s, c));
    store.onChange(s.account.Id);
    return noContent(c);
  });

  // §8.6 notes: a bare list (or paged, `pagedReferenceLists`); POST {Text} → 201 with the note.
  const notesOf = (s: ReqScope, c: Ctx): DocumentRec => {
    if (!s.cfg.notesEndpoint) throw notFound(`No HTTP resource was found that matches the request URI '${c.req.url}'.`);
    return lookup(s, c);
  };
  api.get("/:number/notes", (c) => {
    const s = scope(c, store);
    return send(c, 200, referenceList(c, s.cfg, notesOf(s, c).Notes ?? [], noteView));
  });
  api.get("/:number/notes/:note", (c) => {
    const s = scope(c, store);
    const n = intParam(c, "note", "Note");
    const note = (notesOf(s, c).Notes ?? []).find((x) => x.Number === n);
    if (!note) throw notFound(`Note with number ${n} was not found.`);
    return send(c, 200, noteView(note));
  });
  api.post("/:number/notes", async (c) => {
    const s = scope(c, store);
    const doc = notesOf(s, c);
    const body = parseWith(noteSchema, await readJson(c));
    if (!body.Text?.trim()) throw badRequest("Text is required.");
    const notes = doc.Notes ?? [];
    const note: NoteRec = {
      Number: notes.reduce((m, x) => Math.max(m, x.Number), 0) + 1,
      Text: body.Text,
      Date: formatTimestamp(s.now),
      LastModifiedBy: s.doc.user.FullName,
    };
    doc.Notes = [...notes, note];
    s.books.touch();
    store.onChange(s.account.Id);
    return send(c, 201, noteView(note));
  });

  return api;
}

const noteSchema = ci({ Text: zStr.nullish() });
const noteView = (n: NoteRec) => ({ Number: n.Number, Text: n.Text, Date: n.Date, LastModifiedBy: n.LastModifiedBy });

function maybeUpdateCustomerAddress(s: ReqScope, doc: DocumentRec, requested: boolean): void {
  if (!requested || doc.Kind !== "invoice" || !doc.Address) return;
  const party = s.books.customers.get(codeKey(doc.PartyCode));
  if (party) party.Addresses = [{ ...doc.Address }, ...party.Addresses.slice(1)];
}

/** DELETE /invoicelist: 204 if all deleted, else 200 with a reason per failed number (§3.5). */
export function bulkDeleteDocs(store: SandboxStore, kind: DocKind) {
  return async (c: Ctx) => {
    const s = scope(c, store);
    const numbers = parseWith(z.array(zInt).min(1), await readJson(c));
    const failures: { Number: number; Error: string; Reason: string }[] = [];
    for (const n of numbers) {
      const d = s.books.docs(kind).get(n);
      if (!d) {
        failures.push({
          Number: n,
          Error: "NotFound",
          Reason: `${kind === "invoice" ? "Invoice" : "Purchase"} with number ${n} was not found.`,
        });
        continue;
      }
      try {
        deleteDocument(s.doc, d);
      } catch (err) {
        failures.push({ Number: n, Error: "BadRequest", Reason: err instanceof Error ? err.message : String(err) });
      }
    }
    store.onChange(accountOf(c).Id);
    return failures.length === 0 ? noContent(c) : send(c, 200, failures);
  };
}

export function nextNumberRoute(store: SandboxStore, kind: DocKind) {
  return (c: Ctx) => {
    const s = scope(c, store);
    return send(c, 200, nextDocNumber(s.books, kind));
  };
}
