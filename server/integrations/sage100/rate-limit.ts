// Request limits of the agent endpoints: a token bucket per agent, and per client address and per code for pairing. Shared by
// every app instance through Postgres (RateBucket rows), so N instances allow an agent what one would, not N times
// it. TokenBucket is the same limit in this process only (tests and benchmarks swap it in).
import { type RequestLimit, sharedTokenBucket } from "@/server/services/rate-buckets/shared-token-bucket";

export { type RequestLimit, sharedTokenBucket };

type Bucket = { tokens: number; updatedAt: number };

export class TokenBucket implements RequestLimit {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly capacity: number,
    private readonly refillPerSecond: number,
  ) {}

  /** Takes one token; returns 0 when allowed, else the milliseconds until one is available. */
  take(key: string, now = Date.now()): number {
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, updatedAt: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.refillPerSecond);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 10_000) this.forgetFull(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - bucket.tokens) / this.refillPerSecond) * 1000);
  }

  private forgetFull(now: number): void {
    for (const [key, b] of this.buckets)
      if (b.tokens + ((now - b.updatedAt) / 1000) * this.refillPerSecond >= this.capacity) this.buckets.delete(key);
  }
}

type AgentLimits = { perAgent: RequestLimit; perAddress: RequestLimit; perCode: RequestLimit };
const globalLimits = globalThis as unknown as { ledgerlinkAgentLimitsByCode?: AgentLimits };

/**
 * Per agent: bursts of 500 requests, 50 per second sustained — a busy sync costs two requests per command (lease,
 * result), so this stops a runaway agent without throttling a healthy one. Pairing per address: 20, then one every 3 s;
 * per code (guesses at one code, from any number of addresses): 10, then one a minute.
 */
export const agentRateLimits = (globalLimits.ledgerlinkAgentLimitsByCode ??= {
  perAgent: sharedTokenBucket("agent", 500, 50),
  perAddress: sharedTokenBucket("pair", 20, 1 / 3),
  perCode: sharedTokenBucket("pair-code", 10, 1 / 60),
});
