// The embedded runner (no Inngest configured): a tick every few seconds runs the due flows, a few at a time,
// one run per company and flow (the lease in SyncState guarantees it even across processes).
import { Cron } from "croner";
import PQueue from "p-queue";
import { alertFlowFailed } from "../alerts";
import { dueFlows } from "./due-flows";
import { runCompanyFlow } from "./run-due";
import { pickUpPreviews } from "@/server/services/preview/pick-up-previews";

export type InProcessRunner = { stop: () => Promise<void>; tick: () => Promise<void> };

export function startInProcessRunner(o: { everySeconds?: number; concurrency?: number; log?: (line: string) => void } = {}): InProcessRunner {
  const queue = new PQueue({ concurrency: o.concurrency ?? 2 });
  const running = new Set<string>();
  const log = o.log ?? ((line: string) => console.log(`[sync] ${line}`));
  const tick = async () => {
    pickUpPreviews(log);
    for (const { companyId, flowId } of await dueFlows()) {
      const key = `${companyId}|${flowId}`;
      if (running.has(key)) continue;
      running.add(key);
      void queue.add(async () => {
        try {
          const result = await runCompanyFlow(companyId, flowId);
          // Announced as under Inngest (audit log); the alert itself comes from the run's end (reconcile).
          if (result.error) await alertFlowFailed({ companyId, flowId, error: result.error });
        } catch (error) {
          log(`${flowId} for ${companyId} crashed: ${error instanceof Error ? error.message : String(error)}`);
        } finally {
          running.delete(key);
        }
      });
    }
  };
  const cron = new Cron(`*/${o.everySeconds ?? 5} * * * * *`, { protect: true, catch: (e) => log(`tick failed: ${String(e)}`) }, tick);
  return {
    tick,
    stop: async () => {
      cron.stop();
      await queue.onIdle();
    },
  };
}
