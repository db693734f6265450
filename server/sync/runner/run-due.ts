// Runs one (company, flow or task) now: the unit both runners schedule, through the one run loop.
import { buildFlowContext } from "../engine/context";
import { directStep, runLoop, runUnitById, type RunResult } from "../engine/run-loop";

export async function runCompanyFlow(companyId: string, flowId: string): Promise<RunResult> {
  const unit = runUnitById(flowId);
  const ctx = await buildFlowContext(companyId, flowId);
  return runLoop(unit, { companyId, step: directStep, context: async () => ctx, onError: "end" });
}
