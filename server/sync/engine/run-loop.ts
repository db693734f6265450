// One run of a flow (or of a task that runs on its own), written once for every runner: the lease, detect, load
// batches until nothing is due (or the batch cap), propagate, the tasks that end the flow's run, the release. Each
// stage is a `step`: Inngest passes its step.run (memoized and retried, so results are plain JSON and each load
// batch is a step of its own), the in-process runner a direct call. Every stage is safe to run again after a crash.
import { AppError } from "@/lib/errors";
import { scheduledById } from "../scheduled";
import { flowIntervalMs } from "../settings";
import { tasksAfter } from "../tasks";
import { buildFlowContext } from "./context";
import type { FlowContext, FlowDefinition } from "./flow";
import { acquireFlowLease, endFailedRun, releaseFlowLease, saveProgress } from "./flow-lease";
import { startFlowRun, type FlowRun } from "./flow-run";
import { nextRunAt, parkIfBudgetSpent } from "./next-run";
import { claimDue, detectStage, emptyCounts, loadBatch, type RunCounts } from "./run-flow";
import type { TaskDefinition } from "./task";

/** A named stage: Inngest's step.run (memoized, retried) or a direct call. Its result must be plain JSON. */
export type Step = <T>(name: string, fn: () => Promise<T>) => Promise<T>;
export const directStep: Step = (_name, fn) => fn();

/** Load batches in one run, under every runner (Inngest also bounds the steps of one function run). */
export const MAX_BATCHES = 500;

export type RunUnit = { kind: "flow"; flow: FlowDefinition } | { kind: "task"; task: TaskDefinition };

/**
 * `parkedUntil`: the KashFlow budget ran out; the run ended (not failed) and comes back then. `capped`: the run
 * stopped at the batch cap with records perhaps still due; it ended as a run and is due again at once.
 */
export type RunResult = { ran: boolean; counts: RunCounts; error?: string; parkedUntil?: string; capped?: boolean };

export type LoopOptions = {
  companyId: string;
  step: Step;
  /** The company's context for this run; opened once per process (under Inngest: per invocation). */
  context: () => Promise<FlowContext>;
  /**
   * "end": a failure ends the run as failed at once (the in-process runner). "throw": it is thrown from the step for
   * the runner to retry; the runner ends the run after its last try (Inngest's onFailure → endRunFailed).
   */
  onError: "end" | "throw";
  /** When the next run is due (tests); by default the unit's interval or its records' earliest retry. */
  nextRunAt?: Date;
  maxBatches?: number;
  /** Stages may run side by side (a runner calling them directly): a flow's loads then start while detect reads. */
  concurrentStages?: boolean;
};

type Parked = { parkedUntil: string; counts: RunCounts };
/** `failed`: a last stage (propagate, a task) that failed; the others still run, then the run fails with it. */
type StageDone = { counts: RunCounts; handled: number; live: boolean; failed?: string };

/** The run failed in a last stage after the others ran: thrown once they have, so a runner ends the run at once. */
export const RUN_FAILED = "RunFailed";
export const isRunFailed = (error: unknown): error is AppError =>
  error instanceof AppError && error.reason === RUN_FAILED;

const unitId = (unit: RunUnit) => (unit.kind === "flow" ? unit.flow.id : unit.task.id);
const messageOf = (error: unknown) =>
  error instanceof AppError || error instanceof Error ? error.message : String(error);

export function addCounts(into: RunCounts, more: RunCounts): RunCounts {
  for (const key of Object.keys(more) as (keyof RunCounts)[]) into[key] += more[key] ?? 0;
  return into;
}

/** When a unit runs next after a run that ended: its interval, or sooner for a flow whose records retry sooner. */
export async function nextRunFor(unit: RunUnit, ctx: Pick<FlowContext, "companyId" | "settings">): Promise<Date> {
  if (unit.kind === "flow") return nextRunAt(ctx, unit.flow);
  return new Date(Date.now() + flowIntervalMs(ctx.settings, unit.task.id));
}

