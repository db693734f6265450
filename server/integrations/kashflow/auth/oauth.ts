// OAuth 2.0 (RFC 6749 + PKCE RFC 7636): authorize URL, code exchange, refresh, client credentials, and the
// client-side strategy that refreshes an expired access token (before use, or once after a 401).
import { cleanJson } from "@/lib/safe-text";
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { DEFAULT_LIMITS, type KashflowLimits, type KashflowOAuthEndpoints } from "../config";
import { networkError, parseRetryAfter, schemaError, type RequestContext } from "../errors";
import type { KashflowCredentials } from "../credentials";
import type { AuthStrategy } from "../http";
import { withRetries } from "../retry";
import { noRenewalLock, type RenewalLock } from "./renewal";

export type OAuthTokens = { accessToken: string; refreshToken?: string; expiresAt?: Date; scope?: string };

export type TokenRequestOptions = { fetch?: typeof fetch; limits?: Partial<KashflowLimits>; now?: () => number };

/** PKCE S256: a 43-character verifier and its SHA-256 challenge, both base64url. */
export function createPkcePair(): { codeVerifier: string; codeChallenge: string } {
  const codeVerifier = randomBytes(32).toString("base64url");
  return { codeVerifier, codeChallenge: pkceChallenge(codeVerifier) };
}

export const pkceChallenge = (verifier: string): string => createHash("sha256").update(verifier).digest("base64url");

export function buildAuthorizeUrl(o: {
  oauth: KashflowOAuthEndpoints;
  redirectUri: string;
  state: string;
  codeChallenge: string;
}): string {
  const url = new URL(o.oauth.authorizeUrl);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", o.oauth.clientId);
  url.searchParams.set("redirect_uri", o.redirectUri);
  url.searchParams.set("state", o.state);
  url.searchParams.set("code_challenge", o.codeChallenge);
  url.searchParams.set("code_challenge_method", "S256");
  if (o.oauth.scope) url.searchParams.set("scope", o.oauth.scope);
  return url.href;
}

export function exchangeAuthorizationCode(
  o: { oauth: KashflowOAuthEndpoints; code: string; codeVerifier: string; redirectUri: string } & TokenRequestOptions,
): Promise<OAuthTokens> {
  // A code is single-use and a replay revokes its tokens: only retry when KashFlow certainly never saw it.
  return tokenRequest(
    o,
    { grant_type: "authorization_code", code: o.code, code_verifier: o.codeVerifier, redirect_uri: o.redirectUri },
    {
      subject: "the KashFlow sign-in",
      idempotent: false,
    },
  );
}

export async function refreshAccessToken(
  o: { oauth: KashflowOAuthEndpoints; refreshToken: string } & TokenRequestOptions,
): Promise<OAuthTokens> {
  // A rotated refresh token is spent by the first attempt, so a lost answer cannot be retried blindly.
  const tokens = await tokenRequest(
    o,
    { grant_type: "refresh_token", refresh_token: o.refreshToken },
    { subject: "the KashFlow sign-in", idempotent: false },
  );
  return { ...tokens, refreshToken: tokens.refreshToken ?? o.refreshToken };
}

export function clientCredentialsToken(
  o: { oauth: KashflowOAuthEndpoints } & TokenRequestOptions,
): Promise<OAuthTokens> {
  return tokenRequest(
    o,
    { grant_type: "client_credentials", ...(o.oauth.scope ? { scope: o.oauth.scope } : {}) },
    {
      subject: "KashFlow API access",
      idempotent: true,
    },
  );
}

/** Revokes a token (RFC 7009) when the server offers it; best effort, for disconnects. */
export async function revokeToken(
  o: { oauth: KashflowOAuthEndpoints; token: string; hint?: "access_token" | "refresh_token" } & TokenRequestOptions,
): Promise<void> {
  if (!o.oauth.revokeUrl) return;
  const { headers, body } = clientAuth(o.oauth, { token: o.token, ...(o.hint ? { token_type_hint: o.hint } : {}) });
  await (o.fetch ?? fetch)(o.oauth.revokeUrl, {
    method: "POST",
    headers,
    body,
    signal: AbortSignal.timeout(o.limits?.timeoutMs ?? DEFAULT_LIMITS.timeoutMs),
  }).catch(() => undefined);
}

