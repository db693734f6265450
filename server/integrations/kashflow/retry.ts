// Retries with exponential backoff and jitter (p-retry) for TRANSIENT and RATE_LIMITED failures only.
import pRetry, { AbortError } from "p-retry";
import { type AppError, isAppError } from "@/lib/errors";

export type RetryPolicy = {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longer Retry-After values are handed back to the caller instead of being waited out. */
  maxRetryAfterMs: number;
};

export type RetryHooks = {
  /** Whether an ambiguous failure (5xx, timeout, reset) may be retried: only when sending twice is harmless. */
  idempotent: boolean;
  /** 429: the caller pauses the whole account for Retry-After before the next attempt. */
  onRateLimited?: (retryAfterMs: number) => void;
  onRetry?: (error: AppError, attempt: number) => void;
};

/** Failures where KashFlow certainly did nothing, so even a create may be sent again. */
function certainlyNotApplied(error: AppError): boolean {
  return (
    error.retryClass === "RATE_LIMITED" ||
    error.reason === "ECONNREFUSED" ||
    error.reason === "ENOTFOUND" ||
    error.reason === "EAI_AGAIN"
  );
}

export function shouldRetry(error: unknown, policy: RetryPolicy, hooks: Pick<RetryHooks, "idempotent">): boolean {
  if (!isAppError(error)) return false;
  // A spent shared budget is the runner's to wait out (it parks the run), not a call's.
  if (error.reason === "BudgetSpent") return false;
  if (error.retryClass === "RATE_LIMITED") return (error.retryAfterMs ?? 0) <= policy.maxRetryAfterMs;
  if (error.retryClass !== "TRANSIENT") return false;
  return hooks.idempotent || certainlyNotApplied(error);
}

export async function withRetries<T>(
  attempt: (n: number) => Promise<T>,
  policy: RetryPolicy,
  hooks: RetryHooks,
): Promise<T> {
  return pRetry(
    async (n) => {
      try {
        return await attempt(n);
      } catch (error) {
        // Anything we must not retry leaves at once, unchanged.
        if (!shouldRetry(error, policy, hooks))
          throw new AbortError(error instanceof Error ? error : new Error(String(error)));
        throw error;
      }
    },
    {
      retries: policy.maxRetries,
      minTimeout: policy.baseDelayMs,
      maxTimeout: policy.maxDelayMs,
      factor: 2,
      randomize: true,
      onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
        if (!isAppError(error) || retriesLeft <= 0) return;
        if (error.retryClass === "RATE_LIMITED") hooks.onRateLimited?.(error.retryAfterMs ?? policy.baseDelayMs);
        else if (error.retryAfterMs) hooks.onRateLimited?.(Math.min(error.retryAfterMs, policy.maxRetryAfterMs));
        hooks.onRetry?.(error, attemptNumber);
      },
    },
  );
}
