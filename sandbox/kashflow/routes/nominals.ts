// /nominals — the chart of accounts (§6.1). The list is a bare array (or paged: `pagedReferenceLists`).
import type { Hono } from "hono";
import { badRequest, notFound } from "../errors";
import { fieldDefaults, fieldShape, fieldView, pickFields, type FieldSpec } from "../fields";
import { dec4, formatTimestamp } from "../format";
import { intParam, noContent, Query, readJson, scope, send, type Ctx, type ReqScope, type SandboxEnv } from "../http";
import { productKey, type Books } from "../store/books";
import { referenceList } from "../paging";
import type { SandboxStore } from "../store/store";
import type { NominalRec } from "../store/types";
import { ci, parseWith, zBool, zInt, zStr } from "../validation";
import { containsCi } from "./common";

export const NOMINAL_FIELDS: FieldSpec = {
  ControlAccountClassification: "int",
  Sa103Code: "str",
  CISRate: "dec4",
  Disallowed: "bool",
  Archived: "bool",
  DigitalService: "bool",
  PrePayments: "bool",
  Special: "bool",
  PlOption: "int",
  BsOption: "int",
};

const NOM_TYPES = ["Other", "Sales", "Outgoing", "Bank"];
const CLASSIFICATIONS = [
  "None",
  "Turnover",
  "Cost of Sale",
  "Expense",
  "Fixed Asset",
  "Current Asset/Liability",
  "Capital & Reserves",
];

const nominalSchema = ci({
  Code: zInt.nullish(),
  Name: zStr.nullish(),
  NomType: zInt.nullish(),
  // Type is a label but sometimes numeric [OBS]; either binds to NomType.
  Type: zStr.nullish(),
  Classification: zInt.nullish(),
  CreateWhenNotPresent: zBool.nullish(),
});

function nomTypeOf(v: string | null | undefined): number | null {
  if (v == null || v === "") return null;
  if (/^\d+$/.test(v)) return Number(v);
  const i = NOM_TYPES.findIndex((t) => t.toLowerCase() === v.toLowerCase());
  if (i >= 0) return i;
  if (/^purchases?$/i.test(v)) return 2;
  throw badRequest(`The value '${v}' is not valid for Type.`);
}

export function nominalView(books: Books, n: NominalRec, list: boolean): Record<string, unknown> {
  let defaultProduct: Record<string, unknown> | null = null;
  if (list) {
    for (const p of books.products.values()) {
      if (p.NominalCode === n.Code && p.IsDefault) {
        defaultProduct = { Code: p.Code, Name: p.Name, Price: dec4(p.Price), VATRate: dec4(p.VATRate), InUse: p.InUse };
        break;
      }
    }
  }
  const head = {
    Id: n.Id,
    Code: n.Code,
    Name: n.Name,
    Type: NOM_TYPES[n.NomType] ?? "Other",
    NomType: n.NomType,
    Classification: n.Classification,
    ClassificationName: CLASSIFICATIONS[n.Classification] ?? "",
  };
  return Object.assign(head, fieldView(NOMINAL_FIELDS, n.Fields), {
    AllowDelete: n.AllowDelete,
    IRISCoAName: "",
    IsIRISCoA: false,
    IsProduct: 0,
    AutoFillLineItem: false,
    Price: dec4(0),
    WholeSalePrice: dec4(0),
    VATRate: dec4(0),
    VATExempt: false,
    Description: "",
    ManageStockLevel: false,
    QuantityInStock: 0,
    StockWarningQuantity: 0,
    IncrementStockLevelsOnPurchase: false,
    PurchaseNominalCode: 0,
    DefaultProduct: list ? defaultProduct : undefined,
    CreatedDate: n.CreatedDate,
    LastUpdatedDate: n.LastUpdatedDate,
  });
}

function nominalInUse(books: Books, code: number): boolean {
  for (const d of books.invoices.values()) if (d.LineItems.some((l) => l.NominalCode === code)) return true;
  for (const d of books.purchases.values()) if (d.LineItems.some((l) => l.NominalCode === code)) return true;
  for (const t of books.bankTx.values()) if (t.MoneyType === code) return true;
  for (const p of books.products.values()) if (p.NominalCode === code || p.PurchaseNominalCode === code) return true;
  return false;
}

/** Moves every reference from one nominal code to another (rename, or delete with assignedCode). */
function reassign(books: Books, from: number, to: number): void {
  for (const d of [...books.invoices.values(), ...books.purchases.values()])
    for (const l of d.LineItems) if (l.NominalCode === from) l.NominalCode = to;
  for (const t of books.bankTx.values()) if (t.MoneyType === from) t.MoneyType = to;
  for (const p of [...books.products.values()]) {
    if (p.PurchaseNominalCode === from) p.PurchaseNominalCode = to;
    if (p.NominalCode === from) {
      if (books.products.has(productKey(to, p.Code)))
        throw badRequest(`Product '${p.Code}' already exists under nominal ${to}.`);
      books.products.delete(productKey(from, p.Code));
      p.NominalCode = to;
      books.products.set(productKey(to, p.Code), p);
    }
  }
  for (const b of books.bankAccounts.values()) if (b.Code === from) b.Code = to;
  books.touch();
}

