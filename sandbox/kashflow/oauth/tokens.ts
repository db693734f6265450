// OAuth grants shared by the HTTP endpoints and the admin shortcut: codes, PKCE, access/refresh tokens.
import { createHash, timingSafeEqual } from "node:crypto";
import { newSecret, type AuthCodeRec, type OAuthClientRec, type SandboxStore } from "../store/store";

export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
    readonly status: 400 | 401 = 400,
  ) {
    super(description);
  }
}

export const s256 = (verifier: string): string => createHash("sha256").update(verifier).digest("base64url");

/** RFC 7636 §4.1: 43–128 unreserved characters. */
const VERIFIER_RE = /^[A-Za-z0-9\-._~]{43,128}$/;

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface AuthorizeParams {
  client: OAuthClientRec;
  redirectUri: string;
  /** RFC 6749 §4.1.3: the token request must repeat redirect_uri only if the authorization request sent it. */
  redirectUriExplicit: boolean;
  scope: string;
  state: string | null;
  codeChallenge: string | null;
  codeChallengeMethod: "S256" | "plain" | null;
}

/** Validates everything about an authorization request except the user's credentials. */
export function checkAuthorizeRequest(
  store: SandboxStore,
  p: {
    responseType: string | null;
    clientId: string | null;
    redirectUri: string | null;
    scope: string | null;
    state: string | null;
    codeChallenge: string | null;
    codeChallengeMethod: string | null;
  },
):
  | { ok: true; params: AuthorizeParams }
  | {
      ok: false;
      redirect: boolean;
      error: string;
      description: string;
      client?: OAuthClientRec;
      redirectUri?: string;
    } {
  const client = p.clientId ? store.oauthClients.get(p.clientId) : undefined;
  if (!client) return { ok: false, redirect: false, error: "invalid_client", description: "Unknown client_id." };
  let redirectUri = p.redirectUri;
  if (!redirectUri) {
    if (client.RedirectUris.length !== 1)
      return { ok: false, redirect: false, error: "invalid_request", description: "redirect_uri is required." };
    redirectUri = client.RedirectUris[0] ?? "";
  }
  if (!client.RedirectUris.includes(redirectUri))
    return {
      ok: false,
      redirect: false,
      error: "invalid_request",
      description: "redirect_uri is not registered for this client.",
    };
  const fail = (error: string, description: string) => ({
    ok: false as const,
    redirect: true,
    error,
    description,
    client,
    redirectUri,
  });
  if (p.responseType !== "code") return fail("unsupported_response_type", "Only response_type=code is supported.");
  const cfg = store.oauth;
  let method: "S256" | "plain" | null = null;
  if (p.codeChallenge) {
    const m = p.codeChallengeMethod ?? "plain";
    if (m === "S256") method = "S256";
    else if (m === "plain" && cfg.allowPlainPkce) method = "plain";
    else return fail("invalid_request", `code_challenge_method '${m}' is not supported; use S256.`);
  } else if (cfg.requirePkce) {
    return fail("invalid_request", "PKCE is required: send code_challenge and code_challenge_method=S256.");
  }
  const requested = (p.scope ?? "").split(/\s+/).filter(Boolean);
  const unknown = requested.filter((sc) => !client.Scopes.includes(sc));
  if (unknown.length > 0) return fail("invalid_scope", `Scope not allowed for this client: ${unknown.join(" ")}.`);
  const scope = (requested.length > 0 ? requested : client.Scopes).join(" ");
  return {
    ok: true,
    params: {
      client,
      redirectUri,
      redirectUriExplicit: p.redirectUri !== null,
      scope,
      state: p.state,
      codeChallenge: p.codeChallenge,
      codeChallengeMethod: method,
    },
  };
}

export function issueCode(store: SandboxStore, params: AuthorizeParams, accountId: string): AuthCodeRec {
  const code: AuthCodeRec = {
    Code: newSecret("kfac_"),
    ClientId: params.client.ClientId,
    AccountId: accountId,
    RedirectUri: params.redirectUri,
    RedirectUriExplicit: params.redirectUriExplicit,
    CodeChallenge: params.codeChallenge,
    CodeChallengeMethod: params.codeChallengeMethod,
    Scope: params.scope,
    ExpiresAt: store.now() + store.oauth.authorizationCodeTtlSeconds * 1000,
    Used: false,
    IssuedTokens: [],
  };
  store.authCodes.set(code.Code, code);
  store.onChange();
  return code;
}

export function redirectWith(redirectUri: string, params: Record<string, string | null>): string {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== null) url.searchParams.set(k, v);
  return url.href;
}

export interface TokenResponse {
  access_token: string;
  token_type: "Bearer";
  expires_in: number | string;
  refresh_token?: string;
  scope: string;
}

