import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { client, createAccount, login, startSandbox, type Account, type Client, type Harness } from "./helpers";

let h: Harness;
let acc: Account;
let api: Client;
let other: Client;

beforeAll(async () => {
  h = await startSandbox();
  acc = await createAccount(h, { Seed: 5, Size: { Invoices: 60, BankTransactions: 40 } });
  api = client(h, await login(h, acc));
  other = client(h, await login(h, await createAccount(h, { Size: { Invoices: 5 } })));
});
afterEach(async () => {
  await h.admin("DELETE", "/faults");
  await h.adminJson("PATCH", "/config", { LatencyMs: 0 });
});
afterAll(async () => {
  await h.close();
});

const addFault = (body: Record<string, unknown>) => h.adminJson("POST", `/accounts/${acc.AccountId}/faults`, body);

describe("admin guard", () => {
  it("requires the admin key", async () => {
    const r = await fetch(`${h.url}/admin/faults`, { method: "POST", body: "{}" });
    expect(r.status).toBe(401);
    expect(((await r.json()) as { Error: string }).Error).toBe("InvalidAdminKey");
    const wrong = await fetch(`${h.url}/admin/accounts`, { headers: { "X-Admin-Key": "nope" } });
    expect(wrong.status).toBe(401);
  });

  it("validates fault payloads", async () => {
    const r = await h.admin("POST", "/faults", { Kind: "meteorStrike" });
    expect(r.status).toBe(400);
  });
});