export async function runLoop(unit: RunUnit, o: LoopOptions): Promise<RunResult> {
  const { companyId, step } = o;
  const id = unitId(unit);
  const counts = emptyCounts();
  const owner = await step("acquire-lease", () => acquireFlowLease(companyId, id));
  if (!owner) return { ran: false, counts };
  // Lookups and caches live as long as the FlowRun: the whole run in-process, one invocation under Inngest.
  let opened: Promise<FlowRun> | undefined;
  const open = () => (opened ??= o.context().then(startFlowRun));
  /** The counts of the stages under way, kept when one fails (they are in the ledger already). */
  const partials = new Set<RunCounts>();

  /**
   * A stage as a step: progress saved (the lease kept alive); a spent KashFlow budget parks the run, not fails it.
   * A last stage (`last`) that fails otherwise says so in its result, so the last stages after it still run.
   */
  const stage = (
    name: string,
    progress: { stage: string; cursor?: unknown },
    fn: (run: FlowRun, counts: RunCounts) => Promise<number | void>,
    last = false,
  ) =>
    step(name, async (): Promise<StageDone | Parked> => {
      await saveProgress(companyId, id, owner, progress);
      const stageCounts = emptyCounts();
      partials.add(stageCounts);
      try {
        const run = await open();
        const handled = (await fn(run, stageCounts)) ?? 0;
        partials.delete(stageCounts);
        return { counts: stageCounts, handled, live: run.mode === "live" };
      } catch (error) {
        const total = addCounts({ ...counts }, stageCounts);
        const parked = await parkIfBudgetSpent(companyId, id, owner, error, total);
        if (parked) {
          partials.delete(stageCounts);
          return { ...parked, counts: stageCounts };
        }
        if (last) {
          partials.delete(stageCounts);
          return { counts: stageCounts, handled: 0, live: true, failed: messageOf(error) };
        }
        throw error;
      }
    });
  let failed: string | undefined;
  const done = (result: StageDone | Parked): result is StageDone => {
    addCounts(counts, result.counts);
    if ("parkedUntil" in result) return false;
    failed ??= result.failed;
    return true;
  };
  const parkedResult = (p: Parked): RunResult => ({ ran: true, counts, parkedUntil: p.parkedUntil });
  // A company in set-up reads (detect) and writes nothing: no load, no propagate, no task, whoever asked.
  const whenLive = (work: (run: FlowRun) => Promise<void>) => async (run: FlowRun) => {
    if (run.mode === "live") await work(run);
  };

  try {
    let atCap = false;
    if (unit.kind === "flow") {
      const { flow } = unit;
      const detect = (preflighted = false) =>
        stage("detect", { stage: "detect" }, async (run, c) => void (await detectStage(run, flow, c, { preflighted })));
      const load = (batch: number) =>
        stage(`load-${batch}`, { stage: "load", cursor: { batch } }, (run, c) => loadBatch(run, flow, c));
      const max = o.maxBatches ?? MAX_BATCHES;
      let live: boolean;
      if (o.concurrentStages && flow.loadsDuringDetect && (await open()).mode === "live") {
        live = true;
        // Checked first: no load starts for a company whose agent cannot answer.
        const checked = await stage(
          "preflight",
          { stage: "detect" },
          async (run) => void (await flow.preflight?.(run)),
        );
        if (!done(checked)) return parkedResult(checked);
        const ended = await loadWhileDetecting(detect(true), load, max, done);
        if (ended.parked) return parkedResult(ended.parked);
        atCap = ended.atCap;
      } else {
        const detected = await detect();
        if (!done(detected)) return parkedResult(detected);
        live = detected.live;
        // Every record handled leaves the due set (a failure waits for its backoff), so this ends when nothing is due.
        for (let batch = 0; detected.live; batch++) {
          if (batch === max) {
            atCap = true;
            break;
          }
          const loaded = await load(batch);
          if (!done(loaded)) return parkedResult(loaded);
          if (loaded.handled === 0) break;
        }
      }
      if (live) {
        // The last stages: a failing one (batches Sage 100 did not post) does not keep the others (journals) from going.
        if (flow.propagate) {
          const propagated = await stage(
            "propagate",
            { stage: "propagate" },
            whenLive((run) => flow.propagate!(run)),
            true,
          );
          if (!done(propagated)) return parkedResult(propagated);
        }
        for (const task of tasksAfter(flow.id)) {
          const ran = await stage(
            `task-${task.id}`,
            { stage: "propagate" },
            whenLive((run) => task.run(run)),
            true,
          );
          if (!done(ran)) return parkedResult(ran);
        }
      }
    } else {
      const { task } = unit;
      const ran = await stage(
        "propagate",
        { stage: "propagate" },
        whenLive((run) => task.run(run)),
        true,
      );
      if (!done(ran)) return parkedResult(ran);
    }
    if (failed !== undefined) throw new AppError("UPSTREAM", failed, { retryClass: "TRANSIENT", reason: RUN_FAILED });
    const { capped } = await step("release-lease", async () => {
      const run = await open();
      // Stopped at the cap with records still due: the run says so and is due again at once, carrying on from them.
      const capped = atCap && unit.kind === "flow" && (await claimDue(run, unit.flow, 1)).length > 0;
      await releaseFlowLease(companyId, id, owner, {
        counts,
        nextRunAt: capped ? new Date() : (o.nextRunAt ?? (await nextRunFor(unit, run))),
      });
      return { capped };
    });
    return { ran: true, counts, ...(capped ? { capped: true } : {}) };
  } catch (error) {
    if (o.onError === "throw") throw error;
    for (const p of partials) addCounts(counts, p);
    const message = messageOf(error);
    await releaseFlowLease(companyId, id, owner, {
      counts,
      error: message,
      nextRunAt: o.nextRunAt ?? (await failedRunNext(unit, open)),
    });
    return { ran: true, counts, error: message };
  }
}

