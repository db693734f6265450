// A small in-memory token bucket per key (agent id, or client address for pairing). Per process: enough to stop a
// runaway or hostile agent from hammering one server; a shared store is not needed for that.
type Bucket = { tokens: number; updatedAt: number };

export class TokenBucket {
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
    for (const [key, b] of this.buckets) if (b.tokens + ((now - b.updatedAt) / 1000) * this.refillPerSecond >= this.capacity) this.buckets.delete(key);
  }
}

const globalLimits = globalThis as unknown as { ledgerlinkAgentLimits?: { perAgent: TokenBucket; perAddress: TokenBucket } };

/**
 * Per agent: bursts of 500 requests, 50 per second sustained — a busy sync costs two requests per command (lease,
 * result), so this stops a runaway agent without throttling a healthy one. Pairing per address: 20, then one every 3 s.
 */
export const agentRateLimits = (globalLimits.ledgerlinkAgentLimits ??= {
  perAgent: new TokenBucket(500, 50),
  perAddress: new TokenBucket(20, 1 / 3),
});
