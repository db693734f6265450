// Runs one (company, flow) now: the unit both runners schedule.
import { buildFlowContext } from "../engine/context";
import { runFlow, type RunResult } from "../engine/run-flow";
import { flowById } from "../flows";

export async function runCompanyFlow(companyId: string, flowId: string): Promise<RunResult> {
  const flow = flowById(flowId);
  if (!flow) throw new Error(`Unknown flow ${flowId}`);
  const ctx = await buildFlowContext(companyId, flowId);
  return runFlow(ctx, flow);
}
