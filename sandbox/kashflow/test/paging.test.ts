import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  client,
  createAccount,
  daysFromNow,
  emptyBooks,
  login,
  startSandbox,
  type Client,
  type Harness,
} from "./helpers";

let h: Harness;
let api: Client;
beforeAll(async () => {
  h = await startSandbox();
  // AnchorDate defaults to today, so seeded statuses (Unpaid vs Overdue) hold against the real clock.
  const acc = await createAccount(h, { Seed: 11, Size: { Invoices: 1234, Customers: 30 } });
  api = client(h, await login(h, acc));
});
afterAll(async () => {
  await h.close();
});

describe("paged envelope", () => {
  it("carries all seven MetaData fields, null links at the ends, and TotalAmount over all pages", async () => {
    const first = await api.get("/invoices?perpage=100");
    expect(Object.keys(first.MetaData).sort()).toEqual(
      [
        "FirstPageUrl",
        "InvoiceLimitReached",
        "LastPageUrl",
        "NextPageUrl",
        "PreviousPageUrl",
        "TotalAmount",
        "TotalRecords",
      ].sort(),
    );
    expect(first.MetaData.TotalRecords).toBe(1234);
    expect(first.MetaData.PreviousPageUrl).toBeNull();
    expect(first.MetaData.NextPageUrl).toBe(`${h.url}/v2/invoices?page=2&perpage=100`);
    expect(first.MetaData.LastPageUrl).toContain("page=13");
    expect(first.Data).toHaveLength(100);
    // List rows are summaries (§3.4).
    expect(first.Data[0].LineItems).toBeNull();
    expect(first.Data[0].PaymentLines).toBeNull();

    const seen = new Set<number>();
    let total = 0;
    let url: string | null = first.MetaData.FirstPageUrl;
    let pages = 0;
    while (url) {
      const page = await api.get(url.slice(`${h.url}/v2`.length));
      for (const row of page.Data) {
        seen.add(row.Number);
        total += Math.round(row.HomeCurrencyGrossAmount * 100);
      }
      expect(page.MetaData.TotalAmount).toBe(first.MetaData.TotalAmount);
      url = page.MetaData.NextPageUrl;
      pages += 1;
      if (!url) expect(page.MetaData.PreviousPageUrl).toContain("page=12");
    }
    expect(pages).toBe(13);
    expect(seen.size).toBe(1234);
    expect(total).toBe(Math.round(first.MetaData.TotalAmount * 100));
  });

  it("uses the per-endpoint default perpage and validates the maximum unless skipperpagevalidation=true", async () => {
    expect((await api.get("/customers")).Data).toHaveLength(30);
    expect((await api.get("/invoices")).Data).toHaveLength(50);
    expect((await api.get("/products/list?filterbyinuseonly=false")).Data).toHaveLength(9);
    expect((await api.get("/bankaccounts/1/transactions")).Data).toHaveLength(10);
    // Production clients page 200 without the flag [OBS]; beyond that the flag is needed.
    expect((await api.get("/invoices?perpage=200")).Data).toHaveLength(200);
    const tooMany = await api.send("GET", "/invoices?perpage=201");
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toEqual({ Message: "perpage must be between 1 and 200.", Error: "BadRequest" });
    expect((await api.get("/invoices?perpage=201&skipperpagevalidation=true")).Data).toHaveLength(201);
    expect((await api.send("GET", "/invoices?page=0")).status).toBe(400);
    expect((await api.get("/invoices?page=99")).Data).toEqual([]);
  });

  it("accepts case-insensitive query names, sortby as int or name, and order in any case", async () => {
    const byInt = await api.get("/invoices?SortBy=5&Order=Desc&PerPage=20");
    const byName = await api.get("/invoices?sortby=GrossAmount&order=desc&perpage=20");
    expect(byInt.Data.map((r: any) => r.Number)).toEqual(byName.Data.map((r: any) => r.Number));
    const grosses = byInt.Data.map((r: any) => r.HomeCurrencyGrossAmount);
    expect([...grosses].sort((a: number, b: number) => b - a)).toEqual(grosses);
    expect((await api.send("GET", "/invoices?sortby=Colour")).status).toBe(400);
    const byName2 = await api.get("/customers?sortby=0&perpage=100");
    const names = byName2.Data.map((r: any) => r.Name.toLowerCase());
    expect([...names].sort()).toEqual(names);
  });

  it("emits relative page URLs when configured", async () => {
    const acc = await createAccount(h, { Size: { Invoices: 30 }, Behaviour: { pageUrlStyle: "relative" } });
    const api2 = client(h, await login(h, acc));
    const page = await api2.get("/invoices?perpage=10");
    expect(page.MetaData.NextPageUrl).toBe("/v2/invoices?page=2&perpage=10");
  });
});

