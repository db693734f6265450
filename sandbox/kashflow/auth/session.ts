// §2: the two-step session token (password, then three memorable-word characters), the KfToken
// header with its sliding idle expiry, lockout after repeated failures, and DELETE logout.
import { randomInt } from "node:crypto";
import type { Hono, MiddlewareHandler } from "hono";
import { accountLocked, badRequest, invalidSession, KfError } from "../errors";
import { formatTimestamp } from "../format";
import { noContent, readJson, send, type SandboxEnv } from "../http";
import { newGuid, type AccountRec, type SandboxStore } from "../store/store";
import { ci, parseWith, zBool, zInt, zStr } from "../validation";
import { z } from "zod";

const step1Schema = ci({ UserName: zStr.nullish(), Password: zStr.nullish() });
const step2Schema = ci({
  TemporaryToken: zStr.nullish(),
  MemorableWordList: z.array(ci({ Position: zInt.nullish(), Value: zStr.nullish() })).nullish(),
  KeepUserLoggedIn: zBool.nullish(),
});

/** Three distinct 1-based positions within the word, ascending (§13). */
export function pickPositions(wordLength: number): number[] {
  const picked = new Set<number>();
  while (picked.size < Math.min(3, wordLength)) picked.add(randomInt(1, wordLength + 1));
  return [...picked].sort((a, b) => a - b);
}

const invalidCredentials = () =>
  new KfError(400, "InvalidCredentials", "The username or password provided is incorrect.");
const subscriptionExpired = () => new KfError(401, "SubscriptionExpired", "User Subscription has expired.");

/** Answers whether the account may sign in at all right now (lock, expired password/subscription). */
export function loginGate(store: SandboxStore, account: AccountRec): void {
  if (store.isLocked(account)) throw accountLocked();
  if (account.User.SubscriptionExpired) throw subscriptionExpired();
}

export function registerSessionRoutes(api: Hono<SandboxEnv>, store: SandboxStore): void {
  api.post("/sessiontoken", async (c) => {
    const input = parseWith(step1Schema, await readJson(c));
    if (!input.UserName?.trim() || !input.Password) throw badRequest("UserName and Password are required.");
    const account = store.accountByUser(input.UserName);
    if (!account) throw invalidCredentials();
    loginGate(store, account);
    if (account.User.Password !== input.Password) {
      store.recordFailure(account);
      throw invalidCredentials();
    }
    if (account.User.PasswordExpired)
      throw new KfError(400, "PasswordExpired", "Your password has expired. Please sign in to KashFlow to change it.");
    const cfg = store.behaviourFor(account);
    const positions = pickPositions(account.User.MemorableWord.length);
    const token = newGuid().toLowerCase();
    store.tempTokens.set(token, {
      Token: token,
      AccountId: account.Id,
      Positions: positions,
      ExpiresAt: store.now() + cfg.temporaryTokenTtlSeconds * 1000,
    });
    return send(c, 201, {
      TemporaryToken: token,
      MemorableWordList: positions.map((p) => ({ Position: p, Value: "" })),
      IsAdmin: true,
      HasTemporaryPassword: false,
      PackageName: "Business",
      PartnerId: 0,
      SubscriptionExpired: false,
      TenantId: 0,
      IsLockedOut: false,
      CompanyId: account.books.settings.CompanyName ? 1 : 0,
      MemorableWordPositions: positions,
    });
  });

  api.put("/sessiontoken", async (c) => {
    const input = parseWith(step2Schema, await readJson(c));
    const key = input.TemporaryToken?.trim().toLowerCase() ?? "";
    const temp = store.tempTokens.get(key);
    const account = temp ? store.accounts.get(temp.AccountId) : undefined;
    const status = store.behaviourFor(account).memorableWordFailureStatus;
    if (!temp || !account || temp.ExpiresAt <= store.now()) {
      if (temp) store.tempTokens.delete(key);
      throw new KfError(
        status,
        "InvalidTemporaryToken",
        "The temporary token is invalid or has expired. Please sign in again.",
      );
    }
    loginGate(store, account);
    const word = account.User.MemorableWord.toLowerCase();
    const given = new Map<number, string>();
    for (const item of input.MemorableWordList ?? []) {
      if (item.Position != null) given.set(item.Position, (item.Value ?? "").toLowerCase());
    }
    // One attempt per temporary token: a wrong answer means starting again from step 1 (§2.1).
    store.tempTokens.delete(key);
    const ok = temp.Positions.every((p) => given.get(p) === word[p - 1]);
    if (!ok) {
      store.recordFailure(account);
      throw new KfError(status, "InvalidMemorableWord", "The memorable word characters provided are incorrect.");
    }
    account.User.FailedAttempts = 0;
    store.onChange(account.Id);
    const session = store.createSession(account.Id);
    return send(c, 200, {
      SessionToken: session.Token,
      StartPageUrl: "/dashboard",
      SubscriptionExpiryDate: formatTimestamp(store.now() + 365 * 86_400_000).slice(0, 10) + " 12:00:00",
      CompanyName: account.books.settings.CompanyName,
      IsAdmin: true,
      HasTemporaryPassword: false,
      PackageName: "Business",
      PartnerId: 0,
      SubscriptionExpired: false,
    });
  });

  api.delete("/sessiontoken/:token", (c) => {
    const token = (c.req.param("token") ?? "").toUpperCase();
    if (!store.sessions.delete(token)) throw invalidSession();
    store.onChange();
    return noContent(c);
  });

  // §2.1: swapping an IRIS external token is KashFlow-internal; the sandbox has no IRIS to ask.
  api.get("/sessiontoken", () => {
    throw badRequest("External token exchange is not available in the sandbox.");
  });
}

