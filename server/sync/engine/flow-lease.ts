// One run per company and flow at a time, whichever runner asks: a lease row in SyncState, taken atomically.
import { randomUUID } from "node:crypto";
import { db, Prisma } from "@/server/db";

export const LEASE_MS = 5 * 60_000;

export async function acquireFlowLease(companyId: string, flow: string, ttlMs = LEASE_MS): Promise<string | null> {
  const owner = randomUUID();
  await db.syncState.upsert({
    where: { companyId_flow: { companyId, flow } },
    create: { companyId, flow },
    update: {},
  });
  const taken = await db.syncState.updateMany({
    where: { companyId, flow, paused: false, OR: [{ leaseUntil: null }, { leaseUntil: { lt: new Date() } }] },
    data: {
      leaseOwner: owner,
      leaseUntil: new Date(Date.now() + ttlMs),
      status: "RUNNING",
      runStartedAt: new Date(),
      requestedAt: null,
      lastError: null,
    },
  });
  return taken.count === 1 ? owner : null;
}

/** Keeps a long run's lease alive and records where it got to (the cursor a re-run resumes from). */
export async function saveProgress(
  companyId: string,
  flow: string,
  owner: string,
  o: { stage: string; cursor?: unknown; ttlMs?: number },
): Promise<void> {
  await db.syncState.updateMany({
    where: { companyId, flow, leaseOwner: owner },
    data: {
      stage: o.stage,
      cursor: o.cursor === undefined ? Prisma.JsonNull : (o.cursor as Prisma.InputJsonValue),
      leaseUntil: new Date(Date.now() + (o.ttlMs ?? LEASE_MS)),
    },
  });
}

/**
 * Ends a run: the one place both runners pass through, so it also counts runs failing in a row and brings the
 * company's alerts in line with its health (a failure there is logged, never the run's).
 */
export async function releaseFlowLease(
  companyId: string,
  flow: string,
  owner: string,
  o: { counts: Record<string, number>; error?: string; nextRunAt: Date },
): Promise<void> {
  await db.syncState.updateMany({
    where: { companyId, flow, leaseOwner: owner },
    data: {
      leaseOwner: null,
      leaseUntil: null,
      status: o.error ? "FAILED" : "IDLE",
      stage: null,
      cursor: Prisma.JsonNull,
      counts: o.counts,
      lastError: o.error ?? null,
      runFinishedAt: new Date(),
      nextRunAt: o.nextRunAt,
      consecutiveFailures: o.error ? { increment: 1 } : 0,
    },
  });
  await reconcileAfterRun(companyId, flow);
}

/**
 * A run that ended without releasing its lease because it failed for good (Inngest gave up after its retries): ended
 * as a failed run, counted like one, and the company's alerts reconciled — as the in-process runner does at once.
 */
export async function endFailedRun(
  companyId: string,
  flow: string,
  o: { error: string; nextRunAt: Date },
): Promise<void> {
  await db.syncState.updateMany({
    where: { companyId, flow, status: "RUNNING" },
    data: {
      leaseOwner: null,
      leaseUntil: null,
      status: "FAILED",
      stage: null,
      cursor: Prisma.JsonNull,
      lastError: o.error,
      runFinishedAt: new Date(),
      nextRunAt: o.nextRunAt,
      consecutiveFailures: { increment: 1 },
    },
  });
  await reconcileAfterRun(companyId, flow);
}

async function reconcileAfterRun(companyId: string, flow: string): Promise<void> {
  try {
    // Imported when needed: the alerts sit above the engine (services read the flows this module's callers define).
    const { reconcileAlerts } = await import("@/server/services/alerts/reconcile");
    await reconcileAlerts({ companyIds: [companyId], now: new Date() });
  } catch (error) {
    console.error(
      `[sync] alerts for company ${companyId} after ${flow} not reconciled: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
