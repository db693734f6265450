// When a flow runs next: after its interval (the company's schedule for that flow), or sooner when one of its failed
// records' backoff ends (or the day a forward-dated document waits for begins) first, so a retry waits for its own
// backoff and not for the next poll. A run whose KashFlow request budget is spent parks until the budget returns.
import { AppError } from "@/lib/errors";
import { db, Prisma } from "@/server/db";
import { flowIntervalMs } from "../settings";
import type { FlowContext, FlowDefinition } from "./flow";

/** Never sooner than this after a run, however short a backoff: a run has a fixed cost. */
export const MIN_RUN_GAP_MS = 5_000;

export async function nextRunAt(
  ctx: Pick<FlowContext, "companyId" | "settings">,
  flow: Pick<FlowDefinition, "id" | "source" | "model">,
  now = new Date(),
): Promise<Date> {
  const poll = new Date(now.getTime() + flowIntervalMs(ctx.settings, flow.id));
  const retry = await db.syncRecord.findFirst({
    // A failed record's backoff, or the day a forward-dated document waits for, whichever comes first.
    where: {
      companyId: ctx.companyId,
      system: flow.source,
      model: flow.model,
      status: { in: ["FAILED", "PENDING"] },
      nextAttemptAt: { lt: poll },
    },
    orderBy: { nextAttemptAt: "asc" },
    select: { nextAttemptAt: true },
  });
  if (!retry?.nextAttemptAt) return poll;
  return new Date(Math.max(retry.nextAttemptAt.getTime(), now.getTime() + MIN_RUN_GAP_MS));
}

/** The KashFlow client's word that the account's shared request budget is spent until `retryAfterMs` from now. */
export const BUDGET_SPENT = "BudgetSpent";

export function isBudgetSpent(error: unknown): error is AppError {
  return error instanceof AppError && error.reason === BUDGET_SPENT;
}

/** Without a Retry-After, a parked run comes back after this. */
const DEFAULT_PARK_MS = 10_000;

/**
 * Ends a run whose KashFlow budget is spent, when that is what stopped it: the lease is freed so the runner's slot
 * serves another company meanwhile, and the flow is due again when the budget returns. Not a failure: no error, no
 * failure counted, no alert. Returns when it comes back, or null (any other error: the caller fails the run).
 */
export async function parkIfBudgetSpent(
  companyId: string,
  flow: string,
  owner: string,
  error: unknown,
  counts: Record<string, number>,
): Promise<{ parkedUntil: string } | null> {
  if (!isBudgetSpent(error)) return null;
  const until = new Date(Date.now() + Math.max(0, error.retryAfterMs ?? DEFAULT_PARK_MS));
  await db.syncState.updateMany({
    where: { companyId, flow, leaseOwner: owner },
    data: {
      leaseOwner: null,
      leaseUntil: null,
      status: "IDLE",
      stage: null,
      cursor: Prisma.JsonNull,
      counts,
      lastError: null,
      runFinishedAt: new Date(),
      nextRunAt: until,
    },
  });
  return { parkedUntil: until.toISOString() };
}
