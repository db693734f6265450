// When a flow runs next: after the company's poll interval, or sooner when one of its failed records' backoff ends
// (or the day a forward-dated document waits for begins) first, so a retry waits for its own backoff and not for the next poll.
import { db } from "@/server/db";
import type { FlowContext, FlowDefinition } from "./flow";

/** Never sooner than this after a run, however short a backoff: a run has a fixed cost. */
export const MIN_RUN_GAP_MS = 5_000;

export async function nextRunAt(ctx: Pick<FlowContext, "companyId" | "settings">, flow: Pick<FlowDefinition, "source" | "model">, now = new Date()): Promise<Date> {
  const poll = new Date(now.getTime() + ctx.settings.pollMinutes * 60_000);
  const retry = await db.syncRecord.findFirst({
    // A failed record's backoff, or the day a forward-dated document waits for, whichever comes first.
    where: { companyId: ctx.companyId, system: flow.source, model: flow.model, status: { in: ["FAILED", "PENDING"] }, nextAttemptAt: { lt: poll } },
    orderBy: { nextAttemptAt: "asc" },
    select: { nextAttemptAt: true },
  });
  if (!retry?.nextAttemptAt) return poll;
  return new Date(Math.max(retry.nextAttemptAt.getTime(), now.getTime() + MIN_RUN_GAP_MS));
}
