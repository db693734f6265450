// OAuth 2.0 against the sandbox's authorization server: PKCE, the authorize form, code exchange, refresh
// before expiry and once after a 401, client credentials, refusals that need the person, revocation.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildAuthorizeUrl,
  clientCredentialsToken,
  createKashflowClient,
  createPkcePair,
  exchangeAuthorizationCode,
  refreshAccessToken,
  type KashflowCredentials,
  type KashflowOAuthEndpoints,
  type OAuthTokens,
} from "../index";
import {
  count,
  createAccount,
  failure,
  FAST_LIMITS,
  recordingFetch,
  startSandbox,
  type Account,
  type Harness,
} from "./harness";

const REDIRECT = "http://127.0.0.1:3000/api/kashflow/callback";

let h: Harness;
let acc: Account;
let oauth: KashflowOAuthEndpoints;

beforeAll(async () => {
  h = await startSandbox();
  acc = await createAccount(h, { DataSet: "empty", CompanyName: "OAuth Trading Ltd" });
  const client = await h.admin<{
    ClientId: string;
    ClientSecret: string;
    AuthorizeUrl: string;
    TokenUrl: string;
    RevokeUrl: string;
  }>("POST", "/oauth/clients", {
    Name: "Ledgerlink",
    RedirectUris: [REDIRECT],
  });
  oauth = {
    authorizeUrl: client.AuthorizeUrl,
    tokenUrl: client.TokenUrl,
    revokeUrl: client.RevokeUrl,
    clientId: client.ClientId,
    clientSecret: client.ClientSecret,
  };
});
afterAll(async () => {
  await h.close();
});

/** Drives the authorize page as a person would: the URL we built, then the form with their credentials. */
async function authorize(authorizeUrl: string, who: Account = acc): Promise<URL> {
  const url = new URL(authorizeUrl);
  const page = await fetch(url);
  expect(page.status).toBe(200);
  const form = new URLSearchParams({
    ...Object.fromEntries(url.searchParams),
    username: who.UserName,
    password: who.Password,
    memorable_word: who.MemorableWord,
    action: "approve",
  });
  const res = await fetch(`${url.origin}${url.pathname}`, {
    method: "POST",
    body: form,
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  });
  expect(res.status).toBe(302);
  return new URL(res.headers.get("location") ?? "");
}

async function connect(): Promise<OAuthTokens> {
  const { codeVerifier, codeChallenge } = createPkcePair();
  const back = await authorize(buildAuthorizeUrl({ oauth, redirectUri: REDIRECT, state: "s1", codeChallenge }));
  return exchangeAuthorizationCode({
    oauth,
    code: back.searchParams.get("code") ?? "",
    codeVerifier,
    redirectUri: REDIRECT,
  });
}

function oauthClient(tokens: OAuthTokens, endpoints: KashflowOAuthEndpoints | null = oauth) {
  const { fetch, calls } = recordingFetch();
  const saved: KashflowCredentials[] = [];
  const client = createKashflowClient({
    accountKey: `oauth:${acc.AccountId}:${Math.random()}`,
    endpoints: { apiBaseUrl: h.apiBaseUrl, ...(endpoints ? { oauth: endpoints } : {}) },
    credentials: { method: "OAUTH", tokens },
    onCredentialsChanged: async (c) => void saved.push(c),
    fetch,
    limits: FAST_LIMITS,
  });
  return { client, calls, saved };
}

