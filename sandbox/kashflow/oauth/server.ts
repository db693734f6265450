// OAuth 2.0 authorization server (authorization code + PKCE S256, refresh tokens, client credentials,
// revocation) at configurable paths. KashFlow's real endpoint is unconfirmed (§1), so this follows the RFCs.
import type { Context, Hono } from "hono";
import { loginGate } from "../auth/session";
import { KfError } from "../errors";
import type { SandboxEnv } from "../http";
import type { OAuthClientRec, SandboxStore } from "../store/store";
import { isPlainObject } from "../validation";
import { authorizePage, errorPage } from "./page";
import {
  checkAuthorizeRequest,
  clientCredentials,
  exchangeCode,
  issueCode,
  OAuthError,
  redirectWith,
  refresh,
  safeEqual,
} from "./tokens";

type Params = Record<string, string>;

async function readParams(c: Context<SandboxEnv>): Promise<Params> {
  const text = await c.req.text().catch(() => "");
  const type = c.req.header("content-type") ?? "";
  if (/json/i.test(type)) {
    try {
      const obj = JSON.parse(text) as unknown;
      if (!isPlainObject(obj)) return {};
      return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, v == null ? "" : String(v)]));
    } catch {
      throw new OAuthError("invalid_request", "The request body is not valid JSON.");
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}

const get = (p: Params, k: string): string | null => {
  const v = p[k];
  return v === undefined || v === "" ? null : v;
};

function oauthJson(
  c: Context<SandboxEnv>,
  status: number,
  body: unknown,
  extra: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "no-store",
      Pragma: "no-cache",
      ...extra,
    },
  });
}

/** RFC 6749 §2.3.1: HTTP Basic (preferred) or client_id/client_secret in the body; public clients send only client_id. */
function authenticateClient(store: SandboxStore, c: Context<SandboxEnv>, p: Params): OAuthClientRec {
  const header = c.req.header("authorization") ?? "";
  const basic = /^Basic\s+(\S+)$/i.exec(header);
  if (basic?.[1]) {
    const decoded = Buffer.from(basic[1], "base64").toString("utf8");
    const i = decoded.indexOf(":");
    const id = decodeURIComponent(i < 0 ? decoded : decoded.slice(0, i));
    const secret = decodeURIComponent(i < 0 ? "" : decoded.slice(i + 1));
    const client = store.oauthClients.get(id);
    if (!client || !client.ClientSecret || !safeEqual(secret, client.ClientSecret))
      throw new OAuthError("invalid_client", "Client authentication failed.", 401);
    return client;
  }
  const id = get(p, "client_id");
  const client = id ? store.oauthClients.get(id) : undefined;
  if (!client) throw new OAuthError("invalid_client", "Client authentication failed.", 401);
  if (client.ClientSecret) {
    const secret = get(p, "client_secret");
    if (!secret || !safeEqual(secret, client.ClientSecret))
      throw new OAuthError("invalid_client", "Client authentication failed.", 401);
  }
  return client;
}

function handleOAuthError(c: Context<SandboxEnv>, err: unknown): Response {
  if (err instanceof OAuthError) {
    const extra: Record<string, string> =
      err.status === 401 ? { "WWW-Authenticate": 'Basic realm="kashflow-sandbox"' } : {};
    return oauthJson(c, err.status, { error: err.error, error_description: err.description }, extra);
  }
  throw err;
}

