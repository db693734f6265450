// Paging over real HTTP: more than 1,000 records, absolute and relative page URLs, large pages, bare arrays,
// and a SQL timeout on a middle page that is retried rather than ending the list early.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { login } from "@/sandbox/kashflow/test/helpers";
import { count, createAccount, drain, makeClient, startSandbox, type Account, type Harness } from "./harness";

let h: Harness;
let big: Account;
beforeAll(async () => {
  h = await startSandbox();
  big = await createAccount(h, { Seed: 3, AnchorDate: "2026-03-31", Size: { Invoices: 1200 } });
});
afterAll(async () => {
  await h.close();
});

describe("KashFlow paging", () => {
  it("reads all 1,200 invoices, 200 a page as production clients do, each exactly once", async () => {
    const { client, calls } = makeClient(h, big);
    const rows = await drain(client.invoices.list());
    expect(rows).toHaveLength(1200);
    expect(new Set(rows.map((r) => r.Number)).size).toBe(1200);
    expect(Math.min(...rows.map((r) => r.Number))).toBe(1);
    expect(Math.max(...rows.map((r) => r.Number))).toBe(1200);
    expect(count(calls, "GET", "/invoices")).toBe(6);
    const pages = calls.filter((c) => c.path.endsWith("/invoices"));
    expect(pages.every((c) => c.query.get("perpage") === "200")).toBe(true);
    // Swagger's documented maximum is 100: the flag goes too, so either reading of KashFlow takes the page.
    expect(pages.every((c) => c.query.get("skipperpagevalidation") === "true")).toBe(true);
    // List rows are summaries (§3.4).
    expect(rows.every((r) => r.LineItems == null)).toBe(true);
  });

  it("pages of 250 ask KashFlow to skip its 100-row check", async () => {
    const { client, calls } = makeClient(h, big, { behaviour: { perPage: 250 } });
    expect(await drain(client.invoices.list())).toHaveLength(1200);
    expect(count(calls, "GET", "/invoices")).toBe(5);
    expect(
      calls.filter((c) => c.path.endsWith("/invoices")).every((c) => c.query.get("skipperpagevalidation") === "true"),
    ).toBe(true);
  });

  it("follows relative page URLs too", async () => {
    const acc = await createAccount(h, { Seed: 4, Behaviour: { pageUrlStyle: "relative" } });
    const { client, calls } = makeClient(h, acc, { behaviour: { perPage: 5 } });
    const customers = await drain(client.customers.list());
    const total = (await client.metadata()).TotalCustomerCount;
    expect(customers).toHaveLength(total ?? -1);
    expect(count(calls, "GET", "/customers")).toBe(Math.ceil((total ?? 0) / 5));
  });

  it("a page URL naming another host is followed on our own host only (the token never leaves)", async () => {
    const acc = await createAccount(h, { Seed: 4 });
    const hosts: string[] = [];
    const { client } = makeClient(h, acc, {
      behaviour: { perPage: 5 },
      fetch: async (input, init) => {
        const url = new URL(String(input instanceof Request ? input.url : input));
        hosts.push(url.host);
        const res = await fetch(url, init);
        if (!url.pathname.endsWith("/customers")) return res;
        const body = (await res.json()) as { MetaData: { NextPageUrl: string | null } };
        if (body.MetaData.NextPageUrl)
          body.MetaData.NextPageUrl = body.MetaData.NextPageUrl.replace(/^http:\/\/[^/]+/, "https://elsewhere.example");
        return new Response(JSON.stringify(body), { status: res.status, headers: res.headers });
      },
    });
    const customers = await drain(client.customers.list());
    expect(customers).toHaveLength((await client.metadata()).TotalCustomerCount ?? -1);
    expect(new Set(hosts)).toEqual(new Set([new URL(h.url).host]));
  });

  it("keeps our filters on every page", async () => {
    const { client, calls } = makeClient(h, big, { behaviour: { perPage: 50 } });
    const rows = await drain(client.invoices.list({ issuedFrom: "2000-01-01", issuedTo: "2100-01-01", status: "all" }));
    expect(rows).toHaveLength(1200);
    expect(
      calls
        .filter((c) => c.path.endsWith("/invoices"))
        .every((c) => c.query.get("issuedatefrom") === "2000-01-01" && c.query.get("perpage") === "50"),
    ).toBe(true);
  });

  it("reads bare-array endpoints (nominals, VAT rates, currencies, payment methods, bank accounts)", async () => {
    const { client } = makeClient(h, big);
    const nominals = await client.nominals();
    expect(nominals.length).toBeGreaterThan(15);
    expect(nominals.some((n) => n.Code === 4000)).toBe(true);
    expect((await client.vatRates()).map((r) => r.VATRate)).toEqual(["20", "5", "0"]);
    expect((await client.currencies()).map((c) => c.Code)).toContain("EUR");
    expect((await client.paymentMethods("purchase")).length).toBeGreaterThan(0);
    const banks = await client.bankAccounts();
    expect(banks.some((b) => b.IsArchived)).toBe(true);
  });

  it("a large chart of accounts answered in pages (not the documented bare array) is read whole", async () => {
    const acc = await createAccount(h, { DataSet: "empty", Behaviour: { pagedReferenceLists: true } });
    const token = await login({ url: h.url } as Parameters<typeof login>[0], { ...acc, Counts: {} });
    const seeded = (await makeClient(h, acc).client.nominals()).length;
    const extra = 450;
    for (let i = 0; i < extra; i += 50)
      await Promise.all(
        Array.from({ length: Math.min(50, extra - i) }, async (_, j) => {
          const res = await fetch(`${h.apiBaseUrl}/nominals`, {
            method: "POST",
            headers: { Authorization: `KfToken ${token}`, "Content-Type": "application/json" },
            body: JSON.stringify({ Code: 20_000 + i + j, Name: `Cost centre ${i + j}`, NomType: 2, Classification: 3 }),
          });
          if (res.status !== 201) throw new Error(await res.text());
        }),
      );
    const { client, calls } = makeClient(h, acc, { behaviour: { perPage: 100 } });
    const nominals = await client.nominals();
    expect(nominals).toHaveLength(seeded + extra);
    expect(new Set(nominals.map((n) => n.Code)).size).toBe(seeded + extra);
    expect(nominals.some((n) => n.Code === 20_449)).toBe(true);
    expect(count(calls, "GET", "/nominals")).toBe(Math.ceil((seeded + extra) / 100));
    // The other reference lists take either shape too.
    expect((await client.currencies()).map((c) => c.Code)).toContain("GBP");
    expect((await client.bankAccounts()).length).toBeGreaterThan(0);
  });

  it("a SQL timeout (400 -2146232060) on page 3 is retried and the list stays complete", async () => {
    const acc = await createAccount(h, { Seed: 5, Size: { Invoices: 450 } });
    await h.admin("POST", `/accounts/${acc.AccountId}/faults`, {
      Kind: "sqlTimeout",
      Page: 3,
      Path: "/invoices",
      Times: 2,
    });
    const { client, calls } = makeClient(h, acc);
    const rows = await drain(client.invoices.list());
    expect(new Set(rows.map((r) => r.Number)).size).toBe(450);
    const page3 = calls.filter((c) => c.path.endsWith("/invoices") && c.query.get("page") === "3");
    expect(page3.map((c) => c.status)).toEqual([400, 400, 200]);
  });

  it("pages through the audit report", async () => {
    const { client, calls } = makeClient(h, big);
    const rows = await drain(client.auditRows({ from: "2000-01-01", to: "2100-01-01", perPage: 100 }));
    expect(rows.length).toBeGreaterThan(1200);
    expect(new Set(rows.map((r) => r.TransactionNumber)).size).toBe(rows.length);
    expect(count(calls, "GET", "/reports/business/audit")).toBe(Math.ceil(rows.length / 100));
  });
});
