// A KashFlow account's request budget shared by every app instance, as the client sees it. The client only knows
// this interface; the server injects a Postgres-backed budget (server/services/kashflow/shared-budget.ts), so N
// instances together keep to one account's limit. Clients built without one use the in-process limiter instead.
import PQueue from "p-queue";

import { AppError } from "@/lib/errors";
import { NO_TIMEOUT, type RateLimitConfig, type RateLimitStats, type RequestGate } from "./rate-limit";

/**
 * GCRA (a token bucket in its "virtual scheduling" form): one request per `intervalMs` sustained, `toleranceMs` of
 * burst. A taker may be scheduled up to `maxWaitMs` ahead (its turn is reserved, so takers are served in order).
 */
export type BucketRule = { intervalMs: number; toleranceMs: number; maxWaitMs: number };

export type BudgetTake = { ok: true } | { ok: false; retryAfterMs: number };

export interface RequestBudget {
  /** Resolves when this account may send one request now, or — when that is more than rule.maxWaitMs away — says when. */
  take(accountKey: string, rule: BucketRule): Promise<BudgetTake>;
  /** KashFlow answered 429 + Retry-After: no instance sends a request of this account before then. */
  pause(accountKey: string, ms: number): Promise<void>;
}

export type BudgetLimits = RateLimitConfig & {
  /** A wait for budget longer than this is not waited out: BudgetSpent goes back to the caller with retryAfterMs. */
  maxWaitMs: number;
  /** Time from a reserved turn to KashFlow receiving the request (database round trip, timer lag, TLS). */
  reachMs: number;
};

/**
 * The bucket for "at most N requests in any window of W, wherever it starts": with burst B, any span of length L
 * holds at most B + floor(L / interval) turns, so interval = (W + margin) / (N − B) keeps every window at N.
 */
export function bucketRuleFor(l: BudgetLimits): BucketRule | null {
  const n = l.requestsPerWindow;
  if (!Number.isFinite(n) || n <= 0) return null;
  const span = l.windowMs + l.windowMarginMs + l.reachMs;
  if (n < 2) return { intervalMs: span + 1, toleranceMs: 0, maxWaitMs: l.maxWaitMs };
  // Up to a tenth of the budget at once, never more than the requests that may be in flight together.
  const burst = Math.max(1, Math.min(l.maxConcurrent, Math.floor(n / 10), n - 1));
  const intervalMs = span / (n - burst);
  return { intervalMs, toleranceMs: (burst - 1) * intervalMs, maxWaitMs: l.maxWaitMs };
}

/** One GCRA decision: when the taker may go (start) and the bucket's next state, or how long until it may. */
export function gcraTake(
  state: { tatMs: number; pausedUntilMs: number },
  nowMs: number,
  rule: BucketRule,
): { ok: true; startMs: number; tatMs: number } | { ok: false; retryAfterMs: number } {
  const base = Math.max(nowMs, state.pausedUntilMs);
  const startMs = Math.max(base, state.tatMs - rule.toleranceMs);
  if (startMs - nowMs > rule.maxWaitMs) return { ok: false, retryAfterMs: Math.ceil(startMs - nowMs) };
  return { ok: true, startMs, tatMs: Math.max(state.tatMs, base) + rule.intervalMs };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The same budget in this process only (unit tests of the client's behaviour around a shared budget). */
export function memoryRequestBudget(
  now: () => number = Date.now,
): RequestBudget & { states: Map<string, { tatMs: number; pausedUntilMs: number }> } {
  const states = new Map<string, { tatMs: number; pausedUntilMs: number }>();
  return {
    states,
    async take(accountKey, rule) {
      const state = states.get(accountKey) ?? { tatMs: 0, pausedUntilMs: 0 };
      const at = now();
      const decision = gcraTake(state, at, rule);
      if (!decision.ok) return decision;
      states.set(accountKey, { ...state, tatMs: decision.tatMs });
      if (decision.startMs > at) await sleep(decision.startMs - at);
      return { ok: true };
    },
    async pause(accountKey, ms) {
      const state = states.get(accountKey) ?? { tatMs: 0, pausedUntilMs: 0 };
      states.set(accountKey, { ...state, pausedUntilMs: Math.max(state.pausedUntilMs, now() + ms) });
    },
  };
}

/** The error a run gets instead of waiting long for budget; the runner parks the run until retryAfterMs. */
export function budgetSpent(retryAfterMs: number): AppError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new AppError(
    "RATE_LIMITED",
    `This KashFlow account's request budget is used up for now; we will carry on in about ${seconds} second${seconds === 1 ? "" : "s"}.`,
    {
      retryClass: "RATE_LIMITED",
      reason: "BudgetSpent",
      retryAfterMs,
    },
  );
}

/**
 * The account's requests from this process: a concurrency cap here (in-flight requests per instance), the budget
 * from the shared store. A 429's Retry-After pauses this process at once and every instance through the store.
 */
export class BudgetedLimiter implements RequestGate {
  private readonly queue: PQueue;
  private config: BudgetLimits;
  private pausedUntil = 0;
  readonly stats: RateLimitStats = { started: 0, finished: 0, pausedForMs: 0 };

  constructor(
    readonly accountKey: string,
    config: BudgetLimits,
    private readonly budget: RequestBudget,
  ) {
    this.config = config;
    this.queue = new PQueue({ concurrency: config.maxConcurrent });
  }

  get limits(): BudgetLimits {
    return this.config;
  }

  schedule<T>(fn: () => Promise<T>): Promise<T> {
    return this.queue.add(async () => {
      await this.waitWhilePaused();
      const rule = bucketRuleFor(this.config);
      if (rule) {
        const taken = await this.budget.take(this.accountKey, rule);
        if (!taken.ok) throw budgetSpent(taken.retryAfterMs);
      }
      this.stats.started += 1;
      try {
        return await fn();
      } finally {
        this.stats.finished += 1;
      }
    }, NO_TIMEOUT);
  }

  pause(ms: number): void {
    const until = Date.now() + ms;
    if (until > this.pausedUntil) this.pausedUntil = until;
    // Recording the pause must never fail the call that met the 429; this process already holds off.
    void this.budget.pause(this.accountKey, ms).catch(() => undefined);
  }

  reconfigure(next: BudgetLimits): void {
    if (next.maxConcurrent !== this.config.maxConcurrent) this.queue.concurrency = next.maxConcurrent;
    this.config = next;
  }

  private async waitWhilePaused(): Promise<void> {
    for (let wait = this.pausedUntil - Date.now(); wait > 0; wait = this.pausedUntil - Date.now()) {
      this.stats.pausedForMs += wait;
      await sleep(wait);
    }
  }
}

// Per budget, then per account: every client of an account in this process shares one concurrency cap.
const budgeted = new Map<RequestBudget, Map<string, BudgetedLimiter>>();

/** The account's limiter over a shared budget in this process, created on first use (the newest limits win). */
export function budgetedLimiterFor(accountKey: string, config: BudgetLimits, budget: RequestBudget): BudgetedLimiter {
  let accounts = budgeted.get(budget);
  if (!accounts) budgeted.set(budget, (accounts = new Map()));
  let limiter = accounts.get(accountKey);
  if (!limiter) {
    limiter = new BudgetedLimiter(accountKey, config, budget);
    accounts.set(accountKey, limiter);
  } else {
    limiter.reconfigure(config);
  }
  return limiter;
}

/** Forget every budgeted limiter of this process (tests). */
export function resetBudgetedLimiters(): void {
  budgeted.clear();
}
