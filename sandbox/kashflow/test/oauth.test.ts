import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, createAccount, startSandbox, type Account, type Harness } from "./helpers";

let h: Harness;
let acc: Account;
const REDIRECT = "http://127.0.0.1:3000/integrations/kashflow/callback";

beforeAll(async () => {
  h = await startSandbox({
    oauth: { paths: { authorize: "/connect/authorize", token: "/connect/token", revoke: "/connect/revoke" } },
  });
  acc = await createAccount(h, { DataSet: "demo", Size: { Invoices: 3 }, MemorableWord: "kingfisher" });
});
afterAll(async () => {
  await h.close();
});

const pkce = () => {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
};

const registerClient = (body: Record<string, unknown> = {}) =>
  h.adminJson("POST", "/oauth/clients", { Name: "Ledgerlink", RedirectUris: [REDIRECT], ...body });

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

async function token(fields: Record<string, string>, basic?: [string, string]) {
  const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded" };
  if (basic) headers.Authorization = `Basic ${Buffer.from(`${basic[0]}:${basic[1]}`).toString("base64")}`;
  const res = await fetch(`${h.url}/connect/token`, { method: "POST", headers, body: form(fields) });
  return { status: res.status, body: (await res.json()) as Record<string, any>, headers: res.headers };
}

/** Drives the HTML sign-in page the way a browser would. */
async function authorizeViaPage(
  clientId: string,
  challenge: string,
  state: string,
  credentials?: Partial<Record<string, string>>,
) {
  const params = new URLSearchParams({
    response_type: "code",
    client_id: clientId,
    redirect_uri: REDIRECT,
    scope: "kashflow.api",
    state,
    code_challenge: challenge,
    code_challenge_method: "S256",
  });
  const page = await fetch(`${h.url}/connect/authorize?${params}`);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('<label for="username">Username</label>');
  const hidden = Object.fromEntries(
    [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]),
  );
  const res = await fetch(`${h.url}/connect/authorize`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: form({
      ...(hidden as Record<string, string>),
      username: acc.UserName,
      password: acc.Password,
      memorable_word: acc.MemorableWord.toUpperCase(),
      action: "approve",
      ...credentials,
    } as Record<string, string>),
  });
  return res;
}

describe("authorization code + PKCE", () => {
  it("signs in on the HTML page, redirects with code and state, and exchanges the code", async () => {
    const c = await registerClient();
    const { verifier, challenge } = pkce();
    const res = await authorizeViaPage(c.ClientId, challenge, "st-123");
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get("location") ?? "");
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get("state")).toBe("st-123");
    const code = location.searchParams.get("code") ?? "";
    const t = await token({ grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: verifier }, [
      c.ClientId,
      c.ClientSecret,
    ]);
    expect(t.status).toBe(200);
    expect(t.headers.get("cache-control")).toBe("no-store");
    expect(t.body).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: "kashflow.api" });
    expect(t.body.refresh_token).toEqual(expect.any(String));
    // Bearer access tokens work on the API like KfToken.
    const api = client(h, t.body.access_token, "Bearer");
    expect((await api.get("/settings/companydetails")).CompanyName).toBe(acc.CompanyName);
    // A replayed code fails and revokes what it produced (RFC 6749 §4.1.2).
    const replay = await token(
      { grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: verifier },
      [c.ClientId, c.ClientSecret],
    );
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe("invalid_grant");
    expect((await api.req("GET", "/metadata")).status).toBe(401);
  });

  it("rejects a wrong code_verifier", async () => {
    const c = await registerClient();
    const { challenge } = pkce();
    const res = await authorizeViaPage(c.ClientId, challenge, "s");
    const code = new URL(res.headers.get("location") ?? "").searchParams.get("code") ?? "";
    const t = await token(
      { grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: pkce().verifier },
      [c.ClientId, c.ClientSecret],
    );
    expect(t.status).toBe(400);
    expect(t.body).toEqual({ error: "invalid_grant", error_description: expect.stringContaining("code_verifier") });
  });

  it("re-shows the page with an error for wrong credentials and redirects access_denied on Deny", async () => {
    const c = await registerClient();
    const { challenge } = pkce();
    const bad = await authorizeViaPage(c.ClientId, challenge, "s", { memorable_word: "wrong" });
    expect(bad.status).toBe(401);
    expect(await bad.text()).toContain('role="alert"');
    const deny = await authorizeViaPage(c.ClientId, challenge, "s2", { action: "deny" });
    expect(deny.status).toBe(302);
    const loc = new URL(deny.headers.get("location") ?? "");
    expect(loc.searchParams.get("error")).toBe("access_denied");
    expect(loc.searchParams.get("state")).toBe("s2");
  });

  it("refuses an unregistered redirect_uri without redirecting, and requires PKCE", async () => {
    const c = await registerClient();
    const evil = await fetch(
      `${h.url}/connect/authorize?${new URLSearchParams({ response_type: "code", client_id: c.ClientId, redirect_uri: "https://evil.example/cb", code_challenge: pkce().challenge, code_challenge_method: "S256" })}`,
      { redirect: "manual" },
    );
    expect(evil.status).toBe(400);
    const noPkce = await fetch(
      `${h.url}/connect/authorize?${new URLSearchParams({ response_type: "code", client_id: c.ClientId, redirect_uri: REDIRECT, state: "x" })}`,
      { redirect: "manual" },
    );
    expect(noPkce.status).toBe(302);
    expect(new URL(noPkce.headers.get("location") ?? "").searchParams.get("error")).toBe("invalid_request");
  });

  it("supports public clients (no secret) with PKCE via the admin authorize shortcut", async () => {
    const c = await registerClient({ Confidential: false });
    expect(c.ClientSecret).toBeNull();
    const { verifier, challenge } = pkce();
    const shortcut = await h.adminJson("POST", "/oauth/authorize", {
      ClientId: c.ClientId,
      UserName: acc.UserName,
      RedirectUri: REDIRECT,
      CodeChallenge: challenge,
      State: "abc",
    });
    expect(shortcut.RedirectUrl).toContain("state=abc");
    const t = await token({
      grant_type: "authorization_code",
      code: shortcut.Code,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
      client_id: c.ClientId,
    });
    expect(t.status).toBe(200);
  });
});

