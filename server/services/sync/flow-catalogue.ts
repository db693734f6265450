// The flows the engine runs, as the screens describe them: label, model, direction. Generic over FLOWS.
import { FLOWS, flowById } from "@/server/sync/flows";
import { SYSTEM_LABEL, type SyncSystem } from "@/server/domain/model";

export type FlowInfo = { id: string; label: string; model: string; source: SyncSystem; target: SyncSystem; direction: string; registered: boolean };

function describe(f: { id: string; label: string; model: string; source: SyncSystem; target: SyncSystem }): FlowInfo {
  return { id: f.id, label: f.label, model: f.model, source: f.source, target: f.target, direction: `${SYSTEM_LABEL[f.source]} → ${SYSTEM_LABEL[f.target]}`, registered: true };
}

export function flowCatalogue(): FlowInfo[] {
  return FLOWS.map(describe);
}

export function flowInfo(id: string): FlowInfo | undefined {
  const f = flowById(id);
  return f ? describe(f) : undefined;
}

export function flowLabel(id: string): string {
  return flowById(id)?.label ?? id;
}

/** The flows that carry records of `model` out of `system` (the ones a retry of such a record needs). */
export function flowsCarrying(system: SyncSystem, model: string): FlowInfo[] {
  return FLOWS.filter((f) => f.source === system && f.model === model).map(describe);
}
