// One flow run for one company, each stage a durable step. One run per company and flow at a time (concurrency
// key), KashFlow calls throttled per KashFlow account, retried with backoff; a run that never succeeds alerts.
import { addCounts, stageAcquire, stageDetect, stageFailed, stageLoadBatch, stagePropagate, stageRelease } from "@/server/sync/engine/stages";
import { alertFlowFailed } from "@/server/sync/alerts";
import { inngest } from "./client";
import { FLOW_RUN, flowRunData } from "./events";

const MAX_BATCHES = 500;

/** After the last retry: the run ends as failed (lease freed, counted, alerts reconciled) and is announced. */
export async function onSyncFlowFailed(eventData: unknown, error: { message: string }): Promise<void> {
  const data = flowRunData.parse(eventData);
  await stageFailed(data.companyId, data.flowId, error.message);
  await alertFlowFailed({ companyId: data.companyId, flowId: data.flowId, error: error.message });
}

export const syncFlow = inngest.createFunction(
  {
    id: "sync-flow",
    triggers: [{ event: FLOW_RUN }],
    retries: 4,
    // One run per company and flow; at most two of a company's flows at once (as the in-process runner's cap).
    concurrency: [{ key: "event.data.companyId + ':' + event.data.flowId", limit: 1 }, { key: "event.data.companyId", limit: 2 }],
    throttle: { key: "event.data.kashflowAccountKey", limit: 30, period: "1m", burst: 5 },
    onFailure: ({ event, error }) => onSyncFlowFailed(event.data.event.data, error),
  },
  async ({ event, step }) => {
    const { companyId, flowId } = flowRunData.parse(event.data);
    const owner = await step.run("acquire-lease", () => stageAcquire(companyId, flowId));
    if (!owner) return { ran: false as const };
    // Step results are memoized and replayed on every invocation: copy before adding to them.
    const detected = await step.run("detect", () => stageDetect(companyId, flowId, owner));
    // The KashFlow budget ran out: the stage parked the run (lease freed); the next cron or event brings it back.
    if ("parkedUntil" in detected) return { ran: true as const, parkedUntil: detected.parkedUntil };
    const counts = { ...detected };
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const loaded = await step.run(`load-${batch}`, () => stageLoadBatch(companyId, flowId, owner, batch));
      if (loaded.parkedUntil) return { ran: true as const, parkedUntil: loaded.parkedUntil };
      addCounts(counts, loaded.counts);
      if (loaded.handled === 0) break;
    }
    const propagated = await step.run("propagate", () => stagePropagate(companyId, flowId, owner));
    if (propagated) return { ran: true as const, parkedUntil: propagated.parkedUntil };
    await step.run("release-lease", () => stageRelease(companyId, flowId, owner, counts));
    return { ran: true as const, counts };
  },
);
