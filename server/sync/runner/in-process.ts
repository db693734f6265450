// The embedded runner (no Inngest configured): many runs at once, taken round-robin across companies with a cap per
// company (fair-queue.ts); a tick every few seconds finds the due flows, and it wakes sooner for a flow falling due
// before the next tick, for a Sage 100 change batch or "Sync now" (wake.ts), and for a company whose run just ended.
// One run per company and flow at a time: the lease in SyncState guarantees it even across processes.
import { Cron } from "croner";
import { env } from "@/lib/env";
import { alertFlowFailed } from "../alerts";
import { findDueFlows, type UpcomingRun } from "./due-flows";
import { FairQueue, type QueuedRun } from "./fair-queue";
import { runCompanyFlow } from "./run-due";
import { onRunnerWake } from "./wake";
import { pickUpPreviews } from "@/server/services/preview/pick-up-previews";

export type InProcessRunner = {
  /** Stops looking for work; resolves once what was queued has run. */
  stop: () => Promise<void>;
  /** Finds the due flows (of these companies, or all) and starts what the limits allow; resolves once they are queued. */
  tick: (companyIds?: readonly string[]) => Promise<void>;
  /** Resolves when nothing runs and nothing waits. */
  idle: () => Promise<void>;
  /** Runs going now and waiting for a slot (benchmarks, diagnostics). */
  load: () => { running: number; queued: number };
};

export type InProcessRunnerOptions = {
  /** Seconds between ticks (1–59, default 5); 0 = no periodic tick, only wake-ups (tests). */
  everySeconds?: number;
  /** Only these companies (tests and benchmarks sharing a database); default every company. */
  companyIds?: readonly string[];
  /** Runs at once over all companies (env SYNC_RUNNER_CONCURRENCY, default 48): they wait on the network, not the CPU. */
  concurrency?: number;
  /** Runs at once per company (env SYNC_RUNNER_PER_COMPANY, default 2): its flows start in catalogue order. */
  perCompany?: number;
  log?: (line: string) => void;
};

/**
 * Runs at once by default: they spend most of their time waiting on KashFlow, the agent and Postgres, so on two
 * CPUs 48 keep the machine busy where 16 left it half idle (bench/many-tenants.ts).
 */
export const RUNNER_CONCURRENCY = 48;

/** A flow that crashed (not failed: threw past the engine) is left alone this long, so it cannot spin. */
const CRASH_PAUSE_MS = 30_000;

export function startInProcessRunner(o: InProcessRunnerOptions = {}): InProcessRunner {
  const log = o.log ?? ((line: string) => console.log(`[sync] ${line}`));
  const crashedUntil = new Map<string, number>();
  /** When each flow's last run here ended: a tick that read the ledger before that must not queue it again. */
  const endedAt = new Map<string, number>();
  let stopped = false;

  const run = async ({ companyId, flowId }: QueuedRun) => {
    try {
      const result = await runCompanyFlow(companyId, flowId);
      // Announced as under Inngest (audit log); the alert itself comes from the run's end (reconcile).
      if (result.error) await alertFlowFailed({ companyId, flowId, error: result.error });
      if (result.capped) log(`${flowId} for ${companyId} stopped at the batch cap; it is due again at once`);
    } catch (error) {
      crashedUntil.set(`${companyId}|${flowId}`, Date.now() + CRASH_PAUSE_MS);
      log(`${flowId} for ${companyId} crashed: ${error instanceof Error ? error.message : String(error)}`);
    }
    endedAt.set(`${companyId}|${flowId}`, Date.now());
    // What became due meanwhile (a change batch during the run, the company's next flow) starts now.
    if (!stopped) void tick([companyId]).catch((e: unknown) => log(`tick failed: ${String(e)}`));
  };
  const queue = new FairQueue({
    concurrency: o.concurrency ?? env().SYNC_RUNNER_CONCURRENCY ?? RUNNER_CONCURRENCY,
    perCompany: o.perCompany ?? env().SYNC_RUNNER_PER_COMPANY ?? 2,
    run,
  });

  // Flows falling due before the next tick: a timer for the soonest, which looks at those companies only.
  const alarms = new Map<string, number>();
  let alarm: NodeJS.Timeout | undefined;
  const everySeconds = o.everySeconds ?? 5;
  // Alarms cover what falls due before the next tick (without ticks: whatever is known, up to a day ahead).
  const horizonMs = everySeconds > 0 ? everySeconds * 1000 : 86_400_000;
  const arm = () => {
    clearTimeout(alarm);
    if (stopped || alarms.size === 0) return;
    const soonest = Math.min(...alarms.values());
    alarm = setTimeout(
      () => {
        const now = Date.now() + 50;
        const companies = [...alarms].filter(([, at]) => at <= now).map(([companyId]) => companyId);
        for (const companyId of companies) alarms.delete(companyId);
        if (companies.length) void tick(companies).catch((e: unknown) => log(`tick failed: ${String(e)}`));
        arm();
      },
      Math.max(0, soonest - Date.now()),
    );
    alarm.unref?.();
  };
  const remember = (upcoming: UpcomingRun[], companyIds?: readonly string[]) => {
    if (companyIds) for (const companyId of companyIds) alarms.delete(companyId);
    else alarms.clear();
    for (const u of upcoming) alarms.set(u.companyId, Math.min(alarms.get(u.companyId) ?? Infinity, u.at));
    arm();
  };

  const tick = async (only?: readonly string[]) => {
    if (stopped) return;
    const companyIds = only && o.companyIds ? only.filter((c) => o.companyIds!.includes(c)) : (only ?? o.companyIds);
    if (!only) pickUpPreviews(log);
    const now = new Date();
    const { due, upcoming } = await findDueFlows(now, { companyIds, horizonMs });
    if (stopped) return;
    const runnable = due.filter((d) => {
      const key = `${d.companyId}|${d.flowId}`;
      return (crashedUntil.get(key) ?? 0) <= now.getTime() && (endedAt.get(key) ?? 0) < now.getTime();
    });
    queue.replace(runnable, only ? companyIds : undefined);
    remember(upcoming, only ? companyIds : undefined);
  };

  const cron =
    everySeconds > 0
      ? new Cron(`*/${everySeconds} * * * * *`, { protect: true, catch: (e) => log(`tick failed: ${String(e)}`) }, () =>
          tick(),
        )
      : null;
  const unsubscribe = onRunnerWake(
    ({ companyId }) => void tick([companyId]).catch((e: unknown) => log(`tick failed: ${String(e)}`)),
  );
  return {
    tick,
    idle: () => queue.onIdle(),
    load: () => ({ running: queue.running, queued: queue.queued }),
    stop: async () => {
      stopped = true;
      cron?.stop();
      unsubscribe();
      clearTimeout(alarm);
      // What is already queued still runs (as before a stop); nothing new is looked for.
      await queue.onIdle();
    },
  };
}
