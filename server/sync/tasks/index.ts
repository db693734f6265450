// Every task the engine runs beside the flows: propagate-only work, after the flows it follows (see engine/task.ts).
import type { TaskDefinition } from "../engine/task";
import { runsAfter } from "../engine/task";
import { summaryJournalsTask } from "../flows/sales-invoices/journals";
import { tieOutTask } from "../tie-out/task";

export const TASKS: TaskDefinition[] = [summaryJournalsTask, tieOutTask];

export function taskById(id: string): TaskDefinition | undefined {
  return TASKS.find((t) => t.id === id);
}

/** The tasks that end every run of this flow, in catalogue order. */
export function tasksAfter(flowId: string): TaskDefinition[] {
  return TASKS.filter((t) => runsAfter(t, flowId));
}