describe("KashFlow OAuth", () => {
  it("makes an S256 PKCE pair", () => {
    const { codeVerifier, codeChallenge } = createPkcePair();
    expect(codeVerifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(codeChallenge).toBe(createHash("sha256").update(codeVerifier).digest("base64url"));
    expect(createPkcePair().codeVerifier).not.toBe(codeVerifier);
  });

  it("builds the authorize URL with client, redirect, state, challenge and scope", () => {
    const url = new URL(
      buildAuthorizeUrl({
        oauth: { ...oauth, scope: "kashflow.api" },
        redirectUri: REDIRECT,
        state: "st",
        codeChallenge: "ch",
      }),
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: "code",
      client_id: oauth.clientId,
      redirect_uri: REDIRECT,
      state: "st",
      code_challenge: "ch",
      code_challenge_method: "S256",
      scope: "kashflow.api",
    });
  });

  it("exchanges the code for tokens (state comes back) and reads the company with them", async () => {
    const { codeVerifier, codeChallenge } = createPkcePair();
    const back = await authorize(
      buildAuthorizeUrl({ oauth, redirectUri: REDIRECT, state: "state-123", codeChallenge }),
    );
    expect(back.searchParams.get("state")).toBe("state-123");
    const before = Date.now();
    const tokens = await exchangeAuthorizationCode({
      oauth,
      code: back.searchParams.get("code") ?? "",
      codeVerifier,
      redirectUri: REDIRECT,
    });
    expect(tokens.accessToken).toBeTruthy();
    expect(tokens.refreshToken).toBeTruthy();
    expect(tokens.expiresAt!.getTime()).toBeGreaterThanOrEqual(before + 3_500_000);
    const { client, calls } = oauthClient(tokens);
    expect(await client.companyDetails()).toEqual({ companyName: "OAuth Trading Ltd" });
    expect(calls[0]?.authorization).toBe(`Bearer ${tokens.accessToken}`);
  });

  it("a replayed code or a wrong verifier needs the person (invalid_grant)", async () => {
    const { codeChallenge } = createPkcePair();
    const back = await authorize(buildAuthorizeUrl({ oauth, redirectUri: REDIRECT, state: "s", codeChallenge }));
    const code = back.searchParams.get("code") ?? "";
    const wrong = await failure(
      exchangeAuthorizationCode({ oauth, code, codeVerifier: createPkcePair().codeVerifier, redirectUri: REDIRECT }),
    );
    expect(wrong).toMatchObject({ retryClass: "NEEDS_USER", reason: "invalid_grant" });
    const again = await connect();
    expect(again.accessToken).toBeTruthy();
    const { codeVerifier: v2, codeChallenge: c2 } = createPkcePair();
    const back2 = await authorize(buildAuthorizeUrl({ oauth, redirectUri: REDIRECT, state: "s", codeChallenge: c2 }));
    await exchangeAuthorizationCode({
      oauth,
      code: back2.searchParams.get("code") ?? "",
      codeVerifier: v2,
      redirectUri: REDIRECT,
    });
    const replay = await failure(
      exchangeAuthorizationCode({
        oauth,
        code: back2.searchParams.get("code") ?? "",
        codeVerifier: v2,
        redirectUri: REDIRECT,
      }),
    );
    expect(replay).toMatchObject({ code: "PRECONDITION_FAILED", retryClass: "NEEDS_USER", reason: "invalid_grant" });
  });

  it("a wrong client secret is our configuration bug, not the person's", async () => {
    const tokens = await connect();
    const error = await failure(
      refreshAccessToken({ oauth: { ...oauth, clientSecret: "wrong" }, refreshToken: tokens.refreshToken ?? "" }),
    );
    expect(error).toMatchObject({ retryClass: "BUG", reason: "invalid_client" });
  });

  it("refreshes once after a 401, retries, and hands the rotated tokens to the caller", async () => {
    const tokens = await connect();
    const { client, calls, saved } = oauthClient(tokens);
    await client.companyDetails();
    await h.admin("POST", "/tokens/expire", { Token: tokens.accessToken });
    await client.companyDetails();
    expect(calls.map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual([
      "GET /v2/settings/companydetails 200",
      "GET /v2/settings/companydetails 401",
      "POST /oauth2/v1/token 200",
      "GET /v2/settings/companydetails 200",
    ]);
    expect(saved).toHaveLength(1);
    const next = saved[0] as Extract<KashflowCredentials, { method: "OAUTH" }>;
    expect(next.tokens.accessToken).not.toBe(tokens.accessToken);
    expect(next.tokens.refreshToken).not.toBe(tokens.refreshToken);
    expect(client.credentials()).toEqual(next);
  });

  it("refreshes before the request when the stored token has already expired", async () => {
    const tokens = await connect();
    const { client, calls } = oauthClient({ ...tokens, expiresAt: new Date(Date.now() - 1000) });
    await client.companyDetails();
    expect(calls.map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual([
      "POST /oauth2/v1/token 200",
      "GET /v2/settings/companydetails 200",
    ]);
  });

  it("a refresh refused with invalid_grant stops: NEEDS_USER, one token request", async () => {
    const tokens = await connect();
    await h.admin("POST", "/tokens/expire", { Token: tokens.refreshToken });
    await h.admin("POST", "/tokens/expire", { Token: tokens.accessToken });
    const { client, calls } = oauthClient(tokens);
    const error = await failure(client.companyDetails());
    expect(error).toMatchObject({ retryClass: "NEEDS_USER", reason: "invalid_grant" });
    expect(error.message).toMatch(/connect KashFlow again/);
    expect(count(calls, "POST", "/oauth2/v1/token")).toBe(1);
  });

  it("an expired token with no way to renew it needs the person", async () => {
    const tokens = await connect();
    const { client } = oauthClient({ accessToken: tokens.accessToken, expiresAt: new Date(Date.now() - 1000) }, null);
    expect(await failure(client.companyDetails())).toMatchObject({ retryClass: "NEEDS_USER", reason: "TokenExpired" });
  });

  it("two clients holding the same refresh token refresh it once between them", async () => {
    const tokens = await connect();
    const expired = { ...tokens, expiresAt: new Date(Date.now() - 1000) };
    const a = oauthClient(expired);
    const b = oauthClient(expired);
    const [x, y] = await Promise.all([a.client.companyDetails(), b.client.companyDetails()]);
    expect(x).toEqual(y);
    expect(count(a.calls, "POST", "/oauth2/v1/token") + count(b.calls, "POST", "/oauth2/v1/token")).toBe(1);
  });

  it("client credentials: a token bound to the account, renewed the same way when it expires", async () => {
    const bound = await h.admin<{ ClientId: string; ClientSecret: string; TokenUrl: string; AuthorizeUrl: string }>(
      "POST",
      "/oauth/clients",
      {
        Name: "Ledgerlink service",
        RedirectUris: [REDIRECT],
        AccountId: acc.AccountId,
      },
    );
    const service = {
      authorizeUrl: bound.AuthorizeUrl,
      tokenUrl: bound.TokenUrl,
      clientId: bound.ClientId,
      clientSecret: bound.ClientSecret,
    };
    const tokens = await clientCredentialsToken({ oauth: service });
    expect(tokens.refreshToken).toBeUndefined();
    const { client, calls } = oauthClient(tokens, service);
    await client.companyDetails();
    await h.admin("POST", "/tokens/expire", { Token: tokens.accessToken });
    expect(await client.companyDetails()).toEqual({ companyName: "OAuth Trading Ltd" });
    expect(count(calls, "POST", "/oauth2/v1/token")).toBe(1);
  });

  it("accepts expires_in sent as a string (as IRIS does)", async () => {
    await h.admin("PATCH", "/config", { OAuth: { expiresInAsString: true } });
    try {
      const before = Date.now();
      const tokens = await connect();
      expect(tokens.expiresAt!.getTime()).toBeGreaterThanOrEqual(before + 3_500_000);
    } finally {
      await h.admin("PATCH", "/config", { OAuth: { expiresInAsString: false } });
    }
  });

  it("logout revokes the tokens", async () => {
    const tokens = await connect();
    const { client } = oauthClient(tokens);
    await client.companyDetails();
    await client.logout();
    expect(await failure(refreshAccessToken({ oauth, refreshToken: tokens.refreshToken ?? "" }))).toMatchObject({
      reason: "invalid_grant",
    });
    const raw = await fetch(`${h.apiBaseUrl}/settings/companydetails`, {
      headers: { Authorization: `Bearer ${tokens.accessToken}` },
    });
    expect(raw.status).toBe(401);
  });
});
