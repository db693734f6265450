// The stages of a flow run as functions of (company, flow) alone, so Inngest can run each as its own step
// (their results are plain JSON) and the in-process runner can call them in a loop. All are safe to repeat.
import { nextRunAt, parkIfBudgetSpent } from "./next-run";
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

/** The KashFlow budget ran out during a stage: the lease is freed and the run comes back then (the function ends). */
export type Parked = { parkedUntil: string };

async function orPark<T>(companyId: string, flowId: string, owner: string, counts: RunCounts, fn: () => Promise<T>): Promise<T | Parked> {
  try {
    return await fn();
  } catch (error) {
    const parked = await parkIfBudgetSpent(companyId, flowId, owner, error, counts);
    if (parked) return parked;
    throw error;
  }
}

export async function stageAcquire(companyId: string, flowId: string): Promise<string | null> {
  return acquireFlowLease(companyId, flowId);
}

export async function stageDetect(companyId: string, flowId: string, owner: string): Promise<RunCounts | Parked> {
  const counts = emptyCounts();
  await saveProgress(companyId, flowId, owner, { stage: "detect" });
  return orPark(companyId, flowId, owner, counts, async () => {
    await detectStage(startFlowRun(await buildFlowContext(companyId, flowId)), flowOf(flowId), counts);
    return counts;
  });
}

export async function stageLoadBatch(companyId: string, flowId: string, owner: string, batch: number): Promise<{ handled: number; counts: RunCounts; parkedUntil?: string }> {
  const counts = emptyCounts();
  const ctx = startFlowRun(await buildFlowContext(companyId, flowId));
  // A company in set-up writes nothing: its load stage has nothing to do.
  if (ctx.mode !== "live") return { handled: 0, counts };
  await saveProgress(companyId, flowId, owner, { stage: "load", cursor: { batch } });
  const handled = await orPark(companyId, flowId, owner, counts, () => loadBatch(ctx, flowOf(flowId), counts));
  return typeof handled === "number" ? { handled, counts } : { handled: 0, counts, ...handled };
}

export async function stagePropagate(companyId: string, flowId: string, owner: string): Promise<Parked | null> {
  const flow = flowOf(flowId);
  if (!flow.propagate) return null;
  const ctx = startFlowRun(await buildFlowContext(companyId, flowId));
  if (ctx.mode !== "live") return null;
  await saveProgress(companyId, flowId, owner, { stage: "propagate" });
  return orPark(companyId, flowId, owner, emptyCounts(), async () => (await flow.propagate!(ctx), null));
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
