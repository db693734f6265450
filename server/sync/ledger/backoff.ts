// When a failed record is tried again: exponential backoff with jitter, capped; Retry-After wins when given.
export const MAX_ATTEMPTS = 6;

export function nextAttemptDelayMs(attempts: number, retryAfterMs?: number): number {
  if (retryAfterMs && retryAfterMs > 0) return retryAfterMs;
  const base = Math.min(60 * 60_000, 30_000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}
