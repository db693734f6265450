// The stages of a flow run: detect what changed, carry pending records across in bounded batches. The loop that
// calls them, for every runner, is run-loop.ts; every stage is safe to run again after a crash.
import { AppError } from "@/lib/errors";
import { db, type Prisma } from "@/server/db";
import type { DetectSummary, FlowContext, FlowDefinition, LoadResult } from "./flow";
import type { FlowRun } from "./flow-run";
import { WAITS_FOR_DATE } from "./forward-dated";
import { releaseWaitingOn } from "../ledger/waiting-on";
import { writeOutcomes, type Outcome } from "../ledger/outcomes";
import {
  carryRecord,
  planRecord,
  recordLoad,
  type PendingRecord,
  type PlannedRecord,
  type RecordOutcome,
} from "./process-record";

export const BATCH_SIZE = 50;

export type RunCounts = Record<"detected" | "inserted" | "changed" | "unchanged" | "echoes" | RecordOutcome, number>;

export const emptyCounts = (): RunCounts => ({
  detected: 0,
  inserted: 0,
  changed: 0,
  unchanged: 0,
  echoes: 0,
  SYNCED: 0,
  HELD: 0,
  FAILED: 0,
  DEAD: 0,
  SKIPPED: 0,
  WAITING: 0,
});

/**
 * Records a run may carry: new or changed (one waiting for its date only once that day has begun by the run's
 * clock; one waiting on another record only once released), or failed and past their backoff.
 */
export function dueWhere(now: Date): Prisma.SyncRecordWhereInput {
  return {
    OR: [
      { status: "PENDING", waitingOnModel: null, OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: now } }] },
      { status: "FAILED", nextAttemptAt: { lte: new Date() } },
    ],
  };
}

/** The next batch of records due. Oldest first. */
export async function claimDue(ctx: FlowContext, flow: FlowDefinition, limit = BATCH_SIZE): Promise<PendingRecord[]> {
  return db.syncRecord.findMany({
    where: { companyId: ctx.companyId, system: flow.source, model: flow.model, ...dueWhere(ctx.now) },
    orderBy: [{ updatedAt: "asc" }, { id: "asc" }],
    take: limit,
    select: {
      id: true,
      companyId: true,
      system: true,
      model: true,
      externalId: true,
      contentHash: true,
      attempts: true,
      payload: true,
      counterpartId: true,
      deletedAt: true,
    },
  });
}

/** Detect, after the flow's preflight unless the caller checked it already (loads waiting on it to start). */
export async function detectStage(
  ctx: FlowRun,
  flow: FlowDefinition,
  counts: RunCounts,
  o: { preflighted?: boolean } = {},
): Promise<DetectSummary> {
  if (!o.preflighted) await flow.preflight?.(ctx);
  await releaseDateWaits(ctx, flow);
  await releaseWaitingOn({ companyId: ctx.companyId, system: flow.source, model: flow.model });
  const detected = await flow.detect(ctx);
  counts.detected += detected.inserted + detected.changed + detected.unchanged + detected.echoes;
  counts.inserted += detected.inserted;
  counts.changed += detected.changed;
  counts.unchanged += detected.unchanged;
  counts.echoes += detected.echoes;
  return detected;
}

/** The company carries forward-dated documents at once (again): those still waiting for their date are due now. */
async function releaseDateWaits(ctx: FlowContext, flow: FlowDefinition): Promise<void> {
  if (!flow.documentDate || ctx.settings.documents.futureDated !== "now") return;
  await db.syncRecord.updateMany({
    where: {
      companyId: ctx.companyId,
      system: flow.source,
      model: flow.model,
      status: "PENDING",
      errorCode: WAITS_FOR_DATE,
    },
    data: { nextAttemptAt: null, errorCode: null, errorMessage: null },
  });
}

/**
 * Runs `work` over `items`, `width` at a time. One that throws (a spent KashFlow budget) stops the rest: the other
 * workers take no further item, and the first error is thrown once they have finished what they hold.
 */
async function sideBySide<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let stopped = false;
  const worker = async () => {
    while (!stopped && next < items.length) {
      try {
        await work(items[next++]!);
      } catch (error) {
        stopped = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(width, items.length)) }, worker));
}

/**
 * One bounded batch; returns how many records it handled (0 = nothing due). The records are carried side by side
 * (a flow with `loadBatch` has its plans written at once), and their endings written together at the end, in one
 * transaction. A spent KashFlow budget stops the batch: what ended is written, the rest is left as it was, the run parks.
 */
export async function loadBatch(ctx: FlowRun, flow: FlowDefinition, counts: RunCounts): Promise<number> {
  const due = await claimDue(ctx, flow, flow.batchSize ?? BATCH_SIZE);
  const width = flow.concurrency ?? 1;
  const ended: Outcome[] = [];
  try {
    if (!flow.loadBatch) {
      await sideBySide(due, width, async (record) => void ended.push(await carryRecord(ctx, flow, record)));
      return due.length;
    }
    // Planned side by side, then written together: the flow sends what it can in one go.
    const planned: PlannedRecord[] = [];
    await sideBySide(due, width, async (record) => {
      const p = await planRecord(ctx, flow, record);
      if ("plan" in p) planned.push(p);
      else ended.push(p);
    });
    if (planned.length === 0) return due.length;
    const loaded = await flow
      .loadBatch(
        ctx,
        planned.map((p) => ({ plan: p.plan, meta: p.meta })),
      )
      .catch((error: unknown) =>
        planned.map((): PromiseSettledResult<LoadResult> => ({ status: "rejected", reason: error })),
      );
    const missing: PromiseSettledResult<LoadResult> = {
      status: "rejected",
      reason: new AppError("INTERNAL", "The batch write gave no result for this record.", { retryClass: "BUG" }),
    };
    let spent: unknown;
    for (const [i, p] of planned.entries()) {
      try {
        ended.push(recordLoad(flow, p, loaded[i] ?? missing));
      } catch (error) {
        spent ??= error;
      }
    }
    if (spent) throw spent;
    return due.length;
  } finally {
    for (const kind of await writeOutcomes(ended)) counts[kind]++;
  }
}
