// Every sandbox fault, and what the client does about it: retry (TRANSIENT, RATE_LIMITED honouring
// Retry-After) or stop with the right class (NEEDS_USER, BUG) — never a crash, never a dropped record.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invoiceToSalesInvoice } from "../mappers";
import { count, createAccount, drain, failure, makeClient, startSandbox, type Account, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startSandbox();
});
afterAll(async () => {
  await h.close();
});

const fault = (acc: Account, rule: Record<string, unknown>) =>
  h.admin("POST", `/accounts/${acc.AccountId}/faults`, rule);
const api = (c: { path: string }) => c.path.startsWith("/v2/") && !c.path.includes("/sessiontoken");

describe("KashFlow faults", () => {
  it("a 429 storm: waits out every Retry-After and still reads every record", async () => {
    const acc = await createAccount(h, { Seed: 6 });
    await fault(acc, { Kind: "rateLimit", Limit: 3, WindowSeconds: 1 });
    const { client, calls } = makeClient(h, acc, { behaviour: { perPage: 2 } });
    const customers = await drain(client.customers.list());
    expect(customers).toHaveLength((await client.metadata()).TotalCustomerCount ?? -1);
    const apiCalls = calls.filter(api);
    const limited = apiCalls.filter((c) => c.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    for (const c of limited) {
      const next = apiCalls[apiCalls.indexOf(c) + 1];
      expect(c.retryAfter).toMatch(/^\d+$/);
      // The next request waited at least Retry-After (less a few ms of timer slack).
      expect(next!.at - c.doneAt).toBeGreaterThanOrEqual(Number(c.retryAfter) * 1000 - 15);
    }
  });

  it("a Retry-After longer than the client will wait goes back to the caller as RATE_LIMITED", async () => {
    const acc = await createAccount(h, { DataSet: "empty" });
    await fault(acc, { Kind: "rateLimit", Limit: 0, RetryAfterSeconds: 600 });
    const { client, calls } = makeClient(h, acc);
    const error = await failure(client.companyDetails());
    expect(error).toMatchObject({
      code: "RATE_LIMITED",
      retryClass: "RATE_LIMITED",
      retryAfterMs: 600_000,
      reason: "TooManyRequests",
    });
    expect(calls.filter(api)).toHaveLength(1);
  });

  it("5xx with a JSON body is retried until it works", async () => {
    const acc = await createAccount(h, { DataSet: "empty" });
    await fault(acc, { Kind: "serverError", Status: 503, BodyKind: "json", Times: 2 });
    const { client, calls } = makeClient(h, acc);
    expect((await client.companyDetails()).companyName).toBeTruthy();
    expect(calls.filter(api).map((c) => c.status)).toEqual([503, 503, 200]);
  });

  it("a 5xx HTML error page that does not go away ends as TRANSIENT after the retries", async () => {
    const acc = await createAccount(h, { DataSet: "empty" });
    await fault(acc, { Kind: "serverError", Status: 502, BodyKind: "html" });
    const { client, calls } = makeClient(h, acc, { limits: { maxRetries: 2 } });
    const error = await failure(client.companyDetails());
    expect(error).toMatchObject({ code: "UPSTREAM", retryClass: "TRANSIENT", reason: "HTTP502" });
    expect(error.message).toMatch(/error page/);
    expect(calls.filter(api)).toHaveLength(3);
  });

  it("malformed JSON and empty bodies on a 5xx are TRANSIENT and retried", async () => {
    const acc = await createAccount(h, { DataSet: "empty" });
    await fault(acc, { Kind: "serverError", Status: 500, BodyKind: "malformedJson", Times: 1 });
    await fault(acc, { Kind: "serverError", Status: 500, BodyKind: "empty", Times: 1 });
    const { client, calls } = makeClient(h, acc);
    expect((await client.companyDetails()).companyName).toBeTruthy();
    expect(calls.filter(api).map((c) => c.status)).toEqual([500, 500, 200]);
  });

  it("a garbled 200 body is TRANSIENT and retried", async () => {
    const acc = await createAccount(h, { DataSet: "empty" });
    let garble = 1;
    const { client, calls } = makeClient(h, acc, {
      fetch: async (input, init) => {
        const url = String(input instanceof Request ? input.url : input);
        if (url.endsWith("/companydetails") && garble-- > 0)
          return new Response('{"CompanyName": "Acme', {
            status: 200,
            headers: { "Content-Type": "application/json" },
          });
        return fetch(input, init);
      },
    });
    expect((await client.companyDetails()).companyName).toBeTruthy();
    expect(garble).toBe(-1);
    expect(calls).toHaveLength(0);
  });

  it("a hung request is aborted by the timeout and retried", async () => {
    const acc = await createAccount(h, { DataSet: "empty" });
    await fault(acc, { Kind: "hang", Times: 1 });
    // Generous enough that a healthy answer on a busy machine never times out.
    const { client, calls } = makeClient(h, acc, { limits: { timeoutMs: 1500 } });
    expect((await client.companyDetails()).companyName).toBeTruthy();
    expect(calls.filter(api).map((c) => c.status)).toEqual(["error", 200]);
  });

  it("a request that always hangs ends as TRANSIENT with reason Timeout", async () => {
    const acc = await createAccount(h, { DataSet: "empty" });
    await fault(acc, { Kind: "hang" });
    const { client, calls } = makeClient(h, acc, { limits: { timeoutMs: 200, maxRetries: 1 } });
    const error = await failure(client.companyDetails());
    expect(error).toMatchObject({ retryClass: "TRANSIENT", reason: "Timeout" });
    expect(calls.filter(api)).toHaveLength(2);
  });

  it("a connection reset is TRANSIENT and retried", async () => {
    const acc = await createAccount(h, { DataSet: "empty" });
    await fault(acc, { Kind: "reset", Times: 2 });
    const { client, calls } = makeClient(h, acc);
    expect((await client.companyDetails()).companyName).toBeTruthy();
    expect(calls.filter(api).map((c) => c.status)).toEqual(["error", "error", 200]);
    await fault(acc, { Kind: "reset" });
    const error = await failure(makeClient(h, acc, { limits: { maxRetries: 1 } }).client.companyDetails());
    expect(error).toMatchObject({ code: "UPSTREAM", retryClass: "TRANSIENT" });
    expect(error.message).toMatch(/could not reach KashFlow/);
  });

  it("fieldNoise: missing optional fields and unknown extras change nothing we read", async () => {
    const acc = await createAccount(h, { Seed: 1, AnchorDate: "2026-03-31" });
    const clean = makeClient(h, acc).client;
    const cleanInvoices = await Promise.all(
      [1, 3, 15, 18, 30].map(async (n) => invoiceToSalesInvoice(await clean.invoices.get(n))),
    );
    const cleanPurchases = await Promise.all([1, 2, 5].map((n) => clean.purchases.get(n)));
    await fault(acc, { Kind: "fieldNoise", Randomize: true, Seed: 11 });
    await fault(acc, {
      Kind: "fieldNoise",
      Omit: ["SupplierId", "Permalink", "BankReconciliationId", "CustomerName"],
      Extra: { Surprise: { Nested: [1, 2] } },
    });
    const noisy = makeClient(h, acc).client;
    for (const [i, n] of [1, 3, 15, 18, 30].entries()) {
      const read = invoiceToSalesInvoice(await noisy.invoices.get(n));
      expect({ ...read, customerName: null }).toEqual({ ...cleanInvoices[i], customerName: null });
    }
    for (const [i, n] of [1, 2, 5].entries()) {
      const read = await noisy.purchases.get(n);
      expect(read.SupplierId).toBeUndefined();
      expect(read.LineItems).toEqual(cleanPurchases[i]?.LineItems);
    }
    expect(await drain(noisy.invoices.list())).toHaveLength(40);
  });

  it("unstableOrder: same-date bank rows reorder between pages; every row is yielded once and gaps are reported", async () => {
    const acc = await createAccount(h, { Seed: 2 });
    const { client } = makeClient(h, acc);
    const stable = await client.bankTransactions(1, { perPage: 5 }).listAll();
    expect(stable.complete).toBe(true);
    await fault(acc, { Kind: "unstableOrder" });
    let sawDuplicates = false;
    // Reordering is random: sweep until it has shown itself (it does within a few sweeps).
    for (let i = 0; i < 40 && !sawDuplicates; i++) {
      const shaky = await client.bankTransactions(1, { perPage: 5 }).listAll();
      const ids = shaky.records.map((r) => r.Id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.every((id) => stable.records.some((r) => r.Id === id))).toBe(true);
      expect(shaky.complete).toBe(ids.length === stable.records.length);
      if (shaky.duplicatesDropped > 0) sawDuplicates = true;
    }
    expect(sawDuplicates).toBe(true);
  });

  it("a create is not re-sent after an ambiguous 5xx (it might have been saved)", async () => {
    const acc = await createAccount(h, { Seed: 1 });
    await fault(acc, { Kind: "serverError", Status: 500, Method: "POST", Path: "/invoices", Times: 1 });
    const { client, calls } = makeClient(h, acc);
    const error = await failure(
      client.invoices.create({
        CustomerCode: "NOR01",
        IssuedDate: "2026-03-01 12:00:00",
        LineItems: [{ Description: "x", Quantity: 1, Rate: 10, VATLevel: 20, NominalCode: 4000 }],
      }),
    );
    expect(error).toMatchObject({ retryClass: "TRANSIENT" });
    expect(count(calls, "POST", "/invoices")).toBe(1);
  });

  it("a create that met a 429 is sent again (KashFlow did nothing)", async () => {
    const acc = await createAccount(h, { Seed: 1 });
    await fault(acc, { Kind: "rateLimit", Limit: 1, WindowSeconds: 1, Method: "POST", Path: "/invoices" });
    const { client, calls } = makeClient(h, acc);
    const line = { Description: "x", Quantity: 1, Rate: 10, VATLevel: 20, NominalCode: 4000 };
    const a = await client.invoices.create({
      CustomerCode: "NOR01",
      IssuedDate: "2026-03-01 12:00:00",
      LineItems: [line],
    });
    const b = await client.invoices.create({
      CustomerCode: "NOR01",
      IssuedDate: "2026-03-01 12:00:00",
      LineItems: [line],
    });
    expect(b.Number).toBe(a.Number + 1);
    expect(calls.filter((c) => c.path.endsWith("/invoices")).map((c) => c.status)).toEqual([201, 429, 201]);
  });

  it("a refused write names what to fix (NEEDS_USER); a refused read is our bug (BUG), neither retried", async () => {
    const acc = await createAccount(h, { Seed: 1 });
    const { client, calls } = makeClient(h, acc);
    const write = await failure(
      client.invoices.create({
        CustomerCode: "NOPE99",
        IssuedDate: "2026-03-01 12:00:00",
        LineItems: [{ Description: "x", Quantity: 1, Rate: 10, VATLevel: 20, NominalCode: 4000 }],
      }),
    );
    expect(write).toMatchObject({ code: "BAD_REQUEST", retryClass: "NEEDS_USER" });
    expect(write.message).toMatch(/NOPE99/);
    const read = await failure(drain(client.invoices.list({ status: "sideways" })));
    expect(read).toMatchObject({ code: "INTERNAL", retryClass: "BUG" });
    expect(calls.filter(api).map((c) => c.status)).toEqual([400, 400]);
  });

  it("404: NOT_FOUND from get, null from find", async () => {
    const acc = await createAccount(h, { Seed: 1 });
    const { client } = makeClient(h, acc);
    expect(await failure(client.invoices.get(999_999))).toMatchObject({ code: "NOT_FOUND", reason: "NotFound" });
    expect(await client.invoices.find(999_999)).toBeNull();
    expect(await client.customers.find("NOBODY")).toBeNull();
  });
});
