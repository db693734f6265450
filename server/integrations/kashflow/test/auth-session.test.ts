// Session-token authentication against the sandbox over HTTP: two-step login, reuse, expiry and re-login once,
// refusals that stop at once and pause further logins for the account.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import {
  count,
  createAccount,
  failure,
  makeClient,
  sessionCredentials,
  sleep,
  startSandbox,
  type Harness,
} from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startSandbox();
});
afterAll(async () => {
  await h.close();
});
afterEach(async () => {
  await h.admin("DELETE", "/clock");
});

describe("KashFlow session token", () => {
  it("signs in with password and memorable-word characters once, then reuses the token", async () => {
    const acc = await createAccount(h, { DataSet: "empty", CompanyName: "Reuse Ltd" });
    const { client, calls, saved } = makeClient(h, acc);
    for (let i = 0; i < 3; i++) expect(await client.companyDetails()).toEqual({ companyName: "Reuse Ltd" });
    expect(count(calls, "POST", "/sessiontoken")).toBe(1);
    expect(count(calls, "PUT", "/sessiontoken")).toBe(1);
    expect(count(calls, "GET", "/settings/companydetails")).toBe(3);
    const token = saved.at(-1)?.method === "SESSION_TOKEN" ? saved.at(-1) : undefined;
    expect(token && "sessionToken" in token ? token.sessionToken : undefined).toMatch(/^[0-9A-F-]{36}$/i);
    expect(
      calls
        .filter((c) => c.path.endsWith("/companydetails"))
        .every((c) => c.authorization === `KfToken ${(token as { sessionToken: string }).sessionToken}`),
    ).toBe(true);
  });

  it("starts from a stored session token without signing in", async () => {
    const acc = await createAccount(h, { DataSet: "empty" });
    const { SessionToken } = await h.admin<{ SessionToken: string }>("POST", `/accounts/${acc.AccountId}/sessions`);
    const { client, calls } = makeClient(h, acc, {
      credentials: sessionCredentials(acc, { sessionToken: SessionToken }),
    });
    await client.companyDetails();
    expect(count(calls, "POST", "/sessiontoken")).toBe(0);
    expect(calls).toHaveLength(1);
  });

  it("signs in again once when KashFlow says the token expired, retries once and saves the new token", async () => {
    const acc = await createAccount(h, { DataSet: "empty" });
    const { SessionToken } = await h.admin<{ SessionToken: string }>("POST", `/accounts/${acc.AccountId}/sessions`);
    const { client, calls, saved } = makeClient(h, acc, {
      credentials: sessionCredentials(acc, { sessionToken: SessionToken }),
    });
    await client.companyDetails();
    await h.admin("POST", "/tokens/expire", { Token: SessionToken });
    await client.companyDetails();
    expect(calls.map((c) => `${c.method} ${c.path.replace(/^\/v2/, "")} ${c.status}`)).toEqual([
      "GET /settings/companydetails 200",
      "GET /settings/companydetails 401",
      "POST /sessiontoken 201",
      "PUT /sessiontoken 200",
      "GET /settings/companydetails 200",
    ]);
    const latest = saved.at(-1);
    expect(latest?.method === "SESSION_TOKEN" && latest.sessionToken).toBeTruthy();
    expect(latest?.method === "SESSION_TOKEN" && latest.sessionToken).not.toBe(SessionToken);
  });

  it("signs in again after the sliding idle expiry (sandbox clock moved past it)", async () => {
    const acc = await createAccount(h, { DataSet: "empty", Behaviour: { sessionIdleSeconds: 60 } });
    const { client, calls } = makeClient(h, acc);
    await client.companyDetails();
    await h.admin("POST", "/clock", { AdvanceSeconds: 30 });
    await client.companyDetails();
    expect(count(calls, "POST", "/sessiontoken")).toBe(1);
    await h.admin("POST", "/clock", { AdvanceSeconds: 120 });
    await client.companyDetails();
    expect(count(calls, "POST", "/sessiontoken")).toBe(2);
    expect(calls.filter((c) => c.status === 401)).toHaveLength(1);
  });

  it("concurrent requests that all find the token expired share one login", async () => {
    const acc = await createAccount(h, { DataSet: "empty" });
    const { SessionToken } = await h.admin<{ SessionToken: string }>("POST", `/accounts/${acc.AccountId}/sessions`);
    await h.admin("POST", "/tokens/expire", { Token: SessionToken });
    const { client, calls } = makeClient(h, acc, {
      credentials: sessionCredentials(acc, { sessionToken: SessionToken }),
    });
    await Promise.all(Array.from({ length: 5 }, () => client.companyDetails()));
    expect(count(calls, "POST", "/sessiontoken")).toBe(1);
    expect(count(calls, "PUT", "/sessiontoken")).toBe(1);
  });

  it("a second 401 after the re-login is final: NEEDS_USER, one re-login only", async () => {
    const acc = await createAccount(h, { DataSet: "empty" });
    // Every API call carries a token KashFlow does not know, whatever we signed in with.
    const { client, calls } = makeClient(h, acc, {
      tamper: (url, init) =>
        url.pathname.endsWith("/companydetails")
          ? {
              ...init,
              headers: {
                ...(init.headers as Record<string, string>),
                Authorization: "KfToken 00000000-0000-0000-0000-000000000000",
              },
            }
          : init,
    });
    const error = await failure(client.companyDetails());
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ retryClass: "NEEDS_USER", reason: "InvalidSessionToken" });
    // The first sign-in, then exactly one more after the 401.
    expect(count(calls, "POST", "/sessiontoken")).toBe(2);
    expect(count(calls, "GET", "/settings/companydetails")).toBe(2);
  });

  it("wrong memorable-word characters stop at once and pause logins with those credentials", async () => {
    const acc = await createAccount(h, { DataSet: "empty", MemorableWord: "kingfisher" });
    const wrong = sessionCredentials(acc, { memorableWord: "zzzzzzzzzz" });
    const { client, calls } = makeClient(h, acc, { credentials: wrong });
    const first = await failure(client.companyDetails());
    expect(first).toMatchObject({
      code: "PRECONDITION_FAILED",
      retryClass: "NEEDS_USER",
      reason: "InvalidMemorableWord",
    });
    expect(first.message).toMatch(/memorable word/i);
    expect(calls.map((c) => `${c.method} ${c.status}`)).toEqual(["POST 201", "PUT 400"]);
    const second = await failure(client.companyDetails());
    expect(second).toMatchObject({ retryClass: "NEEDS_USER", reason: "InvalidMemorableWord" });
    expect(second.message).toMatch(/paused sign-in attempts/);
    expect(calls).toHaveLength(2);
    // The person fixes the memorable word: corrected credentials may sign in during the pause.
    const fixed = makeClient(h, acc);
    expect((await fixed.client.companyDetails()).companyName).toBeTruthy();
  });

  it("a wrong password never loops: one attempt, then no more logins during the cool-off", async () => {
    const acc = await createAccount(h, { DataSet: "empty" });
    const { client, calls } = makeClient(h, acc, {
      credentials: sessionCredentials(acc, { password: "not-the-password" }),
    });
    for (let i = 0; i < 5; i++) {
      const error = await failure(client.companyDetails());
      expect(error).toMatchObject({ retryClass: "NEEDS_USER", reason: "InvalidCredentials" });
    }
    expect(calls).toHaveLength(1);
    const state = await h.admin<{ Locked: boolean; FailedAttempts: number }>("GET", `/accounts/${acc.AccountId}`);
    expect(state).toMatchObject({ Locked: false, FailedAttempts: 1 });
  });

  it("after repeated refusals with different credentials every login of the account pauses", async () => {
    const acc = await createAccount(h, { DataSet: "empty" });
    const attempts = ["wrong-1", "wrong-2", "wrong-3"];
    for (const password of attempts) {
      const { client } = makeClient(h, acc, { credentials: sessionCredentials(acc, { password }) });
      await failure(client.companyDetails());
    }
    const good = makeClient(h, acc);
    const error = await failure(good.client.companyDetails());
    expect(error).toMatchObject({ retryClass: "NEEDS_USER", reason: "InvalidCredentials" });
    expect(good.calls).toHaveLength(0);
  });

  it("the cool-off is configurable and ends", async () => {
    const acc = await createAccount(h, { DataSet: "empty" });
    const { client, calls } = makeClient(h, acc, {
      credentials: sessionCredentials(acc, { password: "nope" }),
      behaviour: { loginCoolOffMs: 400 },
    });
    await failure(client.companyDetails());
    await failure(client.companyDetails());
    expect(count(calls, "POST", "/sessiontoken")).toBe(1);
    await sleep(450);
    await failure(client.companyDetails());
    expect(count(calls, "POST", "/sessiontoken")).toBe(2);
  });

  it("a locked account stops at once and no credentials of that account try again", async () => {
    const acc = await createAccount(h, { DataSet: "empty" });
    await h.admin("PATCH", `/accounts/${acc.AccountId}`, { Locked: true });
    const { client, calls } = makeClient(h, acc);
    const error = await failure(client.companyDetails());
    expect(error).toMatchObject({ retryClass: "NEEDS_USER", reason: "AccountLocked" });
    expect(error.message).toMatch(/locked/);
    expect(calls).toHaveLength(1);
    const other = makeClient(h, acc, { credentials: sessionCredentials(acc, { password: "another" }) });
    expect(await failure(other.client.companyDetails())).toMatchObject({ reason: "AccountLocked" });
    expect(other.calls).toHaveLength(0);
  });

  it("locked while signed in: the 401 AccountLocked is final and no login is attempted", async () => {
    const acc = await createAccount(h, { DataSet: "empty" });
    const { client, calls } = makeClient(h, acc);
    await client.companyDetails();
    await h.admin("PATCH", `/accounts/${acc.AccountId}`, { Locked: true });
    expect(await failure(client.companyDetails())).toMatchObject({ retryClass: "NEEDS_USER", reason: "AccountLocked" });
    expect(count(calls, "POST", "/sessiontoken")).toBe(1);
    expect(calls.at(-1)?.status).toBe(401);
  });

  it("an expired password needs the person", async () => {
    const acc = await createAccount(h, { DataSet: "empty" });
    await h.admin("PATCH", `/accounts/${acc.AccountId}`, { PasswordExpired: true });
    const { client } = makeClient(h, acc);
    const error = await failure(client.companyDetails());
    expect(error).toMatchObject({ retryClass: "NEEDS_USER", reason: "PasswordExpired" });
    expect(error.message).toMatch(/password has expired/);
  });

  it("a memorable word too short for the positions asked is refused without answering", async () => {
    const acc = await createAccount(h, { DataSet: "empty", MemorableWord: "abcdefghij" });
    const { client, calls } = makeClient(h, acc, { credentials: sessionCredentials(acc, { memorableWord: "a" }) });
    expect(await failure(client.companyDetails())).toMatchObject({
      retryClass: "NEEDS_USER",
      reason: "InvalidMemorableWord",
    });
    expect(count(calls, "PUT", "/sessiontoken")).toBe(0);
  });

  it("logout ends the session at KashFlow and forgets the token", async () => {
    const acc = await createAccount(h, { DataSet: "empty" });
    const { client, calls, saved } = makeClient(h, acc);
    await client.companyDetails();
    const token = (saved.at(-1) as { sessionToken: string }).sessionToken;
    await client.logout();
    expect(calls.at(-1)).toMatchObject({ method: "DELETE", path: `/v2/sessiontoken/${token}`, status: 204 });
    expect(saved.at(-1)).toMatchObject({ method: "SESSION_TOKEN", sessionToken: undefined });
    const raw = await fetch(`${h.apiBaseUrl}/settings/companydetails`, {
      headers: { Authorization: `KfToken ${token}` },
    });
    expect(raw.status).toBe(401);
  });
});
