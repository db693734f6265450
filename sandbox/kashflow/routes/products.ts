// Products (§6.2): sub-products keyed by (NominalCode, Code); stock is maintained by documents.
import type { Hono } from "hono";
import { badRequest, notFound } from "../errors";
import { dec4, formatTimestamp } from "../format";
import { intParam, noContent, Query, readJson, scope, send, type Ctx, type ReqScope, type SandboxEnv } from "../http";
import { byNum, byStr, envelope, sortRows } from "../paging";
import { codeKey, productKey, type Books } from "../store/books";
import type { SandboxStore } from "../store/store";
import type { ProductRec } from "../store/types";
import { ci, parseWith, zBool, zDec4, zInt, zStr } from "../validation";
import { listKey } from "./common";

const productSchema = ci({
  Code: zStr.nullish(),
  NominalCode: zInt.nullish(),
  NominalId: zInt.nullish(),
  Name: zStr.nullish(),
  Description: zStr.nullish(),
  AutoFillLineItem: zBool.nullish(),
  Price: zDec4.nullish(),
  WholeSalePrice: zDec4.nullish(),
  VATRate: zDec4.nullish(),
  VATExempt: zBool.nullish(),
  IsDefault: zBool.nullish(),
  InUse: zBool.nullish(),
  ManageStockLevel: zBool.nullish(),
  QuantityInStock: zDec4.nullish(),
  StockWarningQuantity: zDec4.nullish(),
  PurchaseNominalCode: zInt.nullish(),
  PurchaseNominalId: zInt.nullish(),
});

export function productView(books: Books, p: ProductRec): Record<string, unknown> {
  const purchaseNominal = p.PurchaseNominalCode === null ? undefined : books.nominals.get(p.PurchaseNominalCode);
  return {
    Id: p.Id,
    Code: p.Code,
    NominalCode: p.NominalCode,
    NominalId: books.nominals.get(p.NominalCode)?.Id ?? 0,
    Name: p.Name,
    Description: p.Description,
    AutoFillLineItem: p.AutoFillLineItem,
    Price: dec4(p.Price),
    WholeSalePrice: dec4(p.WholeSalePrice),
    VATRate: dec4(p.VATRate),
    VATExempt: p.VATExempt,
    IsDefault: p.IsDefault,
    InUse: p.InUse,
    ManageStockLevel: p.ManageStockLevel,
    QuantityInStock: p.QuantityInStock / 10_000,
    StockWarningQuantity: p.StockWarningQuantity / 10_000,
    PurchaseNominalId: purchaseNominal?.Id ?? 0,
    PurchaseNominalCode: p.PurchaseNominalCode ?? 0,
    PurchaseSubNominalId: 0,
    CreatedDate: p.CreatedDate,
    LastUpdatedDate: p.LastUpdatedDate,
  };
}

function nominalFromId(books: Books, id: number): number | null {
  for (const n of books.nominals.values()) if (n.Id === id) return n.Code;
  return null;
}

function listProducts(c: Ctx, s: ReqScope, nominal: number | null): Response {
  const q = Query.of(c);
  const rows = s.books.cached(listKey(`products:${nominal ?? "all"}`, c.req.url), () => {
    const first = q.str("filterbycharacter")?.toLowerCase() ?? null;
    const inUseOnly = q.bool("filterbyinuseonly", true);
    const filtered = [...s.books.products.values()].filter(
      (p) =>
        (nominal === null || p.NominalCode === nominal) &&
        (!inUseOnly || p.InUse) &&
        (!first || p.Name.toLowerCase().startsWith(first) || p.Code.toLowerCase().startsWith(first)),
    );
    const keys = {
      "0": byStr<ProductRec>((p) => p.Code),
      "1": byStr<ProductRec>((p) => p.Name),
      "2": byNum<ProductRec>((p) => p.NominalCode),
      code: byStr<ProductRec>((p) => p.Code),
      name: byStr<ProductRec>((p) => p.Name),
      nominalcode: byNum<ProductRec>((p) => p.NominalCode),
    };
    const param = q.has("sortcolumn") ? "sortcolumn" : "sortby";
    return sortRows(filtered, q, { keys, fallback: byNum((p) => p.Id) }, param).rows;
  });
  return send(
    c,
    200,
    envelope(c, q, s.cfg, rows, (p) => productView(s.books, p), { defaultPerPage: 10 }),
  );
}

