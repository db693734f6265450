// What a task is: propagate-only work the engine schedules beside the flows (the tie-out, the summary journals). A
// task reads nothing into the ledger and claims no record of its own: it has one stage, run after flows.
import type { SyncSystem } from "@/server/domain/model";
import type { FlowRun } from "./flow-run";

export type TaskTrigger =
  /** The last stage of every run of these flows: same lease, same clock, after their propagate. */
  | { after: readonly string[] }
  /**
   * A run of its own, scheduled like a flow (its own lease, interval from the company's schedule for its id, "Sync
   * now", switched off by pausedFlows) and ordered after all of a company's flows.
   */
  | { every: "schedule" };

export type TaskDefinition = {
  id: string;
  label: string;
  /** The direction the screens show for a task that runs on its own (it compares or writes towards `target`). */
  source: SyncSystem;
  target: SyncSystem;
  trigger: TaskTrigger;
  /** Safe to repeat: a retry or the next run does it again. Runs only for a live company. */
  run(run: FlowRun): Promise<void>;
};

export const runsOnItsOwn = (task: TaskDefinition): boolean => "every" in task.trigger;
export const runsAfter = (task: TaskDefinition, flowId: string): boolean =>
  "after" in task.trigger && task.trigger.after.includes(flowId);
