// Runs one (company, flow or task) now: the unit both runners schedule, through the one run loop.
import { buildFlowContext } from "../engine/context";
import { directStep, runLoop, runUnitById, type RunResult } from "../engine/run-loop";

export async function runCompanyFlow(companyId: string, flowId: string): Promise<RunResult> {
  // The context is opened once the lease is held (a run that finds the flow running reads nothing).
  return runLoop(runUnitById(flowId), {
    companyId,
    step: directStep,
    context: () => buildFlowContext(companyId, flowId),
    onError: "end",
    concurrentStages: true,
  });
}