describe("refresh tokens", () => {
  it("rotates the refresh token and rejects the old one; expired access tokens get 401", async () => {
    const c = await registerClient();
    const { verifier, challenge } = pkce();
    const { Code } = await h.adminJson("POST", "/oauth/authorize", {
      ClientId: c.ClientId,
      AccountId: acc.AccountId,
      RedirectUri: REDIRECT,
      CodeChallenge: challenge,
    });
    const first = await token(
      { grant_type: "authorization_code", code: Code, redirect_uri: REDIRECT, code_verifier: verifier },
      [c.ClientId, c.ClientSecret],
    );
    await h.adminJson("POST", "/tokens/expire", { Token: first.body.access_token });
    const expired = await client(h, first.body.access_token, "Bearer").req("GET", "/metadata");
    expect(expired.status).toBe(401);
    expect(expired.headers.get("www-authenticate")).toContain("invalid_token");
    const second = await token({
      grant_type: "refresh_token",
      refresh_token: first.body.refresh_token,
      client_id: c.ClientId,
      client_secret: c.ClientSecret,
    });
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(first.body.refresh_token);
    expect((await client(h, second.body.access_token, "Bearer").req("GET", "/metadata")).status).toBe(200);
    const reuse = await token({ grant_type: "refresh_token", refresh_token: first.body.refresh_token }, [
      c.ClientId,
      c.ClientSecret,
    ]);
    expect(reuse.status).toBe(400);
    expect(reuse.body.error).toBe("invalid_grant");
  });

  it("revokes a refresh token and its access tokens", async () => {
    const c = await registerClient();
    const { verifier, challenge } = pkce();
    const { Code } = await h.adminJson("POST", "/oauth/authorize", {
      ClientId: c.ClientId,
      AccountId: acc.AccountId,
      RedirectUri: REDIRECT,
      CodeChallenge: challenge,
    });
    const t = await token(
      { grant_type: "authorization_code", code: Code, redirect_uri: REDIRECT, code_verifier: verifier },
      [c.ClientId, c.ClientSecret],
    );
    const rev = await fetch(`${h.url}/connect/revoke`, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Authorization: `Basic ${Buffer.from(`${c.ClientId}:${c.ClientSecret}`).toString("base64")}`,
      },
      body: form({ token: t.body.refresh_token }),
    });
    expect(rev.status).toBe(200);
    expect((await client(h, t.body.access_token, "Bearer").req("GET", "/metadata")).status).toBe(401);
    expect(
      (await token({ grant_type: "refresh_token", refresh_token: t.body.refresh_token }, [c.ClientId, c.ClientSecret]))
        .status,
    ).toBe(400);
  });
});

describe("client credentials", () => {
  it("issues an account-bound token without a refresh token", async () => {
    const c = await registerClient({ AccountId: acc.AccountId, RedirectUris: [] });
    const t = await token({ grant_type: "client_credentials" }, [c.ClientId, c.ClientSecret]);
    expect(t.status).toBe(200);
    expect(t.body.refresh_token).toBeUndefined();
    expect((await client(h, t.body.access_token, "Bearer").get("/metadata")).TotalInvoiceCount).toBe(3);
  });

  it("rejects a wrong secret with 401 invalid_client and unbound clients with unauthorized_client", async () => {
    const bound = await registerClient({ AccountId: acc.AccountId });
    const wrong = await token({ grant_type: "client_credentials" }, [bound.ClientId, "not-the-secret"]);
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe("invalid_client");
    expect(wrong.headers.get("www-authenticate")).toContain("Basic");
    const unbound = await registerClient();
    const t = await token({
      grant_type: "client_credentials",
      client_id: unbound.ClientId,
      client_secret: unbound.ClientSecret,
    });
    expect(t.status).toBe(400);
    expect(t.body.error).toBe("unauthorized_client");
  });

  it("returns expires_in as a string when configured (IRIS style)", async () => {
    await h.adminJson("PATCH", "/config", { OAuth: { expiresInAsString: true, accessTokenTtlSeconds: 3599 } });
    const c = await registerClient({ AccountId: acc.AccountId });
    const t = await token({ grant_type: "client_credentials" }, [c.ClientId, c.ClientSecret]);
    expect(t.body.expires_in).toBe("3599");
    await h.adminJson("PATCH", "/config", { OAuth: { expiresInAsString: false, accessTokenTtlSeconds: 3600 } });
  });

  it("rejects unknown grant types", async () => {
    const c = await registerClient({ AccountId: acc.AccountId });
    const t = await token({ grant_type: "password", username: "x", password: "y" }, [c.ClientId, c.ClientSecret]);
    expect(t.status).toBe(400);
    expect(t.body.error).toBe("unsupported_grant_type");
  });
});
