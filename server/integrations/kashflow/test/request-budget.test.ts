// The request budget as the client sees it: the bucket derived from "N requests per window" never lets N + 1 turns
// into any window, and a client over a budget stops with BudgetSpent instead of waiting long or retrying, and tells
// the budget about a 429's Retry-After.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { bucketRuleFor, gcraTake, memoryRequestBudget, type BucketRule, type RequestBudget } from "../request-budget";
import { createAccount, failure, makeClient, startSandbox, type Harness } from "./harness";

/** Turns handed out to takers arriving every `gapMs` (all waiting their turn), on a simulated clock. */
function simulate(rule: BucketRule, takers: number, gapMs: number): number[] {
  let state = { tatMs: 0, pausedUntilMs: 0 };
  const starts: number[] = [];
  for (let i = 0; i < takers; i++) {
    const d = gcraTake(state, 1_000 + i * gapMs, rule);
    if (!d.ok) throw new Error("refused");
    state = { ...state, tatMs: d.tatMs };
    starts.push(d.startMs);
  }
  return starts;
}

const busiest = (starts: number[], spanMs: number) => {
  let most = 0;
  for (let i = 0, j = 0; j < starts.length; j++) {
    while (starts[j]! - starts[i]! > spanMs) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
};

describe("request budget rule", () => {
  for (const [n, windowMs, maxConcurrent] of [
    [1, 1_000, 6],
    [2, 1_000, 6],
    [10, 2_000, 4],
    [20, 1_000, 8],
    [300, 60_000, 6],
  ] as const) {
    it(`${n} per ${windowMs} ms: no span of window + margins holds more than ${n} turns, and the rate stays close to it`, () => {
      const l = {
        requestsPerWindow: n,
        windowMs,
        maxConcurrent,
        windowMarginMs: 50,
        reachMs: 250,
        maxWaitMs: Number.POSITIVE_INFINITY,
      };
      const rule = bucketRuleFor(l);
      expect(rule).not.toBeNull();
      if (!rule) return;
      for (const gap of [0, 1, rule.intervalMs / 3, rule.intervalMs * 2]) {
        const starts = simulate(rule, n * 5, gap);
        // A closed span: a turn at each end counts.
        expect(busiest(starts, windowMs + l.windowMarginMs + l.reachMs)).toBeLessThanOrEqual(n);
      }
      // Flat out, turns come at the sustained rate: within the margins' share of the limit.
      const starts = simulate(rule, n * 5, 0);
      const rate = (starts.length - 1) / (starts.at(-1)! - starts[0]!);
      expect(rate).toBeGreaterThan((n / windowMs) * (n < 10 ? 0.35 : 0.65));
    });
  }

  it("no budget (0 or Infinity) means no bucket at all", () => {
    const base = { windowMs: 60_000, maxConcurrent: 6, windowMarginMs: 50, reachMs: 250, maxWaitMs: 5_000 };
    expect(bucketRuleFor({ ...base, requestsPerWindow: 0 })).toBeNull();
    expect(bucketRuleFor({ ...base, requestsPerWindow: Number.POSITIVE_INFINITY })).toBeNull();
  });

  it("a pause holds every turn until it ends; a turn further away than allowed is refused and reserves nothing", () => {
    const rule = { intervalMs: 100, toleranceMs: 0, maxWaitMs: 150 };
    const paused = gcraTake({ tatMs: 0, pausedUntilMs: 5_000 }, 1_000, { ...rule, maxWaitMs: 10_000 });
    expect(paused).toMatchObject({ ok: true, startMs: 5_000, tatMs: 5_100 });
    expect(gcraTake({ tatMs: 1_300, pausedUntilMs: 0 }, 1_000, rule)).toEqual({ ok: false, retryAfterMs: 300 });
  });
});

describe("a client over a request budget", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startSandbox();
  });
  afterAll(async () => {
    await h.close();
  });

  it("throws BudgetSpent at once when its turn is further away than maxBudgetWaitMs, and does not retry it", async () => {
    const acc = await createAccount(h, { DataSet: "empty" });
    const budget = memoryRequestBudget();
    let takes = 0;
    const counted: RequestBudget = {
      take: (k, r) => (takes++, budget.take(k, r)),
      pause: (k, ms) => budget.pause(k, ms),
    };
    const { SessionToken } = await h.admin<{ SessionToken: string }>("POST", `/accounts/${acc.AccountId}/sessions`);
    const { client, calls } = makeClient(h, acc, {
      budget: counted,
      credentials: {
        method: "SESSION_TOKEN",
        username: acc.UserName,
        password: acc.Password,
        memorableWord: acc.MemorableWord,
        sessionToken: SessionToken,
      },
      limits: { requestsPerWindow: 3, windowMs: 5_000, maxBudgetWaitMs: 200, maxRetries: 3 },
    });
    await client.metadata();
    const error = await failure(client.metadata());
    expect(isAppError(error) && error.reason).toBe("BudgetSpent");
    expect(error.retryAfterMs).toBeGreaterThan(2_000);
    expect(takes).toBe(2);
    expect(calls.filter((c) => c.path.endsWith("/metadata"))).toHaveLength(1);
  });

  it("tells the budget when KashFlow answers 429 with Retry-After", async () => {
    const acc = await createAccount(h, { DataSet: "empty" });
    await h.admin("POST", `/accounts/${acc.AccountId}/faults`, {
      Kind: "rateLimit",
      Limit: 1,
      WindowSeconds: 60,
      RetryAfterSeconds: 1,
      Times: 1,
    });
    const budget = memoryRequestBudget();
    const { SessionToken } = await h.admin<{ SessionToken: string }>("POST", `/accounts/${acc.AccountId}/sessions`);
    const { client } = makeClient(h, acc, {
      budget,
      credentials: {
        method: "SESSION_TOKEN",
        username: acc.UserName,
        password: acc.Password,
        memorableWord: acc.MemorableWord,
        sessionToken: SessionToken,
      },
      limits: { requestsPerWindow: 100, windowMs: 1_000 },
    });
    await client.metadata();
    const before = Date.now();
    await client.metadata();
    expect(Date.now() - before).toBeGreaterThanOrEqual(950);
    expect(budget.states.get(acc.AccountId)?.pausedUntilMs).toBeGreaterThanOrEqual(before + 900);
  });
});
