// Currencies (§8.4): ExchangeRate = units of the currency per 1 GBP; GBP is the home currency.
import type { Hono } from "hono";
import { badRequest, notFound } from "../errors";
import { dec4 } from "../format";
import { noContent, readJson, scope, send, type Ctx, type SandboxEnv } from "../http";
import { referenceList } from "../paging";
import { CURRENCY_CATALOGUE } from "../reference";
import type { SandboxStore } from "../store/store";
import type { CurrencyRec } from "../store/types";
import { ci, parseWith, zBool, zDec4, zStr } from "../validation";

const currencySchema = ci({
  Code: zStr.nullish(),
  Name: zStr.nullish(),
  Symbol: zStr.nullish(),
  ExchangeRate: zDec4.nullish(),
  DisplaySymbolOnRight: zBool.nullish(),
});

export const currencyRecView = (c: CurrencyRec) => ({
  Id: c.Id,
  Code: c.Code,
  Name: c.Name,
  Symbol: c.Symbol,
  ExchangeRate: dec4(c.ExchangeRate),
  DisplaySymbolOnRight: c.DisplaySymbolOnRight,
});

export function registerCurrencyRoutes(api: Hono<SandboxEnv>, store: SandboxStore): void {
  const list = (c: Ctx) => {
    const s = scope(c, store);
    const rows = [...s.books.currencies.values()].sort((a, b) => a.Id - b.Id);
    return send(c, 200, referenceList(c, s.cfg, rows, currencyRecView));
  };
  api.get("/currencies", list);
  api.get("/currencies/list", list);

  const lookup = (c: Ctx) => {
    const s = scope(c, store);
    const code = (c.req.param("code") ?? "").toUpperCase();
    const cur = s.books.currencies.get(code);
    if (!cur) throw notFound(`Currency '${code}' was not found.`);
    return { s, cur };
  };

  api.get("/currencies/:code", (c) => send(c, 200, currencyRecView(lookup(c).cur)));

  api.post("/currencies", async (c) => {
    const s = scope(c, store);
    const input = parseWith(currencySchema, await readJson(c));
    const code = input.Code?.trim().toUpperCase();
    if (!code || !/^[A-Z]{3}$/.test(code)) throw badRequest("Code must be a three-letter ISO 4217 code.");
    if (s.books.currencies.has(code)) throw badRequest(`Currency '${code}' already exists.`);
    const known = CURRENCY_CATALOGUE.find((x) => x.Code === code);
    const rate = input.ExchangeRate ?? known?.ExchangeRate ?? 10_000;
    if (rate <= 0) throw badRequest("ExchangeRate must be greater than zero.");
    const rec: CurrencyRec = {
      Id: s.books.next("currency"),
      Code: code,
      Name: input.Name ?? known?.Name ?? code,
      Symbol: input.Symbol ?? known?.Symbol ?? code,
      ExchangeRate: code === "GBP" ? 10_000 : rate,
      DisplaySymbolOnRight: input.DisplaySymbolOnRight ?? known?.DisplaySymbolOnRight ?? false,
    };
    s.books.currencies.set(code, rec);
    s.books.touch();
    store.onChange(s.account.Id);
    return send(c, 201, currencyRecView(rec));
  });

  api.put("/currencies/:code", async (c) => {
    const { s, cur } = lookup(c);
    const input = parseWith(currencySchema, await readJson(c));
    if (input.Code && input.Code.toUpperCase() !== cur.Code) throw badRequest("A currency's Code cannot be changed.");
    if (input.ExchangeRate != null) {
      if (input.ExchangeRate <= 0) throw badRequest("ExchangeRate must be greater than zero.");
      if (cur.Code !== "GBP") cur.ExchangeRate = input.ExchangeRate;
    }
    if (input.Name != null) cur.Name = input.Name;
    if (input.Symbol != null) cur.Symbol = input.Symbol;
    if (input.DisplaySymbolOnRight != null) cur.DisplaySymbolOnRight = input.DisplaySymbolOnRight;
    s.books.touch();
    store.onChange(s.account.Id);
    return send(c, 200, currencyRecView(cur));
  });

  api.delete("/currencies/:code", (c) => {
    const { s, cur } = lookup(c);
    if (cur.Code === "GBP") throw badRequest("The home currency cannot be deleted.");
    const used =
      [...s.books.invoices.values(), ...s.books.purchases.values()].some((d) => d.CurrencyCode === cur.Code) ||
      [...s.books.customers.values(), ...s.books.suppliers.values()].some((p) => p.CurrencyCode === cur.Code);
    if (used) throw badRequest(`Currency '${cur.Code}' is in use.`);
    s.books.currencies.delete(cur.Code);
    s.books.touch();
    store.onChange(s.account.Id);
    return noContent(c);
  });
}
