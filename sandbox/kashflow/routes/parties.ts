// Customers and suppliers share lifecycle rules (codes, duplicates, renames, cascading deletes);
// their payload shapes differ, so each kind brings its own schema and view.
import { Hono } from "hono";
import { z } from "zod";
import { deleteDocument } from "../domain/documents";
import { badRequest, notFound } from "../errors";
import { fieldDefaults, fieldShape, pickFields, type FieldSpec } from "../fields";
import { daysBetween, formatTimestamp, ymdOf } from "../format";
import { accountOf, noContent, Query, readJson, scope, send, type ReqScope, type SandboxEnv } from "../http";
import { byNum, byStr, envelope, sortRows } from "../paging";
import { codeKey, type Books } from "../store/books";
import type { SandboxStore } from "../store/store";
import type { DocKind, PartyRec } from "../store/types";
import { ci, parseWith, zAddress, zBool, zContact, zCurrencyRef, zNameValue, zPaymentTerms, zStr } from "../validation";
import { containsCi, listKey, toAddress, toContacts, toDeliveryAddress, toNameValues } from "./common";
import { newGuidFrom } from "../domain/ids";
import { docStatus } from "../domain/documents";
import type { BehaviourConfig } from "../config";

export interface PartyStats {
  count: number;
  net: number;
  vat: number;
  paid: number;
  outstanding: number;
  overdue: number;
  first: string | null;
  last: string | null;
  avgDaysToPay: number;
  inVatReturn: boolean;
}

/** Balances from the party's documents (GBP); cheap thanks to the per-party index. */
export function partyStats(books: Books, kind: DocKind, code: string, today: string, cfg: BehaviourConfig): PartyStats {
  const s: PartyStats = {
    count: 0,
    net: 0,
    vat: 0,
    paid: 0,
    outstanding: 0,
    overdue: 0,
    first: null,
    last: null,
    avgDaysToPay: 0,
    inVatReturn: false,
  };
  let paidDocs = 0;
  let paidDays = 0;
  const homeCfg: BehaviourConfig = { ...cfg, foreignDueAmountCurrency: "home" };
  for (const d of books.docsOfParty(kind, code)) {
    const st = docStatus(d, today, homeCfg);
    s.count += 1;
    s.net += d.HomeNetAmount;
    s.vat += d.HomeVATAmount;
    s.paid += d.TotalPaidAmount;
    s.outstanding += st.DueAmount;
    if (st.Status === "Overdue") s.overdue += st.DueAmount;
    if (s.first === null || d.IssuedDate < s.first) s.first = d.IssuedDate;
    if (s.last === null || d.IssuedDate > s.last) s.last = d.IssuedDate;
    if (st.PaidDate) {
      paidDocs += 1;
      paidDays += Math.max(0, daysBetween(ymdOf(d.IssuedDate), ymdOf(st.PaidDate)));
    }
    if (d.VATReturnId !== 0) s.inVatReturn = true;
  }
  s.avgDaysToPay = paidDocs ? Math.round(paidDays / paidDocs) : 0;
  return s;
}

const zBankDetails = ci({ Name: zStr.nullish(), Number: zStr.nullish(), SortCode: zStr.nullish() });

const commonShape = {
  Code: zStr.nullish(),
  Name: zStr.nullish(),
  IsArchived: zBool.nullish(),
  Currency: zCurrencyRef.nullish(),
  PaymentTerms: zPaymentTerms.nullish(),
  Contacts: z.array(zContact).nullish(),
  Addresses: z.array(zAddress).nullish(),
  Address: zAddress.nullish(),
  DeliveryAddresses: z.array(zAddress).nullish(),
  CustomTextBoxes: z.array(zNameValue).nullish(),
  CustomCheckBoxes: z.array(zNameValue).nullish(),
  WithholdingTaxReferences: z.array(zNameValue).nullish(),
  BankAccount: zBankDetails.nullish(),
  CreateCustomerCodeIfDuplicate: zBool.nullish(),
  CreateCustomerNameIfEmptyOrNull: zBool.nullish(),
  CreateSupplierCodeIfDuplicate: zBool.nullish(),
  CreateSupplierNameIfEmptyOrNull: zBool.nullish(),
};
const partySchema = ci(commonShape);
type PartyInput = z.infer<typeof partySchema>;

export interface PartyKindSpec {
  kind: DocKind;
  label: "Customer" | "Supplier";
  /** URL segment: customers | suppliers */
  segment: string;
  fields: FieldSpec;
  defaultFields: Record<string, string | number | boolean | null>;
  view: (p: PartyRec, s: ReqScope, summary: boolean) => Record<string, unknown>;
  /** sortby ints → comparator keys */
  sortKeys: Record<string, string>;
}

