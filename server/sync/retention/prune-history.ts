// Retention: sync attempts, finished agent commands and processed Sage 100 change batches older than the company's
// `retention.days` are deleted in bounded batches (one short statement each, a pause between), so no lock is held for
// long. Kept whatever their age: a record's latest attempt, and its latest write of each kind (what the flows'
// "last carried" and the tie-out read as what was written), unfinished commands and unprocessed change batches.
// Safe on many instances: each batch takes a per-company advisory lock for its own statement, and an instance that
// finds it taken leaves that company to the one at work on it.
import { db } from "@/server/db";
import { RETENTION_DAYS, syncSettingsSchema } from "@/server/sync/settings";

export const PRUNE_DEFAULTS = { batchSize: 1_000, pauseMs: 100 } as const;

export type PruneKind = "attempts" | "commands" | "changeBatches";
export type PruneCounts = Record<PruneKind, number>;
export type PruneBatch = { companyId: string; kind: PruneKind; deleted: number; scanned: number };

type Tuning = {
  batchSize?: number;
  pauseMs?: number;
  /** Stop starting batches after this long (a job step's time box); the result says where to go on. */
  deadline?: number;
  onBatch?: (batch: PruneBatch) => void;
};

const DAY_MS = 86_400_000;
const lockKey = (companyId: string) => `retention|${companyId}`;
const sleep = (ms: number) => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());

/** The company's retention in days from its stored settings (defaults when unset; null when unreadable). */
export function retentionDays(rawSettings: unknown): number | null {
  const raw =
    rawSettings && typeof rawSettings === "object" ? (rawSettings as { retention?: unknown }).retention : undefined;
  const parsed = syncSettingsSchema.shape.retention.safeParse(raw);
  return parsed.success ? parsed.data.days : null;
}

type Locked = { locked: boolean; deleted: number };

async function pruneCommandsBatch(companyId: string, cutoff: Date, size: number): Promise<Locked> {
  const [r] = await db.$queryRaw<Locked[]>`
    WITH lock AS (SELECT pg_try_advisory_xact_lock(hashtext(${lockKey(companyId)})) AS got),
    doomed AS (
      SELECT id FROM "Sage100Command"
      WHERE (SELECT got FROM lock) AND "companyId" = ${companyId} AND status IN ('DONE', 'FAILED')
        AND "availableAt" < ${cutoff} AND "completedAt" < ${cutoff}
      LIMIT ${size}
      FOR UPDATE SKIP LOCKED
    ), gone AS (DELETE FROM "Sage100Command" WHERE id IN (SELECT id FROM doomed) RETURNING 1)
    SELECT (SELECT got FROM lock) AS locked, (SELECT count(*) FROM gone)::int AS deleted`;
  return r!;
}

async function pruneChangeBatchesBatch(companyId: string, cutoff: Date, size: number): Promise<Locked> {
  const [r] = await db.$queryRaw<Locked[]>`
    WITH lock AS (SELECT pg_try_advisory_xact_lock(hashtext(${lockKey(companyId)})) AS got),
    doomed AS (
      SELECT id FROM "Sage100ChangeBatch"
      WHERE (SELECT got FROM lock) AND "companyId" = ${companyId} AND "processedAt" < ${cutoff}
      LIMIT ${size}
      FOR UPDATE SKIP LOCKED
    ), gone AS (DELETE FROM "Sage100ChangeBatch" WHERE id IN (SELECT id FROM doomed) RETURNING 1)
    SELECT (SELECT got FROM lock) AS locked, (SELECT count(*) FROM gone)::int AS deleted`;
  return r!;
}

type AttemptsBatch = Locked & { scanned: number; lastStartedAt: Date | null; lastId: string | null };

/**
 * One window of the company's old attempts in (startedAt, id) order after `after`: the superseded ones in it are
 * deleted. Walking windows (not "the first n deletable") keeps each statement bounded when most old rows are kept.
 */
