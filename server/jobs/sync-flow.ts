// One flow run (or a task's) for one company: the engine's run loop with each stage a durable step. One run per
// company and flow at a time (concurrency key), KashFlow calls throttled per KashFlow account, retried with backoff;
// a run that never succeeds ends as failed and alerts.
import { buildFlowContext } from "@/server/sync/engine/context";
import { NonRetriableError } from "inngest";
import { endRunFailed, isRunFailed, runLoop, runUnitById, type Step } from "@/server/sync/engine/run-loop";
import { alertFlowFailed } from "@/server/sync/alerts";
import { inngest } from "./client";
import { FLOW_RUN, flowRunData } from "./events";

/** After the last retry: the run ends as failed (lease freed, counted, alerts reconciled) and is announced. */
export async function onSyncFlowFailed(eventData: unknown, error: { message: string }): Promise<void> {
  const data = flowRunData.parse(eventData);
  await endRunFailed(data.companyId, data.flowId, error.message);
  await alertFlowFailed({ companyId: data.companyId, flowId: data.flowId, error: error.message });
}

export const syncFlow = inngest.createFunction(
  {
    id: "sync-flow",
    triggers: [{ event: FLOW_RUN }],
    retries: 4,
    // One run per company and flow; at most two of a company's flows at once (as the in-process runner's cap).
    concurrency: [
      { key: "event.data.companyId + ':' + event.data.flowId", limit: 1 },
      { key: "event.data.companyId", limit: 2 },
    ],
    throttle: { key: "event.data.kashflowAccountKey", limit: 30, period: "1m", burst: 5 },
    onFailure: ({ event, error }) => onSyncFlowFailed(event.data.event.data, error),
  },
  async ({ event, step }) => {
    const { companyId, flowId } = flowRunData.parse(event.data);
    // Step results come back as JSON (memoized and replayed on every invocation): the loop's are plain JSON already.
    const durable: Step = (name, fn) => step.run(name, fn) as Promise<never>;
    try {
      return await runLoop(runUnitById(flowId), {
        companyId,
        step: durable,
        context: () => buildFlowContext(companyId, flowId),
        onError: "throw",
      });
    } catch (error) {
      // Its last stages ran and one failed: a retry would only replay that; the run ends failed, the next one retries.
      if (isRunFailed(error)) throw new NonRetriableError(error.message, { cause: error });
      throw error;
    }
  },
);
