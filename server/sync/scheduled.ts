// What the runners schedule and the screens list, in the order a company's sync runs them: every flow (catalogue
// order), then the tasks that run on their own (the tie-out). Tasks that end a flow's run are part of that run.
import type { ChangeTable } from "@/agent/src/protocol";
import type { FlowDefinition } from "./engine/flow";
import { runsOnItsOwn, type TaskDefinition } from "./engine/task";
import { FLOWS } from "./flows";
import type { SyncSystem } from "@/server/domain/model";
import { TASKS } from "./tasks";

export type Scheduled = {
  id: string;
  label: string;
  source: SyncSystem;
  target: SyncSystem;
  /** The ledger model a flow carries; a task carries none. */
  model: string | null;
  wakeOn?: readonly ChangeTable[];
} & ({ kind: "flow"; flow: FlowDefinition } | { kind: "task"; task: TaskDefinition });

/** Read each time: tests register flows of their own in FLOWS. */
export function scheduled(): Scheduled[] {
  const flows = FLOWS.map(
    (flow): Scheduled => ({
      id: flow.id,
      label: flow.label,
      source: flow.source,
      target: flow.target,
      model: flow.model,
      wakeOn: flow.wakeOn,
      kind: "flow",
      flow,
    }),
  );
  const tasks = TASKS.filter(runsOnItsOwn).map(
    (task): Scheduled => ({
      id: task.id,
      label: task.label,
      source: task.source,
      target: task.target,
      model: null,
      kind: "task",
      task,
    }),
  );
  return [...flows, ...tasks];
}

export function scheduledById(id: string): Scheduled | undefined {
  return scheduled().find((s) => s.id === id);
}