async function pruneAttemptsBatch(
  companyId: string,
  cutoff: Date,
  size: number,
  after: { startedAt: Date; id: string },
): Promise<AttemptsBatch> {
  const [r] = await db.$queryRaw<AttemptsBatch[]>`
    WITH lock AS (SELECT pg_try_advisory_xact_lock(hashtext(${lockKey(companyId)})) AS got),
    scan AS (
      SELECT id, "recordId", "startedAt", outcome, request FROM "SyncAttempt"
      WHERE (SELECT got FROM lock) AND "companyId" = ${companyId} AND "startedAt" < ${cutoff}
        AND ("startedAt", id) > (${after.startedAt}, ${after.id})
      ORDER BY "startedAt", id
      LIMIT ${size}
    ), doomed AS (
      SELECT s.id FROM scan s
      WHERE EXISTS (
          SELECT 1 FROM "SyncAttempt" b WHERE b."recordId" = s."recordId" AND (b."startedAt", b.id) > (s."startedAt", s.id))
        AND (s.outcome <> 'SYNCED' OR EXISTS (
          SELECT 1 FROM "SyncAttempt" b
          WHERE b."recordId" = s."recordId" AND b.outcome = 'SYNCED' AND (b."startedAt", b.id) > (s."startedAt", s.id)
            AND (b.request->>'kind') IS NOT DISTINCT FROM (s.request->>'kind')
            AND (COALESCE(b.request::text, '') LIKE '%"type": "create%') = (COALESCE(s.request::text, '') LIKE '%"type": "create%')))
    ), gone AS (DELETE FROM "SyncAttempt" WHERE id IN (SELECT id FROM doomed) RETURNING 1),
    last AS (SELECT "startedAt", id FROM scan ORDER BY "startedAt" DESC, id DESC LIMIT 1)
    SELECT (SELECT got FROM lock) AS locked, (SELECT count(*) FROM scan)::int AS scanned, (SELECT count(*) FROM gone)::int AS deleted,
      (SELECT "startedAt" FROM last) AS "lastStartedAt", (SELECT id FROM last) AS "lastId"`;
  return r!;
}

type AttemptsCursor = { startedAt: Date; id: string };
export type CompanyPruneResult = {
  counts: PruneCounts;
  batches: number;
  finished: boolean;
  attemptsAfter: AttemptsCursor | null;
};

/**
 * Prunes one company's history older than `days` before `now`. `finished` is false when stopped early (time box, or
 * another instance at work on it); `attemptsAfter` then says where its attempts resume.
 */
export async function pruneCompanyHistory(
  o: { companyId: string; days: number; now: Date; attemptsAfter?: AttemptsCursor | null } & Tuning,
): Promise<CompanyPruneResult> {
  const size = o.batchSize ?? PRUNE_DEFAULTS.batchSize;
  const pause = o.pauseMs ?? PRUNE_DEFAULTS.pauseMs;
  const cutoff = new Date(o.now.getTime() - Math.max(o.days, RETENTION_DAYS.min) * DAY_MS);
  const counts: PruneCounts = { attempts: 0, commands: 0, changeBatches: 0 };
  let batches = 0;
  const stopped = (attemptsAfter: AttemptsCursor | null = o.attemptsAfter ?? null) => ({
    counts,
    batches,
    finished: false,
    attemptsAfter,
  });
  // Between two batches: a pause (others get the table), and the time box.
  const goOn = async () => {
    await sleep(pause);
    return o.deadline === undefined || Date.now() < o.deadline;
  };
  const report = (kind: PruneKind, r: { deleted: number; scanned: number }) => {
    batches++;
    counts[kind] += r.deleted;
    o.onBatch?.({ companyId: o.companyId, kind, ...r });
  };

  for (const [kind, run] of [
    ["commands", pruneCommandsBatch],
    ["changeBatches", pruneChangeBatchesBatch],
  ] as const) {
    for (;;) {
      const r = await run(o.companyId, cutoff, size);
      if (!r.locked) return stopped();
      report(kind, { deleted: r.deleted, scanned: r.deleted });
      if (r.deleted < size) break;
      if (!(await goOn())) return stopped();
    }
  }
  let after = o.attemptsAfter ?? { startedAt: new Date(0), id: "" };
  for (;;) {
    const r = await pruneAttemptsBatch(o.companyId, cutoff, size, after);
    if (!r.locked) return stopped(after);
    report("attempts", r);
    if (r.scanned < size || !r.lastStartedAt || !r.lastId) break;
    after = { startedAt: r.lastStartedAt, id: r.lastId };
    if (!(await goOn())) return stopped(after);
  }
  return { counts, batches, finished: true, attemptsAfter: null };
}

