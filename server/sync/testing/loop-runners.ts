// The one run loop under both runners' `step`: a direct call (the in-process runner) and Inngest's step.run, driven
// by @inngest/test's real memoization loop (every step a fresh invocation that replays the finished ones). Engine
// tests run through both, so what passes in-process passes under Inngest.
import { InngestTestEngine } from "@inngest/test";
import { inngest } from "@/server/jobs/client";
import type { FlowContext, FlowDefinition } from "../engine/flow";
import { endFailedRun } from "../engine/flow-lease";
import { directStep, nextRunFor, runLoop, type RunResult, type RunUnit, type Step } from "../engine/run-loop";
import { emptyCounts } from "../engine/run-flow";
import type { TaskDefinition } from "../engine/task";

type RunOptions = { nextRunAt?: Date; maxBatches?: number };

export type LoopRunner = {
  name: "in-process" | "Inngest";
  runFlow(context: FlowContext, flow: FlowDefinition, o?: RunOptions): Promise<RunResult>;
  runTask(context: FlowContext, task: TaskDefinition, o?: RunOptions): Promise<RunResult>;
};

const TEST_EVENT = "test/run-loop";

async function underInngest(unit: RunUnit, context: FlowContext, o: RunOptions): Promise<RunResult> {
  const fn = inngest.createFunction(
    { id: "test-run-loop", triggers: [{ event: TEST_EVENT }], retries: 0 },
    async ({ step }) => {
      const durable: Step = (name, f) => step.run(name, f) as Promise<never>;
      return runLoop(unit, {
        companyId: context.companyId,
        step: durable,
        context: async () => context,
        onError: "throw",
        ...o,
      });
    },
  );
  const { result, error } = await new InngestTestEngine({
    function: fn,
    events: [{ name: TEST_EVENT, data: {} }],
  }).execute();
  if (!error) return result as RunResult;
  // What sync-flow's onFailure does once Inngest's retries are spent: the run ends as failed, counted, reconciled.
  const message =
    typeof error === "object" && error !== null && "message" in error ? String(error.message) : String(error);
  await endFailedRun(context.companyId, unit.kind === "flow" ? unit.flow.id : unit.task.id, {
    error: message,
    nextRunAt: o.nextRunAt ?? (await nextRunFor(unit, context)),
  });
  return { ran: true, counts: emptyCounts(), error: message };
}

export const LOOP_RUNNERS: LoopRunner[] = [
  {
    name: "in-process",
    runFlow: (context, flow, o = {}) =>
      runLoop(
        { kind: "flow", flow },
        {
          companyId: context.companyId,
          step: directStep,
          context: async () => context,
          onError: "end",
          concurrentStages: true,
          ...o,
        },
      ),
    runTask: (context, task, o = {}) =>
      runLoop(
        { kind: "task", task },
        { companyId: context.companyId, step: directStep, context: async () => context, onError: "end", ...o },
      ),
  },
  {
    name: "Inngest",
    runFlow: (context, flow, o = {}) => underInngest({ kind: "flow", flow }, context, o),
    runTask: (context, task, o = {}) => underInngest({ kind: "task", task }, context, o),
  },
];