export function registerProductRoutes(api: Hono<SandboxEnv>, store: SandboxStore): void {
  const lookup = (s: ReqScope, c: Ctx): ProductRec => {
    const nominal = intParam(c, "nominalCode", "Product");
    const code = c.req.param("code") ?? "";
    const p = s.books.products.get(productKey(nominal, code));
    if (!p) throw notFound(`Product '${code}' under nominal ${nominal} was not found.`);
    return p;
  };

  api.get("/products/list", (c) => listProducts(c, scope(c, store), null));
  api.get("/products", (c) => listProducts(c, scope(c, store), null));
  api.get("/nominals/:code/products", (c) => {
    const s = scope(c, store);
    const code = intParam(c, "code", "Nominal");
    if (!s.books.nominals.has(code)) throw notFound(`Nominal with code ${code} was not found.`);
    return listProducts(c, s, code);
  });

  api.get("/products/:nominalCode/:code", (c) => {
    const s = scope(c, store);
    return send(c, 200, productView(s.books, lookup(s, c)));
  });

  const resolveNominal = (
    books: Books,
    code: number | null | undefined,
    id: number | null | undefined,
  ): number | null => {
    if (code != null) return code;
    if (id != null) return nominalFromId(books, id);
    return null;
  };

  api.post("/products", async (c) => {
    const s = scope(c, store);
    const input = parseWith(productSchema, await readJson(c));
    const code = input.Code?.trim();
    if (!code) throw badRequest("Product Code is required.");
    const nominal = resolveNominal(s.books, input.NominalCode, input.NominalId);
    if (nominal === null || !s.books.nominals.has(nominal))
      throw badRequest(`Nominal ${nominal ?? "(none)"} does not exist.`);
    if (s.books.products.has(productKey(nominal, code)))
      throw badRequest(`Product '${code}' already exists under nominal ${nominal}.`);
    const purchaseNominal = resolveNominal(s.books, input.PurchaseNominalCode, input.PurchaseNominalId);
    if (purchaseNominal !== null && purchaseNominal !== 0 && !s.books.nominals.has(purchaseNominal))
      throw badRequest(`Purchase nominal ${purchaseNominal} does not exist.`);
    const now = formatTimestamp(s.now);
    const p: ProductRec = {
      Id: s.books.next("product"),
      Code: code,
      NominalCode: nominal,
      Name: input.Name?.trim() || code,
      Description: input.Description ?? "",
      AutoFillLineItem: input.AutoFillLineItem ?? false,
      Price: input.Price ?? 0,
      WholeSalePrice: input.WholeSalePrice ?? 0,
      VATRate: input.VATRate ?? 200_000,
      VATExempt: input.VATExempt ?? false,
      IsDefault: input.IsDefault ?? false,
      InUse: input.InUse ?? true,
      ManageStockLevel: input.ManageStockLevel ?? false,
      QuantityInStock: input.QuantityInStock ?? 0,
      StockWarningQuantity: input.StockWarningQuantity ?? 0,
      PurchaseNominalCode: purchaseNominal || null,
      CreatedDate: now,
      LastUpdatedDate: now,
    };
    s.books.products.set(productKey(nominal, code), p);
    s.books.touch();
    store.onChange(s.account.Id);
    return send(c, 201, productView(s.books, p));
  });

  api.put("/products/:nominalCode/:code", async (c) => {
    const s = scope(c, store);
    const p = lookup(s, c);
    const input = parseWith(productSchema, await readJson(c));
    const newNominal = resolveNominal(s.books, input.NominalCode, input.NominalId) ?? p.NominalCode;
    const newCode = input.Code?.trim() || p.Code;
    const moved = newNominal !== p.NominalCode || codeKey(newCode) !== codeKey(p.Code);
    if (moved) {
      if (!s.books.nominals.has(newNominal)) throw badRequest(`Nominal ${newNominal} does not exist.`);
      if (s.books.products.has(productKey(newNominal, newCode)))
        throw badRequest(`Product '${newCode}' already exists under nominal ${newNominal}.`);
    }
    const purchaseNominal = resolveNominal(s.books, input.PurchaseNominalCode, input.PurchaseNominalId);
    if (purchaseNominal !== null && purchaseNominal !== 0 && !s.books.nominals.has(purchaseNominal))
      throw badRequest(`Purchase nominal ${purchaseNominal} does not exist.`);
    if (moved) s.books.products.delete(productKey(p.NominalCode, p.Code));
    p.Code = newCode;
    p.NominalCode = newNominal;
    if (input.Name != null) p.Name = input.Name;
    if (input.Description != null) p.Description = input.Description;
    if (input.AutoFillLineItem != null) p.AutoFillLineItem = input.AutoFillLineItem;
    if (input.Price != null) p.Price = input.Price;
    if (input.WholeSalePrice != null) p.WholeSalePrice = input.WholeSalePrice;
    if (input.VATRate != null) p.VATRate = input.VATRate;
    if (input.VATExempt != null) p.VATExempt = input.VATExempt;
    if (input.IsDefault != null) p.IsDefault = input.IsDefault;
    if (input.InUse != null) p.InUse = input.InUse;
    if (input.ManageStockLevel != null) p.ManageStockLevel = input.ManageStockLevel;
    // No stock-adjustment endpoint exists; PUT QuantityInStock is the adjustment [INF].
    if (input.QuantityInStock != null) p.QuantityInStock = input.QuantityInStock;
    if (input.StockWarningQuantity != null) p.StockWarningQuantity = input.StockWarningQuantity;
    if (purchaseNominal !== null) p.PurchaseNominalCode = purchaseNominal || null;
    p.LastUpdatedDate = formatTimestamp(s.now);
    s.books.products.set(productKey(p.NominalCode, p.Code), p);
    s.books.touch();
    store.onChange(s.account.Id);
    return send(c, moved ? 201 : 200, productView(s.books, p));
  });

  api.delete("/products/:nominalCode/:code", (c) => {
    const s = scope(c, store);
    const p = lookup(s, c);
    s.books.products.delete(productKey(p.NominalCode, p.Code));
    s.books.touch();
    store.onChange(s.account.Id);
    return noContent(c);
  });
}
