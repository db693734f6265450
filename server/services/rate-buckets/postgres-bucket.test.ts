// The shared bucket on a real Postgres: bursts up to its capacity, refills with time, hands concurrent takers
// distinct turns in order, honours a pause, and costs one statement per granted take.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { bucketQuery } from "./bucket-pool";
import { pauseBucket, takeFromBucket, type BucketQuery } from "./postgres-bucket";

const key = () => `test|${randomUUID()}`;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The buckets' queries, counted. */
function counting(): BucketQuery & { statements: number } {
  const query = Object.assign(
    (name: string, text: string, values: unknown[]) => {
      query.statements += 1;
      return bucketQuery(name, text, values);
    },
    { statements: 0 },
  );
  return query;
}

describe("shared rate bucket (Postgres)", () => {
  it("grants its burst at once, refuses the next with the time until a token returns, and refills with time", async () => {
    const k = key();
    // Capacity 3, one token every 200 ms.
    const rule = { intervalMs: 200, toleranceMs: 400, maxWaitMs: 0 };
    const started = Date.now();
    const burst = [await takeFromBucket(k, rule), await takeFromBucket(k, rule), await takeFromBucket(k, rule)];
    expect(burst).toEqual(Array(3).fill({ ok: true, waitMs: 0 }));
    const refused = await takeFromBucket(k, rule);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    // A token returns 200 ms after the burst began: less the time the takes themselves took.
    expect(refused.retryAfterMs).toBeGreaterThan(200 - (Date.now() - started) - 50);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(200);
    await sleep(refused.retryAfterMs + 10);
    expect(await takeFromBucket(k, rule)).toEqual({ ok: true, waitMs: 0 });
    expect((await takeFromBucket(k, rule)).ok).toBe(false);
  });

  it("many takers at once (Promise.all) get distinct turns, one interval apart beyond the burst, none lost", async () => {
    const k = key();
    // Capacity 3, one token every 50 ms; the bucket exists and is spent before the crowd arrives.
    const rule = { intervalMs: 50, toleranceMs: 100, maxWaitMs: 60_000 };
    for (let i = 0; i < 3; i++) await takeFromBucket(k, rule);
    const t0 = Date.now();
    const starts = await Promise.all(
      Array.from({ length: 40 }, async () => {
        const g = await takeFromBucket(k, rule);
        if (!g.ok) throw new Error("refused");
        return Date.now() + g.waitMs;
      }),
    );
    starts.sort((a, b) => a - b);
    // GCRA: n + 1 consecutive turns span at least n intervals minus the burst's tolerance (jitter of the answers: 25 ms).
    for (let i = 0; i + 3 < starts.length; i++)
      expect(starts[i + 3]! - starts[i]!).toBeGreaterThanOrEqual(3 * 50 - 100 - 25);
    for (let i = 0; i + 10 < starts.length; i++)
      expect(starts[i + 10]! - starts[i]!).toBeGreaterThanOrEqual(10 * 50 - 100 - 25);
    // Nothing given twice, nothing lost: 40 more turns take about 40 intervals.
    expect(starts.at(-1)! - t0).toBeGreaterThan(40 * 50 - 100 - 200);
    expect(starts.at(-1)! - t0).toBeLessThan(40 * 50 + 300);
  });

  it("a take that would wait longer than allowed reserves nothing and says when the budget returns", async () => {
    const k = key();
    // Seconds, not milliseconds: a slow moment between the takes must not move a turn across the limit.
    const rule = { intervalMs: 10_000, toleranceMs: 0, maxWaitMs: 25_000 };
    const grants = [];
    for (let i = 0; i < 5; i++) grants.push(await takeFromBucket(k, rule));
    // Turns at 0, 10 and 20 s (within 25 s); the 4th would wait ~30 s: refused, and the 5th is refused the same.
    expect(grants.slice(0, 3).every((g) => g.ok)).toBe(true);
    expect(grants.slice(3).map((g) => g.ok)).toEqual([false, false]);
    const last = grants[4];
    if (!last || last.ok) return;
    expect(last.retryAfterMs).toBeGreaterThan(25_000);
    expect(last.retryAfterMs).toBeLessThanOrEqual(30_000);
  });

  it("a pause (429 + Retry-After) holds every taker until it ends", async () => {
    const k = key();
    const rule = { intervalMs: 10, toleranceMs: 1_000, maxWaitMs: 5_000 };
    expect(await takeFromBucket(k, rule)).toEqual({ ok: true, waitMs: 0 });
    const paused = Date.now();
    await pauseBucket(k, 600);
    const after = await takeFromBucket(k, rule);
    expect(after.ok).toBe(true);
    if (after.ok) expect(after.waitMs).toBeGreaterThan(600 - (Date.now() - paused) - 50);
    expect((await takeFromBucket(k, { ...rule, maxWaitMs: 100 })).ok).toBe(false);
  });

  it("costs one statement per granted take (two more only on a bucket's first take or a refusal)", async () => {
    const k = key();
    const query = counting();
    const rule = { intervalMs: 1, toleranceMs: 10_000, maxWaitMs: 0 };
    await takeFromBucket(k, rule, query);
    const first = query.statements;
    query.statements = 0;
    const started = performance.now();
    for (let i = 0; i < 200; i++) await takeFromBucket(k, rule, query);
    const perTakeMs = (performance.now() - started) / 200;
    expect(first).toBeLessThanOrEqual(5);
    expect(query.statements).toBe(200);
    // Printed for the report: the cost of a take on this machine.
    console.log(`[rate-bucket] one statement per take, ${perTakeMs.toFixed(2)} ms per take (sequential, 200 takes)`);
  });
});
