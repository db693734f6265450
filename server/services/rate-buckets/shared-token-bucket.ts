// A token bucket every app instance shares (a RateBucket row per key): the agent, pairing and sign-in limits.
import { takeFromBucket } from "./postgres-bucket";

/** Takes one request's token for `key`: 0 when allowed, else the milliseconds until one is available. */
export interface RequestLimit {
  take(key: string): number | Promise<number>;
}

/** The same bucket for every instance: `capacity` at once, `refillPerSecond` sustained (GCRA, one statement a take). */
export function sharedTokenBucket(prefix: string, capacity: number, refillPerSecond: number): RequestLimit {
  const intervalMs = 1000 / refillPerSecond;
  const rule = { intervalMs, toleranceMs: (capacity - 1) * intervalMs, maxWaitMs: 0 };
  return {
    async take(key) {
      const grant = await takeFromBucket(`${prefix}|${key}`, rule);
      return grant.ok ? 0 : grant.retryAfterMs;
    },
  };
}
