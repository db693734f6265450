// Every flow the engine runs, in the order a company's sync runs them (master data before documents).
import type { FlowDefinition } from "../engine/flow";

export const FLOWS: FlowDefinition[] = [];

export function flowById(id: string): FlowDefinition | undefined {
  return FLOWS.find((f) => f.id === id);
}
