// Admin API (X-Admin-Key): accounts, behaviour settings, clock, token expiry, fault rules, OAuth clients.
import { timingSafeEqual } from "node:crypto";
import { Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";
import { accountSummary, createAccount } from "./accounts";
import type { Clock } from "./clock";
import { behaviourPatchSchema, compact, oauthPatchSchema } from "./config";
import { badRequest, KfError, notFound } from "./errors";
import { faultInputSchema, type FaultEngine } from "./faults";
import { formatTimestamp, ymdOf } from "./format";
import { noContent, readJson, send, type Ctx, type SandboxEnv } from "./http";
import { checkAuthorizeRequest, issueCode, redirectWith } from "./oauth/tokens";
import { newSecret, type AccountRec, type OAuthClientRec, type SandboxStore } from "./store/store";
import { ci, parseWith, zBool, zDate, zInt, zNum, zStr } from "./validation";

export const ADMIN_HEADER = "X-Admin-Key";

const accountPatchSchema = ci({
  CompanyName: zStr.nullish(),
  Password: zStr.nullish(),
  MemorableWord: zStr.pipe(z.string().regex(/^[A-Za-z0-9]{3,32}$/)).nullish(),
  FullName: zStr.nullish(),
  Locked: zBool.nullish(),
  PasswordExpired: zBool.nullish(),
  SubscriptionExpired: zBool.nullish(),
  TransactionLockDate: zDate.nullish(),
  /** Per-account behaviour overrides; null clears them. */
  Behaviour: behaviourPatchSchema.nullish(),
});

const configPatchSchema = ci({
  LatencyMs: zInt.pipe(z.number().int().min(0)).nullish(),
  Behaviour: behaviourPatchSchema.nullish(),
  OAuth: oauthPatchSchema.nullish(),
});

const clientSchema = ci({
  ClientId: zStr.pipe(z.string().regex(/^[A-Za-z0-9._~-]{3,100}$/)).nullish(),
  ClientSecret: zStr.nullish(),
  Name: zStr.nullish(),
  RedirectUris: z.array(z.string().url()).nullish(),
  AccountId: zStr.nullish(),
  Confidential: zBool.nullish(),
  Scopes: z.array(z.string().regex(/^\S+$/)).nullish(),
});

const adminAuthorizeSchema = ci({
  ClientId: zStr,
  AccountId: zStr.nullish(),
  UserName: zStr.nullish(),
  RedirectUri: zStr.nullish(),
  Scope: zStr.nullish(),
  State: zStr.nullish(),
  CodeChallenge: zStr.nullish(),
  CodeChallengeMethod: zStr.nullish(),
});

function keyMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function adminGuard(adminKey: string): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    const given = c.req.header(ADMIN_HEADER) ?? "";
    if (!keyMatches(given, adminKey))
      throw new KfError(401, "InvalidAdminKey", `Missing or wrong ${ADMIN_HEADER} header.`);
    return next();
  };
}

function clientView(c: OAuthClientRec): Record<string, unknown> {
  return {
    ClientId: c.ClientId,
    ClientSecret: c.ClientSecret,
    Name: c.Name,
    RedirectUris: c.RedirectUris,
    AccountId: c.AccountId,
    Scopes: c.Scopes,
    Confidential: c.ClientSecret !== null,
  };
}

export interface AdminDeps {
  store: SandboxStore;
  faults: FaultEngine;
  clock: Clock;
  adminKey: string;
  flush: () => void;
}