/** How long loads that found nothing due wait for detect to record more. */
const DETECT_POLL_MS = 100;

/**
 * Detect and the loads side by side: each load takes what detect has recorded so far and, finding nothing due yet,
 * waits a moment for more; once detect has ended they go on until nothing is due. Detect is always let finish (it
 * writes to the ledger) before a load's failure is thrown; a parked stage stops the loads.
 */
async function loadWhileDetecting(
  detecting: Promise<StageDone | Parked>,
  load: (batch: number) => Promise<StageDone | Parked>,
  max: number,
  done: (result: StageDone | Parked) => result is StageDone,
): Promise<{ parked?: Parked; atCap: boolean }> {
  let detectEnded = false;
  const detection = detecting
    .then(
      (result) => ({ result }),
      (error: unknown) => ({ error }),
    )
    .finally(() => void (detectEnded = true));
  let atCap = false;
  let parked: Parked | undefined;
  let failure: { error: unknown } | undefined;
  try {
    for (let batch = 0; ; ) {
      const endedBefore = detectEnded;
      if (endedBefore) {
        const d = await detection;
        if ("error" in d || "parkedUntil" in d.result) break;
      }
      if (batch === max) {
        atCap = true;
        break;
      }
      const loaded = await load(batch);
      if (!done(loaded)) {
        parked = loaded;
        break;
      }
      if (loaded.handled > 0) batch++;
      else if (endedBefore) break;
      else await Promise.race([detection, new Promise((r) => setTimeout(r, DETECT_POLL_MS))]);
    }
  } catch (error) {
    failure = { error };
  }
  const d = await detection;
  if (failure) throw failure.error;
  if ("error" in d) throw d.error;
  if (!done(d.result)) return { parked: d.result, atCap };
  return { parked, atCap };
}

/** After a failure the next run waits for the interval; a context that cannot even be opened waits 15 minutes. */
async function failedRunNext(unit: RunUnit, open: () => Promise<FlowRun>): Promise<Date> {
  try {
    const run = await open();
    return await nextRunFor(unit, run).catch(() => new Date(Date.now() + run.settings.pollMinutes * 60_000));
  } catch {
    return new Date(Date.now() + 15 * 60_000);
  }
}

/** A flow's whole run on this process, stages called directly (the in-process runner, tests, benchmarks). */
export function runFlow(
  context: FlowContext,
  flow: FlowDefinition,
  o: { nextRunAt?: Date; maxBatches?: number } = {},
): Promise<RunResult> {
  return runLoop(
    { kind: "flow", flow },
    {
      companyId: context.companyId,
      step: directStep,
      context: async () => context,
      onError: "end",
      concurrentStages: true,
      ...o,
    },
  );
}

/** A task's run of its own on this process (tests). */
export function runTask(context: FlowContext, task: TaskDefinition, o: { nextRunAt?: Date } = {}): Promise<RunResult> {
  return runLoop(
    { kind: "task", task },
    { companyId: context.companyId, step: directStep, context: async () => context, onError: "end", ...o },
  );
}

/** A scheduled flow or task by id, for a runner that knows only ids (events, the due list). */
export function runUnitById(id: string): RunUnit {
  const found = scheduledById(id);
  if (!found) throw new AppError("NOT_FOUND", `There is no sync flow ${id}.`, { retryClass: "BUG" });
  return found.kind === "flow" ? { kind: "flow", flow: found.flow } : { kind: "task", task: found.task };
}

/** A run the runner gave up on (Inngest's retries spent): it ends as a failed run, counted and alerted like any other. */
export async function endRunFailed(companyId: string, id: string, error: string): Promise<void> {
  const ctx = await buildFlowContext(companyId, id);
  await endFailedRun(companyId, id, { error, nextRunAt: await nextRunFor(runUnitById(id), ctx) });
}