function mint(
  store: SandboxStore,
  clientId: string,
  accountId: string,
  scope: string,
  withRefresh: boolean,
): TokenResponse {
  const cfg = store.oauth;
  const now = store.now();
  const access = newSecret("kfat_");
  store.accessTokens.set(access, {
    Token: access,
    ClientId: clientId,
    AccountId: accountId,
    Scope: scope,
    ExpiresAt: now + cfg.accessTokenTtlSeconds * 1000,
  });
  const res: TokenResponse = {
    access_token: access,
    token_type: "Bearer",
    expires_in: cfg.expiresInAsString ? String(cfg.accessTokenTtlSeconds) : cfg.accessTokenTtlSeconds,
    scope,
  };
  if (withRefresh) {
    const refresh = newSecret("kfrt_");
    store.refreshTokens.set(refresh, {
      Token: refresh,
      ClientId: clientId,
      AccountId: accountId,
      Scope: scope,
      ExpiresAt: now + cfg.refreshTokenTtlSeconds * 1000,
      Revoked: false,
    });
    res.refresh_token = refresh;
  }
  store.onChange();
  return res;
}

export function exchangeCode(
  store: SandboxStore,
  client: OAuthClientRec,
  code: string | null,
  redirectUri: string | null,
  verifier: string | null,
): TokenResponse {
  if (!code) throw new OAuthError("invalid_request", "code is required.");
  const rec = store.authCodes.get(code);
  if (!rec || rec.ClientId !== client.ClientId)
    throw new OAuthError("invalid_grant", "The authorization code is invalid.");
  if (rec.Used) {
    // RFC 6749 §4.1.2: a replayed code revokes what it already produced.
    for (const t of rec.IssuedTokens) {
      store.accessTokens.delete(t);
      const r = store.refreshTokens.get(t);
      if (r) r.Revoked = true;
    }
    store.onChange();
    throw new OAuthError("invalid_grant", "The authorization code has already been used.");
  }
  if (rec.ExpiresAt <= store.now()) throw new OAuthError("invalid_grant", "The authorization code has expired.");
  const mustMatch = rec.RedirectUriExplicit !== false || redirectUri !== null;
  if (mustMatch && redirectUri !== rec.RedirectUri)
    throw new OAuthError("invalid_grant", "redirect_uri does not match the authorization request.");
  if (rec.CodeChallenge) {
    if (!verifier) throw new OAuthError("invalid_request", "code_verifier is required.");
    if (!VERIFIER_RE.test(verifier)) throw new OAuthError("invalid_grant", "code_verifier is malformed.");
    const expected = rec.CodeChallengeMethod === "S256" ? s256(verifier) : verifier;
    if (!safeEqual(expected, rec.CodeChallenge))
      throw new OAuthError("invalid_grant", "code_verifier does not match the code_challenge.");
  } else if (verifier) {
    throw new OAuthError("invalid_grant", "code_verifier sent but no code_challenge was used.");
  }
  if (!store.accounts.has(rec.AccountId)) throw new OAuthError("invalid_grant", "The account no longer exists.");
  rec.Used = true;
  const res = mint(store, client.ClientId, rec.AccountId, rec.Scope, true);
  rec.IssuedTokens.push(res.access_token, ...(res.refresh_token ? [res.refresh_token] : []));
  return res;
}

export function refresh(
  store: SandboxStore,
  client: OAuthClientRec,
  token: string | null,
  scope: string | null,
): TokenResponse {
  if (!token) throw new OAuthError("invalid_request", "refresh_token is required.");
  const rec = store.refreshTokens.get(token);
  if (!rec || rec.Revoked || rec.ClientId !== client.ClientId || rec.ExpiresAt <= store.now())
    throw new OAuthError("invalid_grant", "The refresh token is invalid, expired or revoked.");
  if (!store.accounts.has(rec.AccountId)) throw new OAuthError("invalid_grant", "The account no longer exists.");
  const requested = (scope ?? "").split(/\s+/).filter(Boolean);
  const granted = rec.Scope.split(/\s+/).filter(Boolean);
  if (requested.some((s) => !granted.includes(s)))
    throw new OAuthError("invalid_scope", "Requested scope exceeds the original grant.");
  const rotate = store.oauth.rotateRefreshTokens;
  if (rotate) rec.Revoked = true;
  const res = mint(store, client.ClientId, rec.AccountId, requested.length ? requested.join(" ") : rec.Scope, rotate);
  if (!rotate) res.refresh_token = rec.Token;
  return res;
}

export function clientCredentials(store: SandboxStore, client: OAuthClientRec, scope: string | null): TokenResponse {
  if (!client.ClientSecret)
    throw new OAuthError("unauthorized_client", "Public clients cannot use client_credentials.");
  if (!client.AccountId || !store.accounts.has(client.AccountId))
    throw new OAuthError("unauthorized_client", "This client is not bound to a sandbox account.");
  const requested = (scope ?? "").split(/\s+/).filter(Boolean);
  if (requested.some((s) => !client.Scopes.includes(s)))
    throw new OAuthError("invalid_scope", "Scope not allowed for this client.");
  // IRIS pattern [DOC, other product]: no refresh token for client credentials.
  return mint(
    store,
    client.ClientId,
    client.AccountId,
    (requested.length ? requested : client.Scopes).join(" "),
    false,
  );
}
