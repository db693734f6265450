// The tie-out as a task of its own, scheduled after a company's flows (the money flows among them): it carries no
// records, it recomputes the days whose documents changed since the last tie-out. Sage 100 is asked directly only
// about documents the ledger has no figure for, a bounded number per run.
import type { TaskDefinition } from "../engine/task";
import { computeTieOut } from "./compute";

/** Also its SyncState row and its key in pausedFlows and the schedule: a company's choices carry over. */
export const TIE_OUT_TASK_ID = "tie_out.daily";

export const tieOutTask: TaskDefinition = {
  id: TIE_OUT_TASK_ID,
  label: "Tie-out: KashFlow → Sage 100 totals per day",
  source: "KASHFLOW",
  target: "SAGE100",
  trigger: { every: "schedule" },
  async run(ctx) {
    await computeTieOut({
      orgId: ctx.orgId,
      companyId: ctx.companyId,
      now: ctx.now,
      sage100: { gateway: ctx.sage100, verify: "gaps", maxLookups: 50 },
    });
  },
};