// expires_in is a number per RFC 6749 but IRIS returns "3599" (spec §1).
const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).optional(),
  refresh_token: z.string().min(1).optional(),
  scope: z.string().optional(),
});

const oauthErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

/** RFC 6749 §2.3.1: HTTP Basic with form-encoded id and secret; a public client sends only client_id. */
function clientAuth(
  oauth: KashflowOAuthEndpoints,
  params: Record<string, string>,
): { headers: Record<string, string>; body: string } {
  const headers: Record<string, string> = {
    "Content-Type": "application/x-www-form-urlencoded",
    Accept: "application/json",
  };
  const form = new URLSearchParams(params);
  if (oauth.clientSecret) {
    const pair = `${encodeURIComponent(oauth.clientId)}:${encodeURIComponent(oauth.clientSecret)}`;
    headers.Authorization = `Basic ${Buffer.from(pair).toString("base64")}`;
  } else {
    form.set("client_id", oauth.clientId);
  }
  return { headers, body: form.toString() };
}

async function tokenRequest(
  o: { oauth: KashflowOAuthEndpoints } & TokenRequestOptions,
  params: Record<string, string>,
  meta: { subject: string; idempotent: boolean },
): Promise<OAuthTokens> {
  const limits = { ...DEFAULT_LIMITS, ...o.limits };
  const doFetch = o.fetch ?? fetch;
  const now = o.now ?? Date.now;
  const ctx: RequestContext = {
    method: "POST",
    path: o.oauth.tokenUrl,
    action: "renewing",
    subject: meta.subject,
    idempotent: meta.idempotent,
  };
  return withRetries(
    async () => {
      const { headers, body } = clientAuth(o.oauth, params);
      const signal = AbortSignal.timeout(limits.timeoutMs);
      let status: number;
      let text: string;
      let resHeaders: Headers;
      try {
        const res = await doFetch(o.oauth.tokenUrl, { method: "POST", headers, body, signal });
        status = res.status;
        resHeaders = res.headers;
        text = await res.text();
      } catch (error) {
        throw networkError(ctx, error, signal.aborted);
      }
      const json = safeJson(text);
      if (status >= 200 && status < 300) {
        const parsed = tokenResponseSchema.safeParse(json);
        if (!parsed.success) {
          if (json === undefined) throw tokenError(status, text, resHeaders);
          throw schemaError(ctx, parsed.error, "a token answer");
        }
        const t = parsed.data;
        return {
          accessToken: t.access_token,
          ...(t.refresh_token ? { refreshToken: t.refresh_token } : {}),
          ...(t.expires_in !== undefined ? { expiresAt: new Date(now() + t.expires_in * 1000) } : {}),
          ...(t.scope ? { scope: t.scope } : {}),
        };
      }
      throw tokenError(status, text, resHeaders);
    },
    {
      maxRetries: limits.maxRetries,
      baseDelayMs: limits.retryBaseDelayMs,
      maxDelayMs: limits.retryMaxDelayMs,
      maxRetryAfterMs: limits.maxRetryAfterMs,
    },
    { idempotent: meta.idempotent },
  );
}

function safeJson(text: string): unknown {
  try {
    return cleanJson(JSON.parse(text) as unknown).value;
  } catch {
    return undefined;
  }
}

/** Token endpoint failures: invalid_grant needs the person to sign in again; a broken client setup is ours. */
function tokenError(status: number, text: string, headers: Headers): AppError {
  if (status === 429)
    return new AppError("RATE_LIMITED", "KashFlow's sign-in service is busy. We will try again shortly.", {
      retryClass: "RATE_LIMITED",
      retryAfterMs: parseRetryAfter(headers.get("retry-after")),
      reason: "TooManyRequests",
    });
  if (status >= 500 || (status >= 200 && status < 300))
    return new AppError(
      "UPSTREAM",
      `KashFlow's sign-in service had a problem (HTTP ${status}). We will try again shortly.`,
      {
        retryClass: "TRANSIENT",
        reason: status >= 500 ? `HTTP${status}` : "MalformedResponse",
      },
    );
  const parsed = oauthErrorSchema.safeParse(safeJson(text));
  const reason = parsed.success ? parsed.data.error : `HTTP${status}`;
  if (reason === "invalid_grant" || reason === "access_denied")
    return new AppError(
      "PRECONDITION_FAILED",
      "KashFlow no longer accepts this connection's sign-in (it was revoked, expired or already used). Please connect KashFlow again.",
      {
        retryClass: "NEEDS_USER",
        reason,
      },
    );
  return new AppError(
    "INTERNAL",
    `KashFlow refused our sign-in request${parsed.success && parsed.data.error_description ? `: ${parsed.data.error_description}` : ""} (${reason}). Check the KashFlow OAuth client settings.`,
    {
      retryClass: "BUG",
      reason,
    },
  );
}