/** Where a time-boxed prune goes on: after company `after` (null: the first), or inside `company`'s attempts. */
export type PruneCursor = {
  after: string | null;
  company?: { id: string; attemptsAfter: { startedAt: string; id: string } | null };
};
export type PruneResult = {
  companies: number;
  counts: PruneCounts;
  batches: number;
  done: boolean;
  cursor: PruneCursor;
};

/**
 * Every company (or those given) in id order, each with its own retention. With `budgetMs` it stops when the time
 * is up and returns the cursor to resume from; a company another instance is pruning is left to it.
 */
export async function pruneHistory(
  o: { now: Date; companyIds?: string[]; cursor?: PruneCursor; budgetMs?: number; log?: (line: string) => void } & Omit<
    Tuning,
    "deadline"
  >,
): Promise<PruneResult> {
  const deadline = o.budgetMs === undefined ? undefined : Date.now() + o.budgetMs;
  const counts: PruneCounts = { attempts: 0, commands: 0, changeBatches: 0 };
  let batches = 0;
  let companies = 0;
  let after = o.cursor?.after ?? null;
  let resume = o.cursor?.company ?? null;
  const result = (done: boolean, company?: PruneCursor["company"]) => ({
    companies,
    counts,
    batches,
    done,
    cursor: { after, ...(company ? { company } : {}) },
  });
  for (;;) {
    const page = await db.company.findMany({
      where: { id: { ...(after ? { gt: after } : {}), ...(o.companyIds ? { in: o.companyIds } : {}) } },
      orderBy: { id: "asc" },
      take: 200,
      select: { id: true, syncSettings: { select: { settings: true } } },
    });
    for (const company of page) {
      const days = retentionDays(company.syncSettings?.settings ?? {});
      if (days === null) {
        o.log?.(`company ${company.id}: its settings cannot be read; nothing pruned`);
      } else {
        const start =
          resume?.id === company.id && resume.attemptsAfter
            ? { startedAt: new Date(resume.attemptsAfter.startedAt), id: resume.attemptsAfter.id }
            : null;
        resume = null;
        const r = await pruneCompanyHistory({
          companyId: company.id,
          days,
          now: o.now,
          attemptsAfter: start,
          batchSize: o.batchSize,
          pauseMs: o.pauseMs,
          deadline,
          onBatch: o.onBatch,
        });
        companies++;
        batches += r.batches;
        for (const k of Object.keys(counts) as PruneKind[]) counts[k] += r.counts[k];
        const outOfTime = deadline !== undefined && Date.now() >= deadline;
        // Stopped by the time box: resume inside this company. (Stopped by another instance: leave it to that one.)
        if (!r.finished && outOfTime) {
          const at = r.attemptsAfter;
          return result(false, {
            id: company.id,
            attemptsAfter: at ? { startedAt: at.startedAt.toISOString(), id: at.id } : null,
          });
        }
      }
      after = company.id;
      if (deadline !== undefined && Date.now() >= deadline) return result(false);
    }
    if (page.length < 200) return result(true);
  }
}

export function describePrune(r: PruneResult): string | null {
  const total = r.counts.attempts + r.counts.commands + r.counts.changeBatches;
  if (total === 0) return null;
  return `pruned ${r.counts.attempts} attempts, ${r.counts.commands} agent commands and ${r.counts.changeBatches} change batches in ${r.batches} batches (${r.companies} companies)`;
}
