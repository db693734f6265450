// The tie-out as a flow of its own, registered after the money flows: it carries no records (nothing is ever due
// for it), and its propagate stage recomputes the days whose documents changed since the last tie-out. Sage 100 is
// asked directly only about documents the ledger has no figure for, a bounded number per run.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { FlowDefinition } from "../engine/flow";
import type { ModelName } from "@/server/domain/model";
import { computeTieOut } from "./compute";

export const TIE_OUT_FLOW_ID = "tie_out.daily";
/** Not a model of the ledger: no record is ever claimed for this flow. */
const NO_RECORDS = "tie_out" as ModelName;

export const tieOutFlow: FlowDefinition<never, never> = {
  id: TIE_OUT_FLOW_ID,
  label: "Tie-out: KashFlow → Sage 100 totals per day",
  model: NO_RECORDS,
  source: "KASHFLOW",
  target: "SAGE100",
  detect: async () => ({ inserted: 0, changed: 0, unchanged: 0, echoes: 0, complete: true }),
  canonical: z.never(),
  rules: async () => {
    throw new AppError("INTERNAL", "The tie-out carries no records.", { retryClass: "BUG" });
  },
  validate: async () => null,
  load: async () => {
    throw new AppError("INTERNAL", "The tie-out carries no records.", { retryClass: "BUG" });
  },
  async propagate(ctx) {
    await computeTieOut({ orgId: ctx.orgId, companyId: ctx.companyId, now: ctx.now, sage100: { gateway: ctx.sage100, verify: "gaps", maxLookups: 50 } });
  },
};