/** Resolves `Authorization: KfToken <guid>` (or a Bearer OAuth token) to the account, sliding the idle timer. */
export function authMiddleware(store: SandboxStore): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    if (/^\/v2\/sessiontoken(\/|$)/i.test(c.req.path)) return next();
    const header = c.req.header("authorization") ?? "";
    const m = /^\s*(\S+)\s+(\S+)\s*$/.exec(header);
    const scheme = m?.[1]?.toLowerCase();
    const token = m?.[2] ?? "";
    const bearerChallenge = { "WWW-Authenticate": 'Bearer error="invalid_token"' };
    if (!m || (scheme !== "kftoken" && scheme !== "bearer")) throw invalidSession();
    const now = store.now();
    const session = store.sessions.get(token.toUpperCase());
    let account: AccountRec | undefined;
    if (session) {
      account = store.accounts.get(session.AccountId);
      const cfg = store.behaviourFor(account);
      if (!account || (scheme === "bearer" && !cfg.acceptBearerSessionTokens)) throw invalidSession();
      if (now - session.LastUsedAt > cfg.sessionIdleSeconds * 1000) {
        store.sessions.delete(session.Token);
        throw invalidSession();
      }
      if (cfg.lockoutBlocksSessions && store.isLocked(account)) throw accountLocked();
      session.LastUsedAt = now;
    } else {
      const access = store.accessTokens.get(token);
      if (!access) throw scheme === "bearer" ? withHeaders(invalidSession(), bearerChallenge) : invalidSession();
      if (access.ExpiresAt <= now) {
        store.accessTokens.delete(token);
        throw withHeaders(invalidSession(), bearerChallenge);
      }
      account = store.accounts.get(access.AccountId);
      if (!account) throw invalidSession();
      if (store.behaviourFor(account).lockoutBlocksSessions && store.isLocked(account)) throw accountLocked();
    }
    if (account.User.SubscriptionExpired) throw subscriptionExpired();
    c.set("account", account);
    return next();
  };
}

function withHeaders(err: KfError, headers: Record<string, string>): KfError {
  return new KfError(err.status, err.code, err.message, headers);
}
