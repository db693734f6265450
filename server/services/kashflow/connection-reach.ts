// Whether a company's sync calls reach KashFlow at all. A call that fails before KashFlow answers (refused, reset,
// timed out) marks the connection failing — since the first failure of the streak, with the last one in a sentence —
// and any answer clears it; the health model reads it ("KashFlow cannot be reached since …"). Written only when the
// state changes (and a streak's last failure at most once a minute per client), never on every call.
import type { TransportObserver } from "@/server/integrations/kashflow";
import { db } from "@/server/db";

/** How often one client refreshes the last failure of a streak already recorded. */
export const FAILURE_REFRESH_MS = 60_000;

/** A failure before any answer: the streak starts now unless it already had. */
export async function recordUnreachable(companyId: string, o: { sentence: string; at: Date }): Promise<void> {
  await db.$executeRaw`
    UPDATE "KashflowConnection"
    SET "failingSince" = COALESCE("failingSince", ${o.at}), "lastFailureAt" = ${o.at}, "lastFailure" = ${o.sentence}, "updatedAt" = now()
    WHERE "companyId" = ${companyId}`;
}

/** An answer: the streak is over (the last failure stays, for the record). */
export async function recordReachable(companyId: string): Promise<void> {
  await db.kashflowConnection.updateMany({
    where: { companyId, failingSince: { not: null } },
    data: { failingSince: null },
  });
}

/** The observer a company's client reports to; `failing` is the connection's state when the client was built. */
export function reachRecorder(companyId: string, failing: boolean): TransportObserver {
  let lastWrite = 0;
  return {
    async onTransportFailure(f) {
      if (failing && Date.now() - lastWrite < FAILURE_REFRESH_MS) return;
      // Decided before the write: calls failing side by side record one streak, once.
      failing = true;
      lastWrite = Date.now();
      await recordUnreachable(companyId, { sentence: f.sentence, at: f.at });
    },
    async onAnswered() {
      if (!failing) return;
      failing = false;
      await recordReachable(companyId);
    },
  };
}
