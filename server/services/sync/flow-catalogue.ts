// The flows the engine runs, as the screens describe them: label, model, direction. Generic over what the runners
// schedule: every flow, then the tasks that run on their own (the tie-out, listed and switched like a flow).
import { FLOWS } from "@/server/sync/flows";
import { scheduled, scheduledById } from "@/server/sync/scheduled";
import { taskById } from "@/server/sync/tasks";
import { SYSTEM_LABEL, type SyncSystem } from "@/server/domain/model";

export type FlowInfo = {
  id: string;
  label: string;
  model: string;
  source: SyncSystem;
  target: SyncSystem;
  direction: string;
  registered: boolean;
};

function describe(f: {
  id: string;
  label: string;
  model: string | null;
  source: SyncSystem;
  target: SyncSystem;
}): FlowInfo {
  // A task carries no ledger model: no record counts under it.
  return {
    id: f.id,
    label: f.label,
    model: f.model ?? "",
    source: f.source,
    target: f.target,
    direction: `${SYSTEM_LABEL[f.source]} → ${SYSTEM_LABEL[f.target]}`,
    registered: true,
  };
}

export function flowCatalogue(): FlowInfo[] {
  return scheduled().map(describe);
}

export function flowInfo(id: string): FlowInfo | undefined {
  const f = scheduledById(id);
  return f ? describe(f) : undefined;
}

export function flowLabel(id: string): string {
  // A task that ends a flow's run (the summary journals) is named on the attempts it made.
  return scheduledById(id)?.label ?? taskById(id)?.label ?? id;
}

/** The flows that carry records of `model` out of `system` (the ones a retry of such a record needs). */
export function flowsCarrying(system: SyncSystem, model: string): FlowInfo[] {
  return FLOWS.filter((f) => f.source === system && f.model === model).map(describe);
}