export function registerOAuthRoutes(app: Hono<SandboxEnv>, store: SandboxStore): void {
  const paths = store.oauth.paths;

  const html = (body: string, status = 200) =>
    new Response(body, {
      status,
      headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
    });

  const authorizeRequest = (p: Params) =>
    checkAuthorizeRequest(store, {
      responseType: get(p, "response_type"),
      clientId: get(p, "client_id"),
      redirectUri: get(p, "redirect_uri"),
      scope: get(p, "scope"),
      state: get(p, "state"),
      codeChallenge: get(p, "code_challenge"),
      codeChallengeMethod: get(p, "code_challenge_method"),
    });

  const hiddenOf = (p: Params) => ({
    response_type: get(p, "response_type"),
    client_id: get(p, "client_id"),
    redirect_uri: get(p, "redirect_uri"),
    scope: get(p, "scope"),
    state: get(p, "state"),
    code_challenge: get(p, "code_challenge"),
    code_challenge_method: get(p, "code_challenge_method"),
  });

  app.get(paths.authorize, (c) => {
    const p = Object.fromEntries(new URL(c.req.url).searchParams);
    const check = authorizeRequest(p);
    if (!check.ok) {
      if (!check.redirect || !check.redirectUri)
        return html(errorPage("Authorization request rejected", check.description), 400);
      return c.redirect(
        redirectWith(check.redirectUri, {
          error: check.error,
          error_description: check.description,
          state: get(p, "state"),
        }),
        302,
      );
    }
    return html(
      authorizePage({
        action: paths.authorize,
        clientName: check.params.client.Name,
        scope: check.params.scope,
        hidden: hiddenOf(p),
      }),
    );
  });

  app.post(paths.authorize, async (c) => {
    const p = await readParams(c).catch(() => ({}) as Params);
    const check = authorizeRequest(p);
    if (!check.ok) {
      if (!check.redirect || !check.redirectUri)
        return html(errorPage("Authorization request rejected", check.description), 400);
      return c.redirect(
        redirectWith(check.redirectUri, {
          error: check.error,
          error_description: check.description,
          state: get(p, "state"),
        }),
        302,
      );
    }
    const { params } = check;
    if (get(p, "action") === "deny")
      return c.redirect(
        redirectWith(params.redirectUri, {
          error: "access_denied",
          error_description: "The user denied access.",
          state: params.state,
        }),
        302,
      );
    const again = (error: string, status: number) =>
      html(
        authorizePage({
          action: paths.authorize,
          clientName: params.client.Name,
          scope: params.scope,
          hidden: hiddenOf(p),
          userName: get(p, "username") ?? "",
          error,
        }),
        status,
      );
    const account = store.accountByUser(get(p, "username") ?? "");
    if (!account) return again("The username, password or memorable word is incorrect.", 401);
    try {
      loginGate(store, account);
    } catch (err) {
      if (err instanceof KfError) return again(err.message, 401);
      throw err;
    }
    const wordOk = (get(p, "memorable_word") ?? "").toLowerCase() === account.User.MemorableWord.toLowerCase();
    if (get(p, "password") !== account.User.Password || !wordOk) {
      store.recordFailure(account);
      return again("The username, password or memorable word is incorrect.", 401);
    }
    if (account.User.PasswordExpired) return again("Your password has expired.", 401);
    account.User.FailedAttempts = 0;
    store.onChange(account.Id);
    const code = issueCode(store, params, account.Id);
    return c.redirect(redirectWith(params.redirectUri, { code: code.Code, state: params.state }), 302);
  });

  app.post(paths.token, async (c) => {
    try {
      const p = await readParams(c);
      const client = authenticateClient(store, c, p);
      const grant = get(p, "grant_type");
      switch (grant) {
        case "authorization_code":
          return oauthJson(
            c,
            200,
            exchangeCode(store, client, get(p, "code"), get(p, "redirect_uri"), get(p, "code_verifier")),
          );
        case "refresh_token":
          return oauthJson(c, 200, refresh(store, client, get(p, "refresh_token"), get(p, "scope")));
        case "client_credentials":
          return oauthJson(c, 200, clientCredentials(store, client, get(p, "scope")));
        default:
          throw new OAuthError(
            grant ? "unsupported_grant_type" : "invalid_request",
            grant ? `grant_type '${grant}' is not supported.` : "grant_type is required.",
          );
      }
    } catch (err) {
      return handleOAuthError(c, err);
    }
  });

  // RFC 7009: always 200 for a well-formed request, whether or not the token existed.
  app.post(paths.revoke, async (c) => {
    try {
      const p = await readParams(c);
      const client = authenticateClient(store, c, p);
      const token = get(p, "token");
      if (!token) throw new OAuthError("invalid_request", "token is required.");
      const access = store.accessTokens.get(token);
      if (access?.ClientId === client.ClientId) store.accessTokens.delete(token);
      const refreshRec = store.refreshTokens.get(token);
      if (refreshRec?.ClientId === client.ClientId) {
        refreshRec.Revoked = true;
        for (const [k, t] of store.accessTokens)
          if (t.ClientId === client.ClientId && t.AccountId === refreshRec.AccountId) store.accessTokens.delete(k);
      }
      store.onChange();
      return new Response(null, { status: 200, headers: { "Cache-Control": "no-store" } });
    } catch (err) {
      return handleOAuthError(c, err);
    }
  });
}
