// The stages of a flow run as functions of (company, flow) alone, so Inngest can run each as its own step
// (their results are plain JSON) and the in-process runner can call them in a loop. All are safe to repeat.
import { nextRunAt } from "./next-run";
import { buildFlowContext } from "./context";
import { startFlowRun } from "./flow-run";
import { acquireFlowLease, endFailedRun, releaseFlowLease, saveProgress } from "./flow-lease";
import { detectStage, emptyCounts, loadBatch, type RunCounts } from "./run-flow";
import { flowById } from "../flows";

function flowOf(flowId: string) {
  const flow = flowById(flowId);
  if (!flow) throw new Error(`Unknown flow ${flowId}`);
  return flow;
}

export async function stageAcquire(companyId: string, flowId: string): Promise<string | null> {
  return acquireFlowLease(companyId, flowId);
}

export async function stageDetect(companyId: string, flowId: string, owner: string): Promise<RunCounts> {
  const counts = emptyCounts();
  await saveProgress(companyId, flowId, owner, { stage: "detect" });
  await detectStage(startFlowRun(await buildFlowContext(companyId, flowId)), flowOf(flowId), counts);
  return counts;
}

export async function stageLoadBatch(companyId: string, flowId: string, owner: string, batch: number): Promise<{ handled: number; counts: RunCounts }> {
  const counts = emptyCounts();
  const ctx = startFlowRun(await buildFlowContext(companyId, flowId));
  // A company in set-up writes nothing: its load stage has nothing to do.
  if (ctx.mode !== "live") return { handled: 0, counts };
  await saveProgress(companyId, flowId, owner, { stage: "load", cursor: { batch } });
  const handled = await loadBatch(ctx, flowOf(flowId), counts);
  return { handled, counts };
}

export async function stagePropagate(companyId: string, flowId: string, owner: string): Promise<void> {
  const flow = flowOf(flowId);
  if (!flow.propagate) return;
  const ctx = startFlowRun(await buildFlowContext(companyId, flowId));
  if (ctx.mode !== "live") return;
  await saveProgress(companyId, flowId, owner, { stage: "propagate" });
  await flow.propagate(ctx);
}

export async function stageRelease(companyId: string, flowId: string, owner: string, counts: RunCounts, error?: string): Promise<void> {
  const ctx = await buildFlowContext(companyId, flowId);
  await releaseFlowLease(companyId, flowId, owner, { counts, error, nextRunAt: await nextRunAt(ctx, flowOf(flowId)) });
}

/** Inngest gave up on a run (its retries spent): it ends as a failed run, counted and alerted like any other. */
export async function stageFailed(companyId: string, flowId: string, error: string): Promise<void> {
  const ctx = await buildFlowContext(companyId, flowId);
  await endFailedRun(companyId, flowId, { error, nextRunAt: await nextRunAt(ctx, flowOf(flowId)) });
}

export function addCounts(into: RunCounts, more: RunCounts): RunCounts {
  for (const key of Object.keys(more) as (keyof RunCounts)[]) into[key] += more[key];
  return into;
}