describe("filters", () => {
  it("filters invoices by issue date (inclusive), customer and status", async () => {
    const all = await api.get("/invoices?skipperpagevalidation=true&perpage=2000");
    const [from, to] = [daysFromNow(-40), daysFromNow(-31)];
    const inMarch = all.Data.filter((r: any) => r.IssuedDate >= from && r.IssuedDate <= `${to} 23:59:59`);
    const filtered = await api.get(
      `/invoices?issuedatefrom=${from}&issuedateto=${to}&skipperpagevalidation=true&perpage=2000`,
    );
    expect(filtered.MetaData.TotalRecords).toBe(inMarch.length);
    expect(inMarch.length).toBeGreaterThan(0);

    const code = all.Data[0].CustomerCode;
    const mine = await api.get(`/invoices?customercode=${code.toLowerCase()}&perpage=100`);
    expect(mine.MetaData.TotalRecords).toBe(all.Data.filter((r: any) => r.CustomerCode === code).length);

    for (const status of ["Paid", "Unpaid", "Overdue", "Overpaid", "NA"]) {
      const rows = await api.get(`/invoices?statusfilter=${status}&perpage=100`);
      expect(rows.MetaData.TotalRecords, status).toBeGreaterThan(0);
      expect(rows.Data.every((r: any) => r.Status === status)).toBe(true);
    }
  });

  it("filters customers by creation date and name prefix", async () => {
    const { api: fresh } = await emptyBooks(h);
    const today = new Date().toISOString().slice(0, 10);
    expect(
      (await fresh.get(`/customers?startcreationdate=${today}&endcreationdate=${today}`)).MetaData.TotalRecords,
    ).toBe(1);
    expect((await fresh.get("/customers?endcreationdate=2000-01-01")).MetaData.TotalRecords).toBe(0);
    expect((await fresh.get("/customers?namestartswith=first")).MetaData.TotalRecords).toBe(1);
    expect((await fresh.get("/customers?namestartswith=zzz")).MetaData.TotalRecords).toBe(0);
    const detail = await fresh.get("/customers/CUST01");
    expect(detail.LastUpdatedDate).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  it("filters bank transactions by date and reports opening and closing balances", async () => {
    const all = await api.get("/bankaccounts/1/transactions?skipperpagevalidation=true&perpage=5000");
    const [from, to] = [daysFromNow(-60), daysFromNow(-31)];
    const within = await api.get(`/bankaccounts/1/transactions?startdate=${from}&enddate=${to}&perpage=100`);
    const expected = all.Data.filter((t: any) => t.Date >= from && t.Date <= `${to} 23:59:59`);
    expect(expected.length).toBeGreaterThan(0);
    expect(within.MetaData.TotalRecords).toBe(expected.length);
    const net = expected.reduce((s: number, t: any) => s + Math.round((t.PaidIn - t.PaidOut) * 100), 0);
    expect(Math.round((within.MetaData.ClosingBalance - within.MetaData.OpeningBalance) * 100)).toBe(net);
  });
});

describe("bare arrays", () => {
  it("keeps nominals, bank accounts, currencies, VAT rates, countries and payment methods bare", async () => {
    for (const path of [
      "/nominals",
      "/bankaccounts",
      "/currencies",
      "/vat/settings/vatrates",
      "/countries",
      "/paymentmethods/invoice",
      "/paymentmethods/purchase",
    ]) {
      const body = await api.get(path);
      expect(Array.isArray(body), path).toBe(true);
      expect(body.length, path).toBeGreaterThan(0);
    }
    const rates = await api.get("/vat/settings/vatrates");
    expect(rates.map((r: any) => r.VATRate).sort((a: number, b: number) => a - b)).toEqual([0, 5, 20]);
    const banks = await api.get("/bankaccounts");
    expect(banks.some((b: any) => b.IsArchived)).toBe(false);
    const withArchived = await api.get("/bankaccounts?includeArchivedAccounts=true");
    expect(withArchived.some((b: any) => b.IsArchived)).toBe(true);
  });
});
