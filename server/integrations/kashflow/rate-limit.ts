// One limiter per KashFlow account in this process, shared by every client (and job) using that accountKey — for
// clients built without a shared budget (tests, benchmarks); the app injects one (request-budget.ts).
//
// A request takes a lease when it starts and gives it back one window after it *finishes*. So no window of the
// server's clock, wherever it starts, can see more than `requestsPerWindow` requests from us — whatever the
// network or event-loop delays — and we never need to know where KashFlow's windows begin.
import PQueue from "p-queue";

/** p-queue's typing: a job with no queue timeout always resolves with its own result. */
export const NO_TIMEOUT = { throwOnTimeout: true } as const;

export type RateLimitConfig = {
  /** 0 or Infinity = no request budget (only the concurrency limit). */
  requestsPerWindow: number;
  windowMs: number;
  maxConcurrent: number;
  windowMarginMs: number;
};

export type RateLimitStats = { started: number; finished: number; pausedForMs: number };

/** What the HTTP pipeline needs from a limiter: this in-process one, or one over a shared budget (request-budget.ts). */
export interface RequestGate {
  readonly accountKey: string;
  readonly stats: RateLimitStats;
  /** Runs fn when the account may send a request; may throw RATE_LIMITED "BudgetSpent" instead of waiting long. */
  schedule<T>(fn: () => Promise<T>): Promise<T>;
  /** KashFlow said 429 + Retry-After: hold off every request of the account until then. */
  pause(ms: number): void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Request leases of the account's window: taken in order, given back later; may run below zero after a cut. */
class Reservoir {
  private readonly waiters: (() => void)[] = [];
  constructor(private tokens: number) {}

  take(): Promise<void> | undefined {
    if (this.tokens > 0 && this.waiters.length === 0) {
      this.tokens -= 1;
      return undefined;
    }
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  give(n: number): void {
    this.tokens += n;
    while (this.tokens > 0 && this.waiters.length > 0) {
      this.tokens -= 1;
      this.waiters.shift()!();
    }
  }
}

export class AccountLimiter implements RequestGate {
  // p-queue, not Bottleneck: a KashFlow read is a fraction of a millisecond of CPU, Bottleneck's scheduling was more.
  private readonly queue: PQueue;
  private reservoir: Reservoir | null;
  private config: RateLimitConfig;
  private pausedUntil = 0;
  readonly stats: RateLimitStats = { started: 0, finished: 0, pausedForMs: 0 };

  constructor(
    readonly accountKey: string,
    config: RateLimitConfig,
  ) {
    this.config = config;
    this.queue = new PQueue({ concurrency: config.maxConcurrent });
    this.reservoir = budgeted(config) ? new Reservoir(config.requestsPerWindow) : null;
  }

  /** Runs fn when the account has a free lease and a free concurrency slot, after any Retry-After pause. */
  schedule<T>(fn: () => Promise<T>): Promise<T> {
    return this.queue.add(async () => {
      await this.reservoir?.take();
      await this.waitWhilePaused();
      this.stats.started += 1;
      try {
        return await fn();
      } finally {
        this.stats.finished += 1;
        this.returnLeaseLater();
      }
    }, NO_TIMEOUT);
  }

  /** KashFlow said 429 + Retry-After: every request of this account holds off until then. */
  pause(ms: number): void {
    const until = Date.now() + ms;
    if (until > this.pausedUntil) this.pausedUntil = until;
  }

  /** A later client of the same account may bring other limits: the newest configuration wins. */
  reconfigure(next: RateLimitConfig): void {
    const prev = this.config;
    if (sameConfig(prev, next)) return;
    this.config = next;
    this.queue.concurrency = next.maxConcurrent;
    if (budgeted(prev) && budgeted(next)) this.reservoir?.give(next.requestsPerWindow - prev.requestsPerWindow);
    else this.reservoir = budgeted(next) ? new Reservoir(next.requestsPerWindow) : null;
  }

  get limits(): RateLimitConfig {
    return this.config;
  }

  private async waitWhilePaused(): Promise<void> {
    for (let wait = this.pausedUntil - Date.now(); wait > 0; wait = this.pausedUntil - Date.now()) {
      this.stats.pausedForMs += wait;
      await sleep(wait);
    }
  }

  private returnLeaseLater(): void {
    const reservoir = this.reservoir;
    if (!reservoir) return;
    const timer = setTimeout(() => reservoir.give(1), this.config.windowMs + this.config.windowMarginMs);
    // A pending lease must not keep a finished script alive.
    timer.unref?.();
  }
}

const budgeted = (c: RateLimitConfig) => Number.isFinite(c.requestsPerWindow) && c.requestsPerWindow > 0;
const sameConfig = (a: RateLimitConfig, b: RateLimitConfig) =>
  a.requestsPerWindow === b.requestsPerWindow &&
  a.windowMs === b.windowMs &&
  a.maxConcurrent === b.maxConcurrent &&
  a.windowMarginMs === b.windowMarginMs;

const limiters = new Map<string, AccountLimiter>();

/** The account's limiter, created on first use. */
export function limiterFor(accountKey: string, config: RateLimitConfig): AccountLimiter {
  let limiter = limiters.get(accountKey);
  if (!limiter) {
    limiter = new AccountLimiter(accountKey, config);
    limiters.set(accountKey, limiter);
  } else {
    limiter.reconfigure(config);
  }
  return limiter;
}

/** Forget every account limiter (tests and benchmarks that reuse account keys). */
export function resetRateLimiters(): void {
  limiters.clear();
}
