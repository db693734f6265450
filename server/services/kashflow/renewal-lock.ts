// Sign-ins and OAuth refreshes of one KashFlow connection, one app instance at a time: a Postgres advisory lock on
// a connection of its own (not the pool's, so the renewal may use the pool freely and a crash releases it), then
// the stored credentials re-read — whoever renewed first has stored the result the others use.
import pg from "pg";
import { AppError } from "@/lib/errors";
import { env } from "@/lib/env";
import { db } from "@/server/db";
import type { RenewalLock } from "@/server/integrations/kashflow";
import { openCredentials } from "./connection-secrets";

// Longer than a token request with its retries; a renewal stuck behind this is retried by the run.
const LOCK_TIMEOUT_MS = 120_000;

export function connectionRenewalLock(companyId: string): RenewalLock {
  return async (renew) => {
    const client = new pg.Client({ connectionString: env().DATABASE_URL });
    // A dropped connection ends the lock; the renewal's own outcome is what the caller sees.
    client.on("error", () => undefined);
    await client.connect();
    try {
      await client.query(`SET lock_timeout = ${LOCK_TIMEOUT_MS}`);
      try {
        await client.query("SELECT pg_advisory_lock(hashtextextended($1, 0))", [`kashflow-renewal|${companyId}`]);
      } catch (error) {
        throw new AppError(
          "UPSTREAM",
          "Another Ledgerlink server is still signing in to KashFlow for this company; we will try again shortly.",
          {
            retryClass: "TRANSIENT",
            reason: "RenewalBusy",
            cause: error,
          },
        );
      }
      const row = await db.kashflowConnection.findUnique({
        where: { companyId },
        select: { secrets: true, username: true },
      });
      // The lock ends with the session below, released even when renew throws.
      return await renew(row ? openCredentials(row) : null);
    } finally {
      await client.end().catch(() => undefined);
    }
  };
}
