// Connecting a company to KashFlow, against the KashFlow sandbox over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { createKashflowSandbox } from "@/sandbox/kashflow";
import { db } from "@/server/db";
import { callerFor, createCompany, createOrg, createUser, trpcErrorOf } from "@/tests/factories";
import { completeKashflowOAuth, OAuthCallbackError } from "./oauth-connect";

const ADMIN_KEY = "test-admin";
const CLIENT = { id: "ledgerlink-test", secret: "test-client-secret" };
const sandbox = createKashflowSandbox({ adminKey: ADMIN_KEY });
let url = "";
let close: () => Promise<void>;

async function admin<T = Record<string, unknown>>(method: string, route: string, body?: unknown): Promise<T> {
  const res = await fetch(`${url}${route}`, {
    method,
    headers: { "content-type": "application/json", "x-admin-key": ADMIN_KEY },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`sandbox admin ${method} ${route}: HTTP ${res.status}`);
  return (res.status === 204 ? {} : await res.json()) as T;
}

type Account = { AccountId: string; UserName: string; Password: string; MemorableWord: string; CompanyName: string };
const newAccount = (name: string) => admin<Account>("POST", "/admin/accounts", { CompanyName: name, DataSet: "empty" });

async function companyWithOwner() {
  const owner = await createUser("kf-owner");
  const org = await createOrg(owner);
  const company = await createCompany(org);
  return { owner, org, company, as: callerFor(owner) };
}

beforeAll(async () => {
  ({ url, close } = await sandbox.listen(0));
  await admin("POST", "/admin/oauth/clients", {
    Name: "test",
    ClientId: CLIENT.id,
    ClientSecret: CLIENT.secret,
    RedirectUris: ["http://localhost:3100/api/kashflow/callback"],
  });
  Object.assign(process.env, {
    APP_URL: "http://localhost:3100",
    KASHFLOW_API_BASE_URL: `${url}/v2`,
    KASHFLOW_OAUTH_AUTHORIZE_URL: `${url}/oauth2/v1/authorize`,
    KASHFLOW_OAUTH_TOKEN_URL: `${url}/oauth2/v1/token`,
    KASHFLOW_OAUTH_REVOKE_URL: `${url}/oauth2/v1/revoke`,
    KASHFLOW_OAUTH_CLIENT_ID: CLIENT.id,
    KASHFLOW_OAUTH_CLIENT_SECRET: CLIENT.secret,
    KASHFLOW_SANDBOX_URL: url,
    KASHFLOW_SANDBOX_ADMIN_KEY: ADMIN_KEY,
  });
  resetEnvCache();
});

afterAll(async () => {
  await close();
});

describe("connecting with username, password and memorable word", () => {
  it("stores the connection encrypted and shows the account's company name, never a secret", async () => {
    const { company, as } = await companyWithOwner();
    const account = await newAccount("Password Route Ltd");
    expect(
      await as.kashflow.connectWithPassword({
        companyId: company.id,
        username: account.UserName,
        password: account.Password,
        memorableWord: account.MemorableWord,
      }),
    ).toEqual({
      accountName: "Password Route Ltd",
    });
    const view = await as.kashflow.status({ companyId: company.id });
    expect(view.connection).toMatchObject({
      status: "CONNECTED",
      accountName: "Password Route Ltd",
      authMethod: "SESSION_TOKEN",
      username: account.UserName,
    });
    expect(JSON.stringify(view)).not.toContain(account.Password);
    const row = await db.kashflowConnection.findUniqueOrThrow({ where: { companyId: company.id } });
    expect(row.secrets).not.toContain(account.Password);
    expect(row.secrets).not.toContain(account.MemorableWord);
    expect(await db.auditLog.count({ where: { companyId: company.id, action: "kashflow.connected" } })).toBe(1);
  });

  it("points at the password or the memorable word when KashFlow refuses them, and stores nothing", async () => {
    const { company, as } = await companyWithOwner();
    const account = await newAccount("Refusing Ltd");
    const badPassword = await trpcErrorOf(
      as.kashflow.connectWithPassword({
        companyId: company.id,
        username: account.UserName,
        password: "wrong",
        memorableWord: account.MemorableWord,
      }),
    );
    expect(badPassword.code).toBe("BAD_REQUEST");
    expect(Object.keys((badPassword.cause as { fieldErrors?: object }).fieldErrors ?? {})).toEqual(["password"]);
    const badWord = await trpcErrorOf(
      as.kashflow.connectWithPassword({
        companyId: company.id,
        username: account.UserName,
        password: account.Password,
        memorableWord: "zzzzzzzzzzzz",
      }),
    );
    expect(Object.keys((badWord.cause as { fieldErrors?: object }).fieldErrors ?? {})).toEqual(["memorableWord"]);
    expect(await db.kashflowConnection.count({ where: { companyId: company.id } })).toBe(0);
  });

  it("reports a locked account on the next test, then recovers when it is unlocked", async () => {
    const { company, as } = await companyWithOwner();
    const account = await newAccount("Lockable Ltd");
    await as.kashflow.connectWithPassword({
      companyId: company.id,
      username: account.UserName,
      password: account.Password,
      memorableWord: account.MemorableWord,
    });
    await admin("PATCH", `/admin/accounts/${account.AccountId}`, { Locked: true });
    const locked = await as.kashflow.test({ companyId: company.id });
    expect(locked).toMatchObject({ ok: false, status: "LOCKED" });
    expect((await as.kashflow.status({ companyId: company.id })).connection?.lastError).toBeTruthy();
    await admin("PATCH", `/admin/accounts/${account.AccountId}`, { Locked: false });
    await new Promise((r) => setTimeout(r, 10));
    expect(await as.kashflow.test({ companyId: company.id })).toMatchObject({
      ok: true,
      status: "CONNECTED",
      accountName: "Lockable Ltd",
    });
  });

  it("disconnects: the KashFlow session ends and the credentials are gone", async () => {
    const { company, as } = await companyWithOwner();
    const account = await newAccount("Leaving Ltd");
    await as.kashflow.connectWithPassword({
      companyId: company.id,
      username: account.UserName,
      password: account.Password,
      memorableWord: account.MemorableWord,
    });
    await as.kashflow.disconnect({ companyId: company.id });
    expect(await db.kashflowConnection.count({ where: { companyId: company.id } })).toBe(0);
    expect((await as.kashflow.status({ companyId: company.id })).connection).toBeNull();
    expect(await db.auditLog.count({ where: { companyId: company.id, action: "kashflow.disconnected" } })).toBe(1);
  });
});

describe("connecting through KashFlow sign-in (OAuth)", () => {
  async function approve(authorizeUrl: string, account: Account) {
    const u = new URL(authorizeUrl);
    const approved = await admin<{ Code: string }>("POST", "/admin/oauth/authorize", {
      ClientId: u.searchParams.get("client_id"),
      AccountId: account.AccountId,
      RedirectUri: u.searchParams.get("redirect_uri"),
      CodeChallenge: u.searchParams.get("code_challenge"),
      CodeChallengeMethod: u.searchParams.get("code_challenge_method"),
      State: u.searchParams.get("state"),
    });
    return { code: approved.Code, state: u.searchParams.get("state")! };
  }

  it("exchanges the code for tokens bound to the state it issued, once", async () => {
    const { owner, org, company, as } = await companyWithOwner();
    const account = await newAccount("OAuth Route Ltd");
    const { authorizeUrl } = await as.kashflow.startOAuth({ companyId: company.id });
    expect(new URL(authorizeUrl).searchParams.get("code_challenge_method")).toBe("S256");
    const { code, state } = await approve(authorizeUrl, account);
    expect(await completeKashflowOAuth({ userId: owner.id, state, code, error: null })).toEqual({
      orgSlug: org.slug,
      companyId: company.id,
    });
    expect((await as.kashflow.status({ companyId: company.id })).connection).toMatchObject({
      status: "CONNECTED",
      authMethod: "OAUTH",
      accountName: "OAuth Route Ltd",
    });

    const replay = await completeKashflowOAuth({ userId: owner.id, state, code, error: null }).catch((e: unknown) => e);
    expect(replay).toBeInstanceOf(OAuthCallbackError);
    expect((replay as OAuthCallbackError).failure).toBe("state");
  });

  it("refuses another user's state, an expired state and a cancelled sign-in without connecting", async () => {
    const { owner, company, as } = await companyWithOwner();
    const account = await newAccount("Guarded Ltd");
    const stranger = await createUser("stranger");

    const first = await approve((await as.kashflow.startOAuth({ companyId: company.id })).authorizeUrl, account);
    const stolen = await completeKashflowOAuth({ userId: stranger.id, ...first, error: null }).catch((e: unknown) => e);
    expect(stolen).toMatchObject({ failure: "state", company: null });

    const second = await approve((await as.kashflow.startOAuth({ companyId: company.id })).authorizeUrl, account);
    await db.kashflowOAuthState.updateMany({
      where: { companyId: company.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(
      await completeKashflowOAuth({ userId: owner.id, ...second, error: null }).catch((e: unknown) => e),
    ).toMatchObject({ failure: "state" });

    const third = new URL((await as.kashflow.startOAuth({ companyId: company.id })).authorizeUrl).searchParams.get(
      "state",
    )!;
    expect(
      await completeKashflowOAuth({ userId: owner.id, state: third, code: null, error: "access_denied" }).catch(
        (e: unknown) => e,
      ),
    ).toMatchObject({ failure: "denied" });

    expect(await db.kashflowConnection.count({ where: { companyId: company.id } })).toBe(0);
  });
});

describe("Try with a sandbox", () => {
  it("creates a sandbox account with demo books and connects the company to it", async () => {
    const { company, as } = await companyWithOwner();
    const { accountName } = await as.kashflow.connectSandbox({ companyId: company.id });
    expect(accountName).toContain(company.name);
    const view = await as.kashflow.status({ companyId: company.id });
    expect(view.connection).toMatchObject({ status: "CONNECTED" });
    expect(view.connection?.sandboxAccountId).toBeTruthy();
    const accounts = await admin<{ AccountId: string; Counts: Record<string, number> }>(
      "GET",
      `/admin/accounts/${view.connection!.sandboxAccountId}`,
    );
    expect(accounts.Counts.Invoices ?? Object.values(accounts.Counts)[0]).toBeGreaterThan(0);
  });
});