describe("fault kinds", () => {
  it("rateLimit: 429 with Retry-After once N requests were used in the window, for that account only", async () => {
    await addFault({ Kind: "rateLimit", Path: "/v2/*", Limit: 3, WindowSeconds: 2 });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 5; i++) {
      const r = await api.req("GET", "/metadata");
      statuses.push(r.status);
      if (r.status === 429) {
        retryAfter = r.headers.get("retry-after");
        expect(await r.json()).toEqual({ Message: expect.any(String), Error: "TooManyRequests" });
      } else await r.text();
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeLessThanOrEqual(2);
    expect((await other.req("GET", "/metadata")).status).toBe(200);
    await new Promise((r) => setTimeout(r, Number(retryAfter) * 1000 + 50));
    expect((await api.req("GET", "/metadata")).status).toBe(200);
  });

  it("rateLimit with Times: the rule stops after answering that many 429s", async () => {
    await addFault({ Kind: "rateLimit", Path: "/v2/*", Limit: 1, WindowSeconds: 60, Times: 2 });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await api.req("GET", "/metadata");
      statuses.push(r.status);
      await r.text();
    }
    expect(statuses).toEqual([200, 429, 429, 200, 200]);
  });

  it("serverError: 5xx with JSON, HTML or malformed bodies, Times-limited", async () => {
    await addFault({ Kind: "serverError", Path: "/invoices", Status: 503, Times: 1 });
    const first = await api.req("GET", "/invoices");
    expect(first.status).toBe(503);
    expect(((await first.json()) as { Error: string }).Error).toBe("InternalServerError");
    expect((await api.req("GET", "/invoices")).status).toBe(200);

    await addFault({ Kind: "serverError", Path: "/customers*", Status: 502, BodyKind: "html" });
    const html = await api.req("GET", "/customers");
    expect(html.status).toBe(502);
    expect(html.headers.get("content-type")).toContain("text/html");
    expect(await html.text()).toContain("<html>");

    await addFault({ Kind: "serverError", Path: "/suppliers", Status: 500, BodyKind: "malformedJson" });
    const broken = await api.req("GET", "/suppliers");
    expect(broken.status).toBe(500);
    await expect(broken.json()).rejects.toThrow();
  });

  it("hang: the request never answers until the client gives up", async () => {
    await addFault({ Kind: "hang", Path: "/metadata" });
    const started = Date.now();
    const aborted = await fetch(`${h.url}/v2/metadata`, {
      headers: { Authorization: `KfToken ${api.token}` },
      signal: AbortSignal.timeout(300),
    }).then(
      () => "answered",
      (err: Error) => err.name,
    );
    expect(aborted).toBe("TimeoutError");
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("hang with HangMs answers 504 after the delay", async () => {
    await addFault({ Kind: "hang", Path: "/currencies", HangMs: 200 });
    const t0 = Date.now();
    const r = await api.req("GET", "/currencies");
    expect(r.status).toBe(504);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
  });

  it("reset: the connection is destroyed mid-request", async () => {
    await addFault({ Kind: "reset", Path: "/nominals", Times: 1 });
    const outcome = await api.req("GET", "/nominals").then(
      (r) => `status ${r.status}`,
      (err: Error & { cause?: { code?: string } }) => `error ${err.cause?.code ?? err.message}`,
    );
    expect(outcome).toMatch(/^error /);
    expect((await api.req("GET", "/nominals")).status).toBe(200);
  });

  it("latency: per-rule delay and the global latency knob", async () => {
    await addFault({ Kind: "latency", Path: "/metadata", LatencyMs: 250 });
    let t0 = Date.now();
    expect((await api.req("GET", "/metadata")).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(240);
    t0 = Date.now();
    await other.req("GET", "/metadata");
    expect(Date.now() - t0).toBeLessThan(240);
    await h.admin("DELETE", "/faults");
    await h.adminJson("PATCH", "/config", { LatencyMs: 150 });
    t0 = Date.now();
    await other.req("GET", "/metadata");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it("sqlTimeout: 400 -2146232060 on the k-th page only", async () => {
    await addFault({ Kind: "sqlTimeout", Path: "/invoices", Page: 2, Times: 1 });
    expect((await api.req("GET", "/invoices?perpage=10&page=1")).status).toBe(200);
    const r = await api.req("GET", "/invoices?perpage=10&page=2");
    expect(r.status).toBe(400);
    expect(await r.json()).toEqual({
      Error: "-2146232060",
      Message: expect.stringContaining("Execution Timeout Expired"),
    });
    expect((await api.req("GET", "/invoices?perpage=10&page=2")).status).toBe(200);
  });

  it("unstableOrder: equal-date bank rows reorder between requests, the set of rows does not", async () => {
    const stable1 = await api.get("/bankaccounts/1/transactions?perpage=500&skipperpagevalidation=true");
    const stable2 = await api.get("/bankaccounts/1/transactions?perpage=500&skipperpagevalidation=true");
    expect(stable1.Data.map((t: any) => t.Id)).toEqual(stable2.Data.map((t: any) => t.Id));
    const dates = stable1.Data.map((t: any) => t.Date);
    expect(new Set(dates).size).toBeLessThan(dates.length);

    await addFault({ Kind: "unstableOrder", Path: "/bankaccounts/*/transactions" });
    const orders = new Set<string>();
    for (let i = 0; i < 10; i++) {
      const page = await api.get("/bankaccounts/1/transactions?perpage=500&skipperpagevalidation=true");
      expect([...page.Data.map((t: any) => t.Id)].sort()).toEqual([...stable1.Data.map((t: any) => t.Id)].sort());
      expect(page.Data.map((t: any) => t.Date)).toEqual(dates);
      orders.add(page.Data.map((t: any) => t.Id).join(","));
    }
    expect(orders.size).toBeGreaterThan(1);
  });

  it("fieldNoise: drops listed optional fields and adds unknown ones", async () => {
    await addFault({
      Kind: "fieldNoise",
      Path: "/invoices*",
      Omit: ["Permalink", "BankReconciliationId"],
      Extra: { SurpriseField: 42 },
    });
    const list = await api.get("/invoices?perpage=5");
    expect(list.MetaData.TotalRecords).toBe(60);
    for (const row of list.Data) {
      expect(row).not.toHaveProperty("Permalink");
      expect(row.SurpriseField).toBe(42);
    }
    const paid = (await api.get("/invoices?statusfilter=Paid&perpage=1")).Data[0];
    const detail = await api.get(`/invoices/${paid.Number}`);
    expect(detail.PaymentLines.length).toBeGreaterThan(0);
    expect(detail.PaymentLines[0]).not.toHaveProperty("BankReconciliationId");
    expect(detail.GrossAmount).toEqual(expect.any(Number));
  });

  it("fieldNoise with Randomize varies per record but is reproducible for a Seed", async () => {
    const rule = {
      Kind: "fieldNoise",
      Path: "/customers",
      Omit: ["DisplayName", "Contacts"],
      Randomize: true,
      Seed: 77,
    };
    await addFault(rule);
    const first = await api.get("/customers?perpage=20");
    const shapes = new Set(first.Data.map((r: any) => Object.keys(r).sort().join(",")));
    expect(shapes.size).toBeGreaterThan(1);
    expect(first.Data.every((r: any) => Object.keys(r).some((k) => k.startsWith("Sandbox")))).toBe(true);
    await h.admin("DELETE", "/faults");
    await addFault(rule);
    const again = await api.get("/customers?perpage=20");
    expect(again.Data.map((r: any) => Object.keys(r).sort().join(","))).toEqual(
      first.Data.map((r: any) => Object.keys(r).sort().join(",")),
    );
  });

  it("releases hanging requests when the sandbox closes", async () => {
    const own = await startSandbox();
    const ownAcc = await createAccount(own, { DataSet: "empty" });
    const ownApi = client(own, await login(own, ownAcc));
    await own.adminJson("POST", "/faults", { Kind: "hang", Path: "*" });
    const pending = ownApi.req("GET", "/metadata").then(
      () => "answered",
      () => "failed",
    );
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    await own.close();
    expect(await pending).toBe("failed");
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it("scopes rules by method and lets global rules hit unauthenticated routes", async () => {
    await h.adminJson("POST", "/faults", {
      Kind: "serverError",
      Path: "/v2/sessiontoken",
      Method: "POST",
      Status: 503,
      Times: 1,
    });
    const r = await fetch(`${h.url}/v2/sessiontoken`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ UserName: acc.UserName, Password: acc.Password }),
    });
    expect(r.status).toBe(503);
    const listed = await h.adminJson<any[]>("GET", "/faults");
    expect(listed[0]).toMatchObject({ Fired: 1, Remaining: 0 });
  });
});
