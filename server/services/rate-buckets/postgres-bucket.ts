// Request budgets shared by every app instance: one RateBucket row per key, taken with ONE statement per grant (an
// UPDATE that checks, reserves and answers the wait at once). GCRA on the database's clock, the same decision as
// gcraTake in server/integrations/kashflow/request-budget.ts; the row lock orders concurrent takers.
import type { BucketRule } from "@/server/integrations/kashflow";
import { bucketQuery, type BucketQuery } from "./bucket-pool";

export type { BucketRule, BucketQuery };

/** Granted: wait this long, then go (the turn is reserved). Refused: nothing reserved; try again in retryAfterMs. */
export type BucketGrant = { ok: true; waitMs: number } | { ok: false; retryAfterMs: number };

// A bucket untouched for a day is full again: its row can go (the next take recreates it as full).
const FORGET_AFTER_MS = 86_400_000;

const NOW_MS = "(extract(epoch FROM clock_timestamp()) * 1000)::float8";

// With the new tat, start = max(now, paused, tat − interval − tolerance): the turn this take reserved.
const TAKE = `UPDATE "RateBucket" AS b
   SET "tatMs" = GREATEST(b."tatMs", n.now, b."pausedUntilMs") + $2::float8
  FROM (SELECT ${NOW_MS} AS now) AS n
 WHERE b.key = $1 AND GREATEST(n.now, b."pausedUntilMs", b."tatMs" - $3::float8) - n.now <= $4::float8
RETURNING GREATEST(n.now, b."pausedUntilMs", b."tatMs" - $2::float8 - $3::float8) - n.now AS "waitMs"`;

const WAIT = `SELECT GREATEST(n.now, b."pausedUntilMs", b."tatMs" - $2::float8) - n.now AS "waitMs"
  FROM "RateBucket" AS b, (SELECT ${NOW_MS} AS now) AS n WHERE b.key = $1`;

const CREATE = `INSERT INTO "RateBucket" (key, "tatMs") VALUES ($1, ${NOW_MS}) ON CONFLICT (key) DO NOTHING`;

const FORGET = `DELETE FROM "RateBucket" WHERE key IN (
  SELECT key FROM "RateBucket" WHERE "tatMs" < ${NOW_MS} - $1::float8 AND "pausedUntilMs" < ${NOW_MS} - $1::float8 LIMIT 100)`;

const PAUSE = `INSERT INTO "RateBucket" (key, "tatMs", "pausedUntilMs") VALUES ($1, ${NOW_MS}, ${NOW_MS} + $2::float8)
  ON CONFLICT (key) DO UPDATE SET "pausedUntilMs" = GREATEST("RateBucket"."pausedUntilMs", EXCLUDED."pausedUntilMs")`;

/** Reserves the next turn of `key` when it is at most rule.maxWaitMs away. */
export async function takeFromBucket(
  key: string,
  rule: BucketRule,
  query: BucketQuery = bucketQuery,
): Promise<BucketGrant> {
  for (let attempt = 0; ; attempt++) {
    const [granted] = await query("rate_bucket_take", TAKE, [key, rule.intervalMs, rule.toleranceMs, rule.maxWaitMs]);
    if (granted) return { ok: true, waitMs: Math.max(0, Number(granted.waitMs)) };
    // Refused, or the bucket's first take: only here does a take cost more than one statement.
    const [state] = await query("rate_bucket_wait", WAIT, [key, rule.toleranceMs]);
    if (state) {
      const waitMs = Number(state.waitMs);
      // Another taker may have moved the bucket between the two statements; it was refused a moment ago.
      if (waitMs <= rule.maxWaitMs && attempt < 3) continue;
      return { ok: false, retryAfterMs: Math.max(1, Math.ceil(waitMs)) };
    }
    if (attempt >= 3) throw new Error(`rate bucket ${key} could not be created`);
    // A full bucket (its tat is now); also forgets a few nobody took from for a day (gone agents and addresses).
    await query("rate_bucket_create", CREATE, [key]);
    await query("rate_bucket_forget", FORGET, [FORGET_AFTER_MS]);
  }
}

/** No take of `key` is granted a turn before `ms` from now (KashFlow's 429 Retry-After), on every instance. */
export async function pauseBucket(key: string, ms: number, query: BucketQuery = bucketQuery): Promise<void> {
  await query("rate_bucket_pause", PAUSE, [key, ms]);
}
