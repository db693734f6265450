// Where KashFlow lives and how hard we may push it: endpoints from the environment, limits with safe defaults.
import { env } from "@/lib/env";

export type KashflowOAuthEndpoints = {
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl?: string;
  clientId: string;
  clientSecret?: string;
  scope?: string;
};

export type KashflowEndpoints = { apiBaseUrl: string; oauth?: KashflowOAuthEndpoints };

/** Endpoints from KASHFLOW_* variables; `oauth` only when authorize URL, token URL and client id are all set. */
export function kashflowEndpointsFromEnv(): KashflowEndpoints {
  const e = env();
  const oauth: KashflowOAuthEndpoints | undefined =
    e.KASHFLOW_OAUTH_AUTHORIZE_URL && e.KASHFLOW_OAUTH_TOKEN_URL && e.KASHFLOW_OAUTH_CLIENT_ID
      ? {
          authorizeUrl: e.KASHFLOW_OAUTH_AUTHORIZE_URL,
          tokenUrl: e.KASHFLOW_OAUTH_TOKEN_URL,
          revokeUrl: e.KASHFLOW_OAUTH_REVOKE_URL,
          clientId: e.KASHFLOW_OAUTH_CLIENT_ID,
          clientSecret: e.KASHFLOW_OAUTH_CLIENT_SECRET,
          scope: e.KASHFLOW_OAUTH_SCOPE,
        }
      : undefined;
  return { apiBaseUrl: e.KASHFLOW_API_BASE_URL, ...(oauth ? { oauth } : {}) };
}

export type KashflowLimits = {
  /** Requests the account may start in any window (shared by every client of the same accountKey; by every instance with a shared budget). */
  requestsPerWindow: number;
  windowMs: number;
  /** Requests in flight at once per account. */
  maxConcurrent: number;
  /** Per attempt; a hung request is aborted and counts as TRANSIENT. */
  timeoutMs: number;
  /** Retries after the first attempt for TRANSIENT and RATE_LIMITED failures. */
  maxRetries: number;
  /** First backoff delay; doubles per retry, with jitter (×1–2). */
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  /** A Retry-After longer than this is not waited out inside a call: RATE_LIMITED goes back to the caller. */
  maxRetryAfterMs: number;
  /** Safety gap added to each window so clock and network jitter never let a request into a full server window. */
  windowMarginMs: number;
  /**
   * With a shared budget (many app instances): a wait for budget longer than this is not waited out; the call
   * fails with RATE_LIMITED "BudgetSpent" and retryAfterMs, and the runner parks the run until then.
   */
  maxBudgetWaitMs: number;
  /** With a shared budget: time from a request's reserved turn to KashFlow receiving it, kept free in every window. */
  budgetReachMs: number;
};

// KashFlow documents no rate limit (spec §3.6); integrators run ~8 parallel requests, so stay well under that.
export const DEFAULT_LIMITS: KashflowLimits = {
  requestsPerWindow: 300,
  windowMs: 60_000,
  maxConcurrent: 6,
  timeoutMs: 30_000,
  maxRetries: 4,
  retryBaseDelayMs: 1_000,
  retryMaxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
  windowMarginMs: 50,
  maxBudgetWaitMs: 5_000,
  budgetReachMs: 250,
};

/** Rate-limit settings from KASHFLOW_REQUESTS_PER_WINDOW / _WINDOW_MS / _MAX_CONCURRENT / _MAX_BUDGET_WAIT_MS, for callers that pass them on. */
export function kashflowLimitsFromEnv(): Partial<KashflowLimits> {
  const e = env();
  return {
    ...(e.KASHFLOW_REQUESTS_PER_WINDOW ? { requestsPerWindow: e.KASHFLOW_REQUESTS_PER_WINDOW } : {}),
    ...(e.KASHFLOW_WINDOW_MS ? { windowMs: e.KASHFLOW_WINDOW_MS } : {}),
    ...(e.KASHFLOW_MAX_CONCURRENT ? { maxConcurrent: e.KASHFLOW_MAX_CONCURRENT } : {}),
    ...(e.KASHFLOW_MAX_BUDGET_WAIT_MS ? { maxBudgetWaitMs: e.KASHFLOW_MAX_BUDGET_WAIT_MS } : {}),
  };
}

/** Behaviour switches from the environment: KASHFLOW_PAGE_SIZE (rows per list page, default 200). */
export function kashflowBehaviourFromEnv(): Partial<KashflowBehaviour> {
  const e = env();
  return e.KASHFLOW_PAGE_SIZE ? { perPage: e.KASHFLOW_PAGE_SIZE } : {};
}

/** Switches for behaviour the spec marks unverified [INF]/[OBS], so a real account can prove otherwise. */
export type KashflowBehaviour = {
  /**
   * Rows per list page. Swagger documents a maximum of 100, yet production clients page 200 (§3.4 [OBS]); above
   * 100 skipperpagevalidation=true goes too, so either reading of KashFlow takes it. KASHFLOW_PAGE_SIZE sets it.
   */
  perPage: number;
  /** Send skipperpagevalidation=true at any page size (it is always sent above 100 rows per page). */
  skipPerPageValidation: boolean;
  /** After a refused login (bad password, locked, expired) no new login is tried for this long, per account. */
  loginCoolOffMs: number;
  /** Failed logins per account within the cool-off before every login pauses, below KashFlow's lockout threshold. */
  maxLoginFailures: number;
  /** Refresh an OAuth access token this long before it expires. */
  tokenRefreshSkewMs: number;
  /** Header scheme for session tokens (§2.2: "KfToken"). */
  sessionAuthScheme: string;
  /** Compare the Number KashFlow gave a created document with the one we sent (§7.1, §15.5). */
  checkCreatedNumber: boolean;
  /** Parallel detail fetches during a sweep (the limiter still bounds the account). */
  detailConcurrency: number;
};

/** Rows per page production KashFlow clients use (§3.4 [OBS]; unverified against Swagger's 100, so configurable). */
export const DEFAULT_PAGE_SIZE = 200;

export const DEFAULT_BEHAVIOUR: KashflowBehaviour = {
  perPage: DEFAULT_PAGE_SIZE,
  skipPerPageValidation: false,
  loginCoolOffMs: 10 * 60_000,
  maxLoginFailures: 3,
  tokenRefreshSkewMs: 60_000,
  sessionAuthScheme: "KfToken",
  checkCreatedNumber: true,
  detailConcurrency: 6,
};
