import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answer, client, createAccount, login, startSandbox, type Harness } from "./helpers";

let h: Harness;
beforeAll(async () => {
  h = await startSandbox();
});
afterAll(async () => {
  await h.close();
});

const post = (path: string, body: unknown) =>
  fetch(`${h.url}/v2${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
const put = (path: string, body: unknown) =>
  fetch(`${h.url}/v2${path}`, {
    method: "PUT",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });

describe("two-step session token", () => {
  it("issues a temporary token with three distinct 1-based positions, then a session token", async () => {
    const acc = await createAccount(h, { DataSet: "empty", MemorableWord: "Marmalade", CompanyName: "Auth Test Ltd" });
    const r1 = await post("/sessiontoken", { UserName: acc.UserName, Password: acc.Password });
    expect(r1.status).toBe(201);
    const step1 = (await r1.json()) as {
      TemporaryToken: string;
      MemorableWordList: { Position: number; Value: string }[];
    };
    expect(step1.TemporaryToken).toMatch(/^[0-9a-f-]{36}$/);
    const positions = step1.MemorableWordList.map((m) => m.Position);
    expect(positions).toHaveLength(3);
    expect(new Set(positions).size).toBe(3);
    for (const p of positions) {
      expect(p).toBeGreaterThanOrEqual(1);
      expect(p).toBeLessThanOrEqual("Marmalade".length);
    }
    // Characters compare case-insensitively (§2.1).
    const r2 = await put("/sessiontoken", {
      TemporaryToken: step1.TemporaryToken,
      MemorableWordList: answer("Marmalade", step1.MemorableWordList, (c) => c.toUpperCase()),
    });
    expect(r2.status).toBe(200);
    const session = (await r2.json()) as { SessionToken: string; CompanyName: string };
    expect(session.SessionToken).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
    expect(session.CompanyName).toBe("Auth Test Ltd");
    const meta = await client(h, session.SessionToken).get("/metadata");
    expect(meta.TotalCustomerCount).toBe(0);
  });

  it("binds the login body case-insensitively", async () => {
    const acc = await createAccount(h, { DataSet: "empty" });
    const r1 = await post("/sessiontoken", { username: acc.UserName, PASSWORD: acc.Password });
    expect(r1.status).toBe(201);
  });

  it("rejects wrong memorable-word characters and burns the temporary token", async () => {
    const acc = await createAccount(h, { DataSet: "empty", MemorableWord: "abcdefgh" });
    const step1 = (await (await post("/sessiontoken", { UserName: acc.UserName, Password: acc.Password })).json()) as {
      TemporaryToken: string;
      MemorableWordList: { Position: number }[];
    };
    const wrong = step1.MemorableWordList.map((m) => ({ Position: m.Position, Value: "z" }));
    const r2 = await put("/sessiontoken", { TemporaryToken: step1.TemporaryToken, MemorableWordList: wrong });
    expect(r2.status).toBe(400);
    expect(await r2.json()).toEqual({ Message: expect.any(String), Error: "InvalidMemorableWord" });
    // The same temporary token cannot be retried, even with the right answer.
    const r3 = await put("/sessiontoken", {
      TemporaryToken: step1.TemporaryToken,
      MemorableWordList: answer("abcdefgh", step1.MemorableWordList),
    });
    expect(r3.status).toBe(400);
    expect(((await r3.json()) as { Error: string }).Error).toBe("InvalidTemporaryToken");
  });

  it("rejects a bad password with 400 InvalidCredentials and an unknown user the same way", async () => {
    const acc = await createAccount(h, { DataSet: "empty" });
    const bad = await post("/sessiontoken", { UserName: acc.UserName, Password: "nope" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { Error: string }).Error).toBe("InvalidCredentials");
    const unknown = await post("/sessiontoken", { UserName: "nobody@example.com", Password: "nope" });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { Error: string }).Error).toBe("InvalidCredentials");
  });

  it("expires an unused temporary token after its TTL", async () => {
    const acc = await createAccount(h, { DataSet: "empty", Behaviour: { temporaryTokenTtlSeconds: 1 } });
    const step1 = (await (await post("/sessiontoken", { UserName: acc.UserName, Password: acc.Password })).json()) as {
      TemporaryToken: string;
      MemorableWordList: { Position: number }[];
    };
    await new Promise((r) => setTimeout(r, 1100));
    const r2 = await put("/sessiontoken", {
      TemporaryToken: step1.TemporaryToken,
      MemorableWordList: answer(acc.MemorableWord, step1.MemorableWordList),
    });
    expect(r2.status).toBe(400);
    expect(((await r2.json()) as { Error: string }).Error).toBe("InvalidTemporaryToken");
  });

  it("answers with 401 when the memorableWordFailureStatus knob says so", async () => {
    const acc = await createAccount(h, { DataSet: "empty", Behaviour: { memorableWordFailureStatus: 401 } });
    const step1 = (await (await post("/sessiontoken", { UserName: acc.UserName, Password: acc.Password })).json()) as {
      TemporaryToken: string;
      MemorableWordList: { Position: number }[];
    };
    const r2 = await put("/sessiontoken", { TemporaryToken: step1.TemporaryToken, MemorableWordList: [] });
    expect(r2.status).toBe(401);
  });
});

describe("lockout", () => {
  it("locks the user after the configured number of failures, for every login and existing token", async () => {
    const acc = await createAccount(h, { DataSet: "empty", Behaviour: { lockoutThreshold: 3, lockoutSeconds: 600 } });
    const token = await login(h, acc);
    for (let i = 0; i < 3; i++) {
      const r = await post("/sessiontoken", { UserName: acc.UserName, Password: "wrong" });
      expect(r.status).toBe(400);
    }
    const locked = await post("/sessiontoken", { UserName: acc.UserName, Password: acc.Password });
    expect(locked.status).toBe(401);
    expect(await locked.json()).toEqual({
      Error: "AccountLocked",
      Message: "User account is locked, please contact administrator.",
    });
    const api = await client(h, token).req("GET", "/metadata");
    expect(api.status).toBe(401);
    expect(((await api.json()) as { Error: string }).Error).toBe("AccountLocked");
    const summary = await h.adminJson("GET", `/accounts/${acc.AccountId}`);
    expect(summary.Locked).toBe(true);
  });

  it("counts wrong memorable-word answers towards the lockout and releases it when the timer runs out", async () => {
    const acc = await createAccount(h, { DataSet: "empty", Behaviour: { lockoutThreshold: 2, lockoutSeconds: 1 } });
    for (let i = 0; i < 2; i++) {
      const s1 = (await (await post("/sessiontoken", { UserName: acc.UserName, Password: acc.Password })).json()) as {
        TemporaryToken: string;
      };
      const r = await put("/sessiontoken", { TemporaryToken: s1.TemporaryToken, MemorableWordList: [] });
      expect(r.status).toBe(400);
    }
    expect((await post("/sessiontoken", { UserName: acc.UserName, Password: acc.Password })).status).toBe(401);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await login(h, acc)).toMatch(/^[0-9A-F-]{36}$/);
  });

  it("reports PasswordExpired and SubscriptionExpired set through the admin API", async () => {
    const acc = await createAccount(h, { DataSet: "empty" });
    const token = await login(h, acc);
    await h.adminJson("PATCH", `/accounts/${acc.AccountId}`, { PasswordExpired: true });
    const r = await post("/sessiontoken", { UserName: acc.UserName, Password: acc.Password });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { Error: string }).Error).toBe("PasswordExpired");
    await h.adminJson("PATCH", `/accounts/${acc.AccountId}`, { PasswordExpired: false, SubscriptionExpired: true });
    const api = await client(h, token).req("GET", "/metadata");
    expect(api.status).toBe(401);
    expect(((await api.json()) as { Error: string }).Error).toBe("SubscriptionExpired");
  });
});

describe("using the token", () => {
  it("answers 401 InvalidSessionToken for a missing, malformed or unknown token", async () => {
    const expected = { Error: "InvalidSessionToken", Message: "Session token provided is invalid." };
    const none = await fetch(`${h.url}/v2/customers`);
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual(expected);
    const malformed = await fetch(`${h.url}/v2/customers`, { headers: { Authorization: "KfToken" } });
    expect(await malformed.json()).toEqual(expected);
    const unknown = await client(h, "496F5DBA-DBB2-42A3-9645-DA0253220C9E").req("GET", "/customers");
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toEqual(expected);
  });

  it("accepts the session token only with the KfToken scheme unless Bearer is enabled", async () => {
    const acc = await createAccount(h, { DataSet: "empty" });
    const token = await login(h, acc);
    expect((await client(h, token, "Bearer").req("GET", "/metadata")).status).toBe(401);
    await h.adminJson("PATCH", `/accounts/${acc.AccountId}`, { Behaviour: { acceptBearerSessionTokens: true } });
    expect((await client(h, token, "Bearer").req("GET", "/metadata")).status).toBe(200);
  });

  it("slides the idle expiry on each request and expires an idle token", async () => {
    const acc = await createAccount(h, { DataSet: "empty", Behaviour: { sessionIdleSeconds: 1 } });
    const api = client(h, await login(h, acc));
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 600));
      expect((await api.req("GET", "/metadata")).status).toBe(200);
    }
    await new Promise((r) => setTimeout(r, 1200));
    const expired = await api.req("GET", "/metadata");
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { Error: string }).Error).toBe("InvalidSessionToken");
  });

  it("defaults to a 60-minute idle window (checked with the admin clock)", async () => {
    const acc = await createAccount(h, { DataSet: "empty" });
    const api = client(h, await login(h, acc));
    await h.adminJson("POST", "/clock", { AdvanceSeconds: 59 * 60 });
    expect((await api.req("GET", "/metadata")).status).toBe(200);
    await h.adminJson("POST", "/clock", { AdvanceSeconds: 61 * 60 });
    expect((await api.req("GET", "/metadata")).status).toBe(401);
    await h.adminJson("DELETE", "/clock");
  });

  it("expires a token on demand through the admin API", async () => {
    const acc = await createAccount(h, { DataSet: "empty" });
    const token = await login(h, acc);
    await h.adminJson("POST", "/tokens/expire", { Token: token });
    expect((await client(h, token).req("GET", "/metadata")).status).toBe(401);
  });

  it("logs out with DELETE /sessiontoken/{token}", async () => {
    const acc = await createAccount(h, { DataSet: "empty" });
    const token = await login(h, acc);
    const del = await fetch(`${h.url}/v2/sessiontoken/${token}`, { method: "DELETE" });
    expect(del.status).toBe(204);
    expect(await del.text()).toBe("");
    expect((await client(h, token).req("GET", "/metadata")).status).toBe(401);
    const again = await fetch(`${h.url}/v2/sessiontoken/${token}`, { method: "DELETE" });
    expect(again.status).toBe(401);
  });

  it("keeps each account's books apart", async () => {
    const a = await createAccount(h, { DataSet: "empty" });
    const b = await createAccount(h, { DataSet: "demo", Size: { Invoices: 5 } });
    const apiA = client(h, await login(h, a));
    const apiB = client(h, await login(h, b));
    expect((await apiA.get("/metadata")).TotalInvoiceCount).toBe(0);
    expect((await apiB.get("/metadata")).TotalInvoiceCount).toBe(5);
  });
});