export function registerNominalRoutes(api: Hono<SandboxEnv>, store: SandboxStore): void {
  const fieldSchema = ci(fieldShape(NOMINAL_FIELDS));
  const byCode = (s: ReqScope, c: Ctx): NominalRec => {
    const code = intParam(c, "code", "Nominal");
    const n = s.books.nominals.get(code);
    if (!n) throw notFound(`Nominal with code ${code} was not found.`);
    return n;
  };
  const byId = (s: ReqScope, c: Ctx): NominalRec => {
    const id = intParam(c, "id", "Nominal");
    for (const n of s.books.nominals.values()) if (n.Id === id) return n;
    throw notFound(`Nominal with id ${id} was not found.`);
  };

  api.get("/nominals", (c) => {
    const s = scope(c, store);
    const q = Query.of(c);
    const type = q.str("type");
    const wantType = type && type.toLowerCase() !== "all" ? nomTypeOf(type) : null;
    const area = q.str("area");
    const wantArea =
      area && area.toLowerCase() !== "all"
        ? /^\d+$/.test(area)
          ? Number(area)
          : CLASSIFICATIONS.findIndex((x) => x.toLowerCase() === area.toLowerCase())
        : null;
    const search = q.str("searchtext")?.toLowerCase() ?? null;
    const rows = [...s.books.nominals.values()]
      .filter((n) => wantType === null || n.NomType === wantType)
      .filter((n) => wantArea === null || n.Classification === wantArea)
      .filter((n) => !search || containsCi(n.Name, search) || String(n.Code).includes(search))
      .sort((a, b) => a.Code - b.Code);
    return send(
      c,
      200,
      referenceList(c, s.cfg, rows, (n) => nominalView(s.books, n, true)),
    );
  });

  const getOne = (find: (s: ReqScope, c: Ctx) => NominalRec) => (c: Ctx) => {
    const s = scope(c, store);
    return send(c, 200, nominalView(s.books, find(s, c), false));
  };
  api.get("/nominals/Id/:id", getOne(byId));
  api.get("/nominals/id/:id", getOne(byId));
  api.get("/nominals/:code", getOne(byCode));

  api.post("/nominals", async (c) => {
    const s = scope(c, store);
    const body = await readJson(c);
    const input = parseWith(nominalSchema, body);
    const fields = pickFields(NOMINAL_FIELDS, parseWith(fieldSchema, body) as Record<string, unknown>);
    if (input.Code == null || input.Code <= 0) throw badRequest("Nominal Code is required.");
    if (!input.Name?.trim()) throw badRequest("Nominal Name is required.");
    const existing = s.books.nominals.get(input.Code);
    if (existing) {
      // CreateWhenNotPresent makes the call idempotent: the existing nominal comes back [SWG/INF: 200].
      if (input.CreateWhenNotPresent) return send(c, 200, nominalView(s.books, existing, false));
      throw badRequest(`Nominal code ${input.Code} already exists.`);
    }
    const now = formatTimestamp(s.now);
    const n: NominalRec = {
      Id: s.books.next("nominal"),
      Code: input.Code,
      Name: input.Name.trim(),
      NomType: input.NomType ?? nomTypeOf(input.Type) ?? 0,
      Classification: input.Classification ?? 0,
      Fields: fieldDefaults(NOMINAL_FIELDS, fields),
      AllowDelete: true,
      CreatedDate: now,
      LastUpdatedDate: now,
    };
    s.books.nominals.set(n.Code, n);
    s.books.touch();
    store.onChange(s.account.Id);
    return send(c, 201, nominalView(s.books, n, false));
  });

  const update = (find: (s: ReqScope, c: Ctx) => NominalRec) => async (c: Ctx) => {
    const s = scope(c, store);
    const n = find(s, c);
    const body = await readJson(c);
    const input = parseWith(nominalSchema, body);
    const fields = pickFields(NOMINAL_FIELDS, parseWith(fieldSchema, body) as Record<string, unknown>);
    const newCode = input.Code != null && input.Code !== n.Code ? input.Code : null;
    if (newCode !== null) {
      if (newCode <= 0) throw badRequest("Nominal Code must be positive.");
      if (s.books.nominals.has(newCode)) throw badRequest(`Nominal code ${newCode} already exists.`);
    }
    if (input.Name != null && !input.Name.trim()) throw badRequest("Nominal Name is required.");
    if (input.Name != null) n.Name = input.Name.trim();
    n.NomType = input.NomType ?? nomTypeOf(input.Type) ?? n.NomType;
    if (input.Classification != null) n.Classification = input.Classification;
    n.Fields = { ...n.Fields, ...fields };
    n.LastUpdatedDate = formatTimestamp(s.now);
    if (newCode !== null) {
      const old = n.Code;
      reassign(s.books, old, newCode);
      s.books.nominals.delete(old);
      n.Code = newCode;
      s.books.nominals.set(newCode, n);
    }
    s.books.touch();
    store.onChange(s.account.Id);
    return send(c, newCode !== null ? 201 : 200, nominalView(s.books, n, false));
  };
  api.put("/nominals/Id/:id", update(byId));
  api.put("/nominals/id/:id", update(byId));
  api.put("/nominals/:code", update(byCode));

  api.delete("/nominals/:code", (c) => {
    const s = scope(c, store);
    const n = byCode(s, c);
    const q = Query.of(c);
    const assigned = q.int("assignedcode");
    if ([...s.books.bankAccounts.values()].some((b) => b.Code === n.Code))
      throw badRequest(`Nominal ${n.Code} belongs to a bank account and cannot be deleted.`);
    if (assigned !== null) {
      if (assigned === n.Code || !s.books.nominals.has(assigned))
        throw badRequest(`assignedCode ${assigned} is not another nominal.`);
      reassign(s.books, n.Code, assigned);
    } else if (nominalInUse(s.books, n.Code)) {
      throw badRequest(`Nominal ${n.Code} is in use; pass assignedCode to move its transactions.`);
    }
    s.books.nominals.delete(n.Code);
    s.books.touch();
    store.onChange(s.account.Id);
    return noContent(c);
  });
}
