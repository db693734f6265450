// The buckets' own small pg pool: a take is on the path of every KashFlow and agent request, and a prepared statement
// over plain pg costs ~0.13 ms of CPU against ~0.9 ms through Prisma's raw queries (measured; see the bucket test).
import pg from "pg";
import { env } from "@/lib/env";

export type BucketQuery = (name: string, text: string, values: unknown[]) => Promise<Record<string, unknown>[]>;

// Next.js dev reloads modules; keep one pool per process.
const globalForPool = globalThis as unknown as { ledgerlinkBucketPool?: pg.Pool };

function pool(): pg.Pool {
  if (!globalForPool.ledgerlinkBucketPool) {
    const created = new pg.Pool({
      connectionString: env().DATABASE_URL,
      max: 4,
      idleTimeoutMillis: 10_000,
      allowExitOnIdle: true,
    });
    // An idle connection the server dropped is replaced on the next query; the error must not end the process.
    created.on("error", () => undefined);
    globalForPool.ledgerlinkBucketPool = created;
  }
  return globalForPool.ledgerlinkBucketPool;
}

/** Runs one named (prepared once per connection) statement and returns its rows. */
export const bucketQuery: BucketQuery = async (name, text, values) =>
  (await pool().query({ name, text, values })).rows as Record<string, unknown>[];