export function adminRoutes(deps: AdminDeps): Hono<SandboxEnv> {
  const { store, faults, clock } = deps;
  const admin = new Hono<SandboxEnv>();
  admin.use("*", adminGuard(deps.adminKey));

  const account = (c: Ctx): AccountRec => {
    const id = c.req.param("id") ?? "";
    const a = store.accounts.get(id);
    if (!a) throw notFound(`Account '${id}' was not found.`);
    return a;
  };
  const origin = (c: Ctx) => new URL(c.req.url).origin;

  // ---- accounts ----
  admin.get("/accounts", (c) =>
    send(
      c,
      200,
      [...store.accounts.values()].map((a) => accountSummary(store, a)),
    ),
  );

  admin.post("/accounts", async (c) => {
    const text = await c.req.text();
    let body: unknown = {};
    if (text.trim()) {
      try {
        body = JSON.parse(text);
      } catch {
        throw badRequest("The request body is not valid JSON.");
      }
    }
    const created = createAccount(store, body);
    return send(c, 201, {
      ...created,
      ApiBaseUrl: `${origin(c)}/v2`,
      OAuth: {
        AuthorizeUrl: `${origin(c)}${store.oauth.paths.authorize}`,
        TokenUrl: `${origin(c)}${store.oauth.paths.token}`,
        RevokeUrl: `${origin(c)}${store.oauth.paths.revoke}`,
      },
    });
  });

  admin.get("/accounts/:id", (c) => send(c, 200, accountSummary(store, account(c))));

  admin.patch("/accounts/:id", async (c) => {
    const a = account(c);
    const input = parseWith(accountPatchSchema, await readJson(c));
    if (input.CompanyName != null) a.books.settings.CompanyName = input.CompanyName;
    if (input.Password != null) a.User.Password = input.Password;
    if (input.MemorableWord != null) a.User.MemorableWord = input.MemorableWord;
    if (input.FullName != null) a.User.FullName = input.FullName;
    if (input.Locked === true) a.User.LockedUntil = store.now() + store.behaviourFor(a).lockoutSeconds * 1000;
    if (input.Locked === false) {
      a.User.LockedUntil = null;
      a.User.FailedAttempts = 0;
    }
    if (input.PasswordExpired != null) a.User.PasswordExpired = input.PasswordExpired;
    if (input.SubscriptionExpired != null) a.User.SubscriptionExpired = input.SubscriptionExpired;
    if (input.TransactionLockDate !== undefined)
      a.books.settings.TransactionLockDate = input.TransactionLockDate?.ymd ?? null;
    if (input.Behaviour === null) a.Overrides = {};
    else if (input.Behaviour) a.Overrides = { ...a.Overrides, ...compact(input.Behaviour) };
    a.books.touch();
    store.onChange(a.Id);
    return send(c, 200, accountSummary(store, a));
  });

  admin.delete("/accounts/:id", (c) => {
    const a = account(c);
    store.removeAccount(a.Id);
    faults.clear(a.Id);
    return noContent(c);
  });

  /** Shortcut for tests: a session token without the two-step login. */
  admin.post("/accounts/:id/sessions", (c) => {
    const a = account(c);
    const s = store.createSession(a.Id);
    return send(c, 201, { SessionToken: s.Token, AccountId: a.Id });
  });

  /** Files a VAT return: documents, payments and bank rows dated up to UpToDate become read-only (§10.7). */
  admin.post("/accounts/:id/vatreturn", async (c) => {
    const a = account(c);
    const input = parseWith(ci({ UpToDate: zDate }), await readJson(c));
    const upTo = input.UpToDate.ymd;
    const books = a.books;
    const id = ++books.settings.LastVatReturnId;
    let docs = 0;
    for (const d of [...books.invoices.values(), ...books.purchases.values()]) {
      if (d.VATReturnId === 0 && ymdOf(d.IssuedDate) <= upTo) {
        d.VATReturnId = id;
        docs += 1;
      }
      for (const p of d.PaymentLines) if (p.VATReturnId === 0 && ymdOf(p.Date) <= upTo) p.VATReturnId = id;
    }
    for (const t of books.bankTx.values())
      if (t.VATReturnId === 0 && t.PaymentId === null && ymdOf(t.Date) <= upTo) t.VATReturnId = id;
    books.touch();
    store.onChange(a.Id);
    return send(c, 201, { VATReturnId: id, Documents: docs });
  });

  admin.post("/accounts/:id/faults", async (c) => {
    const a = account(c);
    const body = await readJson(c);
    const input = parseWith(faultInputSchema, body);
    return send(c, 201, faults.add({ ...input, AccountId: a.Id }));
  });
  admin.get("/accounts/:id/faults", (c) => send(c, 200, faults.list(account(c).Id)));
  admin.delete("/accounts/:id/faults", (c) => {
    faults.clear(account(c).Id);
    return noContent(c);
  });

  // ---- global settings, clock, tokens ----
  const configView = () => ({
    LatencyMs: store.latencyMs,
    Behaviour: store.behaviour,
    OAuth: store.oauth,
    ClockOffsetSeconds: clock.offset / 1000,
    Now: formatTimestamp(store.now()),
  });
  admin.get("/config", (c) => send(c, 200, configView()));
  admin.patch("/config", async (c) => {
    const input = parseWith(configPatchSchema, await readJson(c));
    if (input.LatencyMs != null) store.latencyMs = input.LatencyMs;
    if (input.Behaviour) store.behaviour = { ...store.behaviour, ...compact(input.Behaviour) };
    if (input.OAuth) store.oauth = { ...store.oauth, ...compact(input.OAuth) };
    return send(c, 200, configView());
  });

  admin.post("/clock", async (c) => {
    const input = parseWith(ci({ AdvanceSeconds: zNum }), await readJson(c));
    clock.advance(input.AdvanceSeconds * 1000);
    return send(c, 200, configView());
  });
  admin.delete("/clock", (c) => {
    clock.reset();
    return send(c, 200, configView());
  });

  /** Expires a session token or OAuth access token immediately (idle-expiry and refresh tests). */
  admin.post("/tokens/expire", async (c) => {
    const input = parseWith(ci({ Token: zStr }), await readJson(c));
    const session = store.sessions.get(input.Token.toUpperCase());
    if (session) {
      session.LastUsedAt = -Infinity;
      return send(c, 200, { Expired: "session" });
    }
    const access = store.accessTokens.get(input.Token);
    if (access) {
      access.ExpiresAt = 0;
      return send(c, 200, { Expired: "access_token" });
    }
    const refreshRec = store.refreshTokens.get(input.Token);
    if (refreshRec) {
      refreshRec.ExpiresAt = 0;
      return send(c, 200, { Expired: "refresh_token" });
    }
    throw notFound("No such token.");
  });

  admin.post("/flush", (c) => {
    deps.flush();
    return noContent(c);
  });

  // ---- faults ----
  admin.get("/faults", (c) => send(c, 200, faults.list()));
  admin.post("/faults", async (c) => {
    const input = parseWith(faultInputSchema, await readJson(c));
    if (input.AccountId && !store.accounts.has(input.AccountId))
      throw badRequest(`Account '${input.AccountId}' does not exist.`);
    return send(c, 201, faults.add(input));
  });
  admin.delete("/faults", (c) => {
    faults.clear();
    return noContent(c);
  });
  admin.delete("/faults/:faultId", (c) => {
    if (!faults.remove(c.req.param("faultId") ?? "")) throw notFound("No such fault rule.");
    return noContent(c);
  });

  // ---- OAuth clients ----
  admin.get("/oauth/clients", (c) => send(c, 200, [...store.oauthClients.values()].map(clientView)));
  admin.post("/oauth/clients", async (c) => {
    const input = parseWith(clientSchema, await readJson(c));
    if (input.AccountId && !store.accounts.has(input.AccountId))
      throw badRequest(`Account '${input.AccountId}' does not exist.`);
    const clientId = input.ClientId ?? newSecret("kfc_").slice(0, 28);
    if (store.oauthClients.has(clientId)) throw new KfError(409, "Conflict", `Client '${clientId}' already exists.`);
    const confidential = input.Confidential ?? true;
    const client: OAuthClientRec = {
      ClientId: clientId,
      ClientSecret: confidential ? (input.ClientSecret ?? newSecret("kfs_")) : null,
      Name: input.Name?.trim() || "Sandbox OAuth client",
      RedirectUris: input.RedirectUris ?? [],
      AccountId: input.AccountId ?? null,
      Scopes: input.Scopes?.length ? input.Scopes : ["kashflow.api"],
      CreatedAt: store.now(),
    };
    store.oauthClients.set(client.ClientId, client);
    store.onChange();
    return send(c, 201, {
      ...clientView(client),
      AuthorizeUrl: `${origin(c)}${store.oauth.paths.authorize}`,
      TokenUrl: `${origin(c)}${store.oauth.paths.token}`,
      RevokeUrl: `${origin(c)}${store.oauth.paths.revoke}`,
    });
  });
  admin.delete("/oauth/clients/:clientId", (c) => {
    const id = c.req.param("clientId") ?? "";
    if (!store.oauthClients.delete(id)) throw notFound(`Client '${id}' was not found.`);
    for (const [k, t] of store.accessTokens) if (t.ClientId === id) store.accessTokens.delete(k);
    for (const [k, t] of store.refreshTokens) if (t.ClientId === id) store.refreshTokens.delete(k);
    store.onChange();
    return noContent(c);
  });

  /** Test shortcut for the authorize step: the same checks as the HTML page, without the form. */
  admin.post("/oauth/authorize", async (c) => {
    const input = parseWith(adminAuthorizeSchema, await readJson(c));
    const target = input.AccountId
      ? store.accounts.get(input.AccountId)
      : input.UserName
        ? store.accountByUser(input.UserName)
        : undefined;
    if (!target) throw badRequest("AccountId or UserName must name an existing account.");
    const check = checkAuthorizeRequest(store, {
      responseType: "code",
      clientId: input.ClientId,
      redirectUri: input.RedirectUri ?? null,
      scope: input.Scope ?? null,
      state: input.State ?? null,
      codeChallenge: input.CodeChallenge ?? null,
      codeChallengeMethod: input.CodeChallengeMethod ?? (input.CodeChallenge ? "S256" : null),
    });
    if (!check.ok) throw badRequest(`${check.error}: ${check.description}`);
    const code = issueCode(store, check.params, target.Id);
    return send(c, 201, {
      Code: code.Code,
      RedirectUrl: redirectWith(check.params.redirectUri, { code: code.Code, state: check.params.state }),
      ExpiresAt: formatTimestamp(code.ExpiresAt),
    });
  });

  return admin;
}