// Refreshes of the same refresh token share one request, even across clients of the same account: a rotated
// token can only be spent once.
const refreshesInFlight = new Map<string, Promise<OAuthTokens>>();

export class OAuthAuth implements AuthStrategy {
  private renewing: Promise<OAuthTokens> | null = null;

  constructor(
    private tokens: OAuthTokens,
    private readonly o: {
      oauth?: KashflowOAuthEndpoints;
      skewMs: number;
      request: TokenRequestOptions;
      renewalLock?: RenewalLock;
      onChanged: (tokens: OAuthTokens) => Promise<void>;
      /** Another instance refreshed and stored these tokens: use them (they are already saved). */
      onAdopted?: (tokens: OAuthTokens) => void;
    },
  ) {}

  get current(): OAuthTokens {
    return this.tokens;
  }

  async header(): Promise<string> {
    if (this.expiring(this.tokens)) await this.renew();
    return `Bearer ${this.tokens.accessToken}`;
  }

  private expiring(tokens: OAuthTokens): boolean {
    return Boolean(
      tokens.expiresAt && tokens.expiresAt.getTime() - this.o.skewMs <= (this.o.request.now ?? Date.now)(),
    );
  }

  async recover(failedHeader: string): Promise<boolean> {
    // Another request already renewed the token while this one was in flight.
    if (failedHeader !== `Bearer ${this.tokens.accessToken}`) return true;
    await this.renew();
    return true;
  }

  /** Single-flight renewal: refresh token if we have one, else client credentials, else the person must sign in. */
  renew(): Promise<OAuthTokens> {
    const held = this.tokens.accessToken;
    this.renewing ??= (this.o.renewalLock ?? noRenewalLock)((stored) => this.renewUnlessStored(stored, held)).finally(
      () => {
        this.renewing = null;
      },
    );
    return this.renewing;
  }

  /** Another instance may have refreshed while we waited for the lock: its stored tokens spare our refresh token. */
  private async renewUnlessStored(stored: KashflowCredentials | null, held: string): Promise<OAuthTokens> {
    const theirs = stored?.method === "OAUTH" ? stored.tokens : null;
    if (theirs && theirs.accessToken !== held && !this.expiring(theirs)) {
      this.tokens = theirs;
      this.o.onAdopted?.(theirs);
      return theirs;
    }
    // The stored refresh token is the newest one (ours may be an older copy another instance already spent).
    if (theirs?.refreshToken && theirs.refreshToken !== this.tokens.refreshToken)
      this.tokens = { ...this.tokens, refreshToken: theirs.refreshToken };
    return this.doRenew();
  }

  private async doRenew(): Promise<OAuthTokens> {
    const oauth = this.o.oauth;
    const refreshToken = this.tokens.refreshToken;
    let next: OAuthTokens;
    if (oauth && refreshToken) {
      let shared = refreshesInFlight.get(refreshToken);
      if (!shared) {
        shared = refreshAccessToken({ oauth, refreshToken, ...this.o.request });
        refreshesInFlight.set(refreshToken, shared);
        // Kept briefly so a second client holding the spent token gets the same answer.
        void shared.then(
          () => setTimeout(() => refreshesInFlight.delete(refreshToken), 60_000).unref?.(),
          () => refreshesInFlight.delete(refreshToken),
        );
      }
      next = await shared;
    } else if (oauth?.clientSecret) {
      next = await clientCredentialsToken({ oauth, ...this.o.request });
    } else {
      throw new AppError(
        "PRECONDITION_FAILED",
        "The KashFlow sign-in for this connection has expired. Please connect KashFlow again.",
        {
          retryClass: "NEEDS_USER",
          reason: "TokenExpired",
        },
      );
    }
    this.tokens = next;
    await this.o.onChanged(next);
    return next;
  }
}