function generateCode(map: Map<string, PartyRec>, base: string): string {
  const stem = (
    base
      .replace(/[^A-Za-z0-9]/g, "")
      .toUpperCase()
      .slice(0, 5) || "CODE"
  ).padEnd(3, "X");
  for (let i = 1; ; i++) {
    const candidate = `${stem}${String(i).padStart(2, "0")}`;
    if (!map.has(codeKey(candidate))) return candidate;
  }
}

function applyInput(
  p: PartyRec,
  input: PartyInput,
  fields: Record<string, unknown>,
  spec: PartyKindSpec,
  s: ReqScope,
): void {
  const { books } = s;
  if (input.Name != null) p.Name = input.Name;
  if (input.IsArchived != null) p.IsArchived = input.IsArchived;
  if (input.Currency?.Code) {
    const code = input.Currency.Code.toUpperCase();
    if (!books.currencies.has(code)) throw badRequest(`Currency '${code}' is not configured.`);
    p.CurrencyCode = code;
  }
  if (input.PaymentTerms) {
    p.PaymentTerms = {
      Type: input.PaymentTerms.Type ?? p.PaymentTerms.Type,
      Days: input.PaymentTerms.Days ?? p.PaymentTerms.Days,
    };
  }
  if (input.Contacts) p.Contacts = toContacts(input.Contacts, p.Contacts, books);
  if (input.Addresses) p.Addresses = input.Addresses.map(toAddress);
  if (input.Address) p.Addresses = [toAddress(input.Address), ...p.Addresses.slice(1)];
  if (input.DeliveryAddresses) p.DeliveryAddresses = input.DeliveryAddresses.map(toDeliveryAddress);
  if (input.CustomTextBoxes) p.CustomTextBoxes = toNameValues(input.CustomTextBoxes);
  if (input.CustomCheckBoxes) p.CustomCheckBoxes = toNameValues(input.CustomCheckBoxes);
  if (input.WithholdingTaxReferences !== undefined)
    p.WithholdingTaxReferences = input.WithholdingTaxReferences ? toNameValues(input.WithholdingTaxReferences) : null;
  if (input.BankAccount !== undefined)
    p.BankAccount = input.BankAccount
      ? {
          Name: input.BankAccount.Name ?? null,
          Number: input.BankAccount.Number ?? null,
          SortCode: input.BankAccount.SortCode ?? null,
        }
      : null;
  p.Fields = { ...p.Fields, ...pickFields(spec.fields, fields) };
  const nominal = Number(p.Fields.DefaultNominalCode ?? 0);
  if (nominal > 0 && !books.nominals.has(nominal)) throw badRequest(`DefaultNominalCode ${nominal} does not exist.`);
}

/** Renames a party everywhere its code is stored (documents, bank rows), as KashFlow's key change does. */
function renameParty(books: Books, spec: PartyKindSpec, p: PartyRec, newCode: string): void {
  const map = books.parties(spec.kind);
  const old = p.Code;
  map.delete(codeKey(old));
  p.Code = newCode;
  map.set(codeKey(newCode), p);
  for (const d of books.docsOfParty(spec.kind, old)) {
    d.PartyCode = newCode;
    books.indexParty(d, old);
  }
  for (const tx of books.bankTx.values()) {
    if (spec.kind === "invoice" && codeKey(tx.CustomerCode) === codeKey(old)) tx.CustomerCode = newCode;
    if (spec.kind === "purchase" && codeKey(tx.SupplierCode) === codeKey(old)) tx.SupplierCode = newCode;
  }
  books.touch();
}

/** §10.10 cascade: the party's documents go; their receipts stay in the bank as unallocated rows. */
function deleteParty(s: ReqScope, spec: PartyKindSpec, p: PartyRec): void {
  const { books } = s;
  const docs = books.docsOfParty(spec.kind, p.Code);
  if (docs.length > 0 && !s.cfg.customerDeleteCascades)
    throw badRequest(`${spec.label} '${p.Code}' has transactions and cannot be deleted.`);
  for (const d of docs) {
    if (d.VATReturnId !== 0)
      throw badRequest(`${spec.label} '${p.Code}' has documents in a VAT return.`, "TransactionLocked");
  }
  for (const d of docs) {
    const keep = d.PaymentLines.map((pl) =>
      pl.BankTransactionId === null ? undefined : books.bankTx.get(pl.BankTransactionId),
    );
    deleteDocument(s.doc, d);
    for (const tx of keep) {
      if (!tx) continue;
      books.putBankTx({
        ...tx,
        TransactionType: 0,
        PaymentId: null,
        DocumentKind: null,
        DocumentId: null,
        CustomerCode: "",
        SupplierCode: "",
      });
    }
  }
  books.parties(spec.kind).delete(codeKey(p.Code));
  books.docIdsByParty[spec.kind].delete(codeKey(p.Code));
  books.touch();
}

