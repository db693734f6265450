// Retention under the in-process runner: every night at 03:17 (server time), the same pruneHistory the Inngest cron
// calls, through every company in one go (its batches pause between statements, so it never hogs the database).
import { Cron } from "croner";
import { describePrune, pruneHistory } from "@/server/sync/retention/prune-history";

export type RetentionTicker = { run: () => Promise<void>; stop: () => void };

export function startRetentionTicker(
  o: { log?: (line: string) => void; companyIds?: string[]; pauseMs?: number } = {},
): RetentionTicker {
  const log = o.log ?? ((line: string) => console.log(`[retention] ${line}`));
  const run = async () => {
    const summary = describePrune(
      await pruneHistory({ now: new Date(), companyIds: o.companyIds, pauseMs: o.pauseMs, log }),
    );
    if (summary) log(summary);
  };
  // `protect`: a long first prune is not overlapped by the next night's.
  const cron = new Cron(
    "0 17 3 * * *",
    { protect: true, catch: (e) => log(`prune failed: ${e instanceof Error ? e.message : String(e)}`) },
    run,
  );
  return { run, stop: () => cron.stop() };
}
