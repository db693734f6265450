// createKashflowClient: one object per job, sharing the account's rate limiter and login cool-off with every
// other client of the same accountKey in this process.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { OAuthAuth } from "./auth/oauth";
import { SessionTokenAuth } from "./auth/session-token";
import { DEFAULT_BEHAVIOUR, DEFAULT_LIMITS, type KashflowBehaviour, type KashflowEndpoints, type KashflowLimits } from "./config";
import type { KashflowCredentials } from "./credentials";
import { schemaError } from "./errors";
import { KashflowHttp, parseJson } from "./http";
import { limiterFor, type AccountLimiter } from "./rate-limit";

export type KashflowClientOptions = {
  /** Rate limiter and login throttle are shared per KashFlow account (all jobs of it). */
  accountKey: string;
  endpoints: KashflowEndpoints;
  credentials: KashflowCredentials;
  /** New session token / refreshed tokens: the caller re-encrypts and saves them. */
  onCredentialsChanged?: (c: KashflowCredentials) => Promise<void>;
  limits?: Partial<KashflowLimits>;
  /** Unverified KashFlow behaviour as switches (page size, login cool-off, number check …). */
  behaviour?: Partial<KashflowBehaviour>;
  fetch?: typeof fetch;
};

const companyDetailsSchema = z.object({ CompanyName: z.string() }).loose();

export type KashflowClient = {
  readonly accountKey: string;
  readonly limiter: AccountLimiter;
  /** The credentials as they stand now (a fresh session token or refreshed tokens included). */
  credentials(): KashflowCredentials;
  /** GET /settings/companydetails — the connection test. */
  companyDetails(): Promise<{ companyName: string }>;
  /** Ends the session (DELETE /sessiontoken/{token}) or revokes OAuth tokens where a revoke URL is configured. */
  logout(): Promise<void>;
};

export type ClientCore = {
  http: KashflowHttp;
  limits: KashflowLimits;
  behaviour: KashflowBehaviour;
};

export function createKashflowClient(o: KashflowClientOptions): KashflowClient {
  if (!o.accountKey.trim()) throw new AppError("INTERNAL", "A KashFlow client needs an account key.", { retryClass: "BUG" });
  const limits: KashflowLimits = { ...DEFAULT_LIMITS, ...o.limits };
  const behaviour: KashflowBehaviour = { ...DEFAULT_BEHAVIOUR, ...o.behaviour };
  const doFetch = o.fetch ?? fetch;
  const limiter = limiterFor(o.accountKey, {
    requestsPerWindow: limits.requestsPerWindow,
    windowMs: limits.windowMs,
    maxConcurrent: limits.maxConcurrent,
    windowMarginMs: limits.windowMarginMs,
  });
  const http = new KashflowHttp({ apiBaseUrl: o.endpoints.apiBaseUrl, limiter, limits, fetch: doFetch });
  let current: KashflowCredentials = o.credentials;
  const changed = async (next: KashflowCredentials) => {
    current = next;
    await o.onCredentialsChanged?.(next);
  };

  let logout: () => Promise<void>;
  if (o.credentials.method === "SESSION_TOKEN") {
    const { method: _m, ...creds } = o.credentials;
    const session = new SessionTokenAuth(http, creds, {
      accountKey: o.accountKey,
      scheme: behaviour.sessionAuthScheme,
      coolOffMs: behaviour.loginCoolOffMs,
      maxFailures: behaviour.maxLoginFailures,
      onChanged: (c) => changed({ method: "SESSION_TOKEN", ...c }),
    });
    http.auth = session;
    logout = () => session.logout();
  } else {
    const oauth = new OAuthAuth(o.credentials.tokens, {
      oauth: o.endpoints.oauth,
      skewMs: behaviour.tokenRefreshSkewMs,
      request: { fetch: doFetch, limits },
      onChanged: (tokens) => changed({ method: "OAUTH", tokens }),
    });
    http.auth = oauth;
    logout = async () => {
      const { revokeToken } = await import("./auth/oauth");
      const endpoints = o.endpoints.oauth;
      if (!endpoints) return;
      const t = oauth.current;
      if (t.refreshToken) await revokeToken({ oauth: endpoints, token: t.refreshToken, hint: "refresh_token", fetch: doFetch, limits });
      await revokeToken({ oauth: endpoints, token: t.accessToken, hint: "access_token", fetch: doFetch, limits });
    };
  }

  return {
    accountKey: o.accountKey,
    limiter,
    credentials: () => current,
    async companyDetails() {
      const body = await http.call({ method: "GET", path: "/settings/companydetails", action: "reading", subject: "the company details" }, (res, ctx) => {
        const parsed = companyDetailsSchema.safeParse(parseJson(res, ctx));
        if (!parsed.success) throw schemaError(ctx, parsed.error, "company details");
        return parsed.data;
      });
      return { companyName: body.CompanyName };
    },
    logout: () => logout(),
  };
}