export function partyRoutes(store: SandboxStore, spec: PartyKindSpec): Hono<SandboxEnv> {
  const api = new Hono<SandboxEnv>();
  const fieldSchema = ci(fieldShape(spec.fields));
  const isCustomer = spec.kind === "invoice";

  const lookup = (s: ReqScope, code: string): PartyRec => {
    const p = s.books.parties(spec.kind).get(codeKey(code));
    if (!p) throw notFound(`${spec.label} with code '${code}' was not found.`);
    return p;
  };

  api.get("/", (c) => {
    const s = scope(c, store);
    const q = Query.of(c);
    const rows = s.books.cached(listKey(spec.segment, c.req.url, s.today), () => {
      const nameStarts = q.str("namestartswith")?.toLowerCase() ?? null;
      const search = q.str("searchtext")?.toLowerCase() ?? null;
      const hideArchived = q.bool("filterarchived", false);
      const from = q.date("startcreationdate");
      const to = q.date("endcreationdate");
      const filtered: PartyRec[] = [];
      for (const p of s.books.parties(spec.kind).values()) {
        if (hideArchived && p.IsArchived) continue;
        if (nameStarts && !p.Name.toLowerCase().startsWith(nameStarts)) continue;
        if (
          search &&
          !containsCi(p.Name, search) &&
          !containsCi(p.Code, search) &&
          !p.Contacts.some((ct) => containsCi(ct.Email, search))
        )
          continue;
        const created = ymdOf(p.CreatedDate);
        if (from && created < from) continue;
        if (to && created > to) continue;
        filtered.push(p);
      }
      const stats = new Map<PartyRec, PartyStats>();
      const st = (p: PartyRec) => {
        let v = stats.get(p);
        if (!v) stats.set(p, (v = partyStats(s.books, spec.kind, p.Code, s.today, s.cfg)));
        return v;
      };
      const cmp: Record<string, (a: PartyRec, b: PartyRec) => number> = {
        name: byStr((p) => p.Name),
        code: byStr((p) => p.Code),
        totalpaidamount: byNum((p) => st(p).paid),
        outstandingbalance: byNum((p) => st(p).outstanding),
        createddate: byStr((p) => p.CreatedDate),
      };
      for (const [num, name] of Object.entries(spec.sortKeys)) {
        const f = cmp[name];
        if (f) cmp[num] = f;
      }
      return sortRows(filtered, q, { keys: cmp, fallback: byNum((p) => p.Id) }, "sortby").rows;
    });
    return send(
      c,
      200,
      envelope(c, q, s.cfg, rows, (p) => spec.view(p, s, s.cfg.listRowsAreSummaries), { defaultPerPage: 50 }),
    );
  });

  if (isCustomer) {
    // GET /customers/search?searchBy=code|email|name&searchText= — bare array of list rows [INF].
    api.get("/search", (c) => {
      const s = scope(c, store);
      const q = Query.of(c);
      const by = (q.str("searchby") ?? "name").toLowerCase();
      const text = (q.str("searchtext") ?? "").toLowerCase();
      if (!["code", "email", "name"].includes(by))
        throw badRequest(`The value '${q.str("searchby")}' is not valid for searchBy.`);
      const out: Record<string, unknown>[] = [];
      for (const p of s.books.customers.values()) {
        const hit =
          by === "code"
            ? containsCi(p.Code, text)
            : by === "name"
              ? containsCi(p.Name, text)
              : p.Contacts.some((ct) => containsCi(ct.Email, text));
        if (hit) out.push(spec.view(p, s, true));
      }
      return send(c, 200, out);
    });
  }

  api.get("/:code", (c) => {
    const s = scope(c, store);
    return send(c, 200, spec.view(lookup(s, c.req.param("code")), s, false));
  });

  api.post("/", async (c) => {
    const s = scope(c, store);
    const body = await readJson(c);
    const input = parseWith(partySchema, body);
    const fields = parseWith(fieldSchema, body) as Record<string, unknown>;
    const map = s.books.parties(spec.kind);
    const allowDupe = (isCustomer ? input.CreateCustomerCodeIfDuplicate : input.CreateSupplierCodeIfDuplicate) ?? false;
    const nameIfEmpty =
      (isCustomer ? input.CreateCustomerNameIfEmptyOrNull : input.CreateSupplierNameIfEmptyOrNull) ?? false;
    let name = input.Name?.trim() ?? "";
    let code = input.Code?.trim() ?? "";
    if (!name && nameIfEmpty) name = code || `New ${spec.label}`;
    if (!name) throw badRequest(`${spec.label} Name is required.`);
    if (!code) code = generateCode(map, name);
    if (code.length > 50) throw badRequest(`${spec.label} Code must be 50 characters or fewer.`);
    if (map.has(codeKey(code))) {
      if (!allowDupe) throw badRequest(`${spec.label} code '${code}' already exists.`);
      code = generateCode(map, code);
    }
    const now = formatTimestamp(s.now);
    const p: PartyRec = {
      Id: s.books.next("party"),
      Code: code,
      Name: name,
      IsArchived: false,
      CurrencyCode: "GBP",
      PaymentTerms: { Type: "AfterIssuedDate", Days: 30 },
      Contacts: [],
      Addresses: [],
      DeliveryAddresses: [],
      CustomTextBoxes: [],
      CustomCheckBoxes: [],
      WithholdingTaxReferences: isCustomer ? [] : null,
      BankAccount: isCustomer ? null : { Name: null, Number: null, SortCode: null },
      Fields: fieldDefaults(spec.fields, spec.defaultFields),
      Key: newGuidFrom(),
      EnvelopeGuid: newGuidFrom(),
      CreatedDate: now,
      LastUpdatedDate: now,
    };
    applyInput(p, input, fields, spec, s);
    map.set(codeKey(p.Code), p);
    s.books.touch();
    store.onChange(s.account.Id);
    return send(c, 201, spec.view(p, s, false));
  });

  api.put("/:code", async (c) => {
    const s = scope(c, store);
    const q = Query.of(c);
    const p = lookup(s, c.req.param("code"));
    const body = await readJson(c);
    const input = parseWith(partySchema, body);
    const fields = parseWith(fieldSchema, body) as Record<string, unknown>;
    const newCode = input.Code?.trim();
    const renamed = !!newCode && newCode !== p.Code;
    if (renamed && codeKey(newCode) !== codeKey(p.Code) && s.books.parties(spec.kind).has(codeKey(newCode)))
      throw badRequest(`${spec.label} code '${newCode}' already exists.`);
    // Validate into a copy so a 400 leaves the record untouched.
    const draft: PartyRec = structuredClone(p);
    applyInput(draft, input, fields, spec, s);
    if (!draft.Name.trim()) throw badRequest(`${spec.label} Name is required.`);
    Object.assign(p, draft, { LastUpdatedDate: formatTimestamp(s.now) });
    if (renamed && newCode) renameParty(s.books, spec, p, newCode);
    if (isCustomer && q.bool("updateinvoicesaddress", false) && p.Addresses[0]) {
      for (const d of s.books.docsOfParty("invoice", p.Code)) d.Address = { ...p.Addresses[0] };
    }
    s.books.touch();
    store.onChange(s.account.Id);
    return send(c, renamed ? 201 : 200, spec.view(p, s, false));
  });

  api.delete("/:code", (c) => {
    const s = scope(c, store);
    deleteParty(s, spec, lookup(s, c.req.param("code")));
    store.onChange(s.account.Id);
    return noContent(c);
  });

  return api;
}

/** DELETE /customerlist: 204 when every code went, else 200 with a reason per failed code (§3.5). */
export function bulkDeleteParties(store: SandboxStore, spec: PartyKindSpec) {
  return async (c: import("../http").Ctx) => {
    const s = scope(c, store);
    const codes = parseWith(z.array(zStr).min(1), await readJson(c));
    const failures: { Code: string; Error: string; Reason: string }[] = [];
    for (const code of codes) {
      const p = s.books.parties(spec.kind).get(codeKey(code));
      if (!p) {
        failures.push({ Code: code, Error: "NotFound", Reason: `${spec.label} with code '${code}' was not found.` });
        continue;
      }
      try {
        deleteParty(s, spec, p);
      } catch (err) {
        failures.push({ Code: code, Error: "BadRequest", Reason: err instanceof Error ? err.message : String(err) });
      }
    }
    store.onChange(accountOf(c).Id);
    return failures.length === 0 ? noContent(c) : send(c, 200, failures);
  };
}
