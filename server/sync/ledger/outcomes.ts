// How an attempt ends: SYNCED (and linked), HELD for a person, FAILED for a retry with backoff (DEAD when out of
// retries), SKIPPED, or left PENDING for its date. An ending is first decided (`synced`, `held`, `failed`, ...: pure),
// then written with its timeline entry; the endings of a whole batch are written together in one transaction of
// multi-row statements (`writeOutcomes`), so a batch costs a handful of statements, not a few per record.
import { AppError, type RetryClass } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { Prisma, transaction } from "@/server/db";
import type { RecordWarning, SyncSystem } from "@/server/domain/model";
import { WAITING_FOR_RECORD, type WaitingOn } from "./waiting-on";
import { MAX_ATTEMPTS, nextAttemptDelayMs } from "./backoff";

export type LedgerRecord = {
  id: string;
  companyId: string;
  system: SyncSystem;
  model: string;
  externalId: string;
  contentHash: string;
  attempts: number;
  /** As claimed (a deletion to carry); unknown when the caller did not read it. */
  deletedAt?: Date | null;
};
export type AttemptLog = { flow: string; startedAt: Date; request?: unknown; response?: unknown };

export type HoldReason = { code: string; message: string; field?: string };
/** Who stopped a record: Ledgerlink's own rules and checks, or the target system refusing the write (a failed posting). */
export type HeldBy = "RULES" | "TARGET";

type SyncedInput = AttemptLog & {
  counterpartId: string;
  warnings?: RecordWarning[];
  /** The other side's ledger row as we just wrote it, so its change coming back is known as our own echo. */
  echo?: { payload: unknown; hash: string };
};

/** A decided ending of one record, not yet written. `WAITING` is no attempt: the record waits for its date. */
export type Outcome =
  | { kind: "SYNCED"; record: LedgerRecord; o: SyncedInput }
  | { kind: "HELD"; record: LedgerRecord; o: AttemptLog & HoldReason & { heldBy: HeldBy } }
  | {
      kind: "FAILED" | "DEAD";
      record: LedgerRecord;
      o: AttemptLog & {
        code: string;
        message: string;
        retryClass: RetryClass;
        attempts: number;
        nextAttemptAt: Date | null;
      };
    }
  | { kind: "SKIPPED"; record: LedgerRecord; o: AttemptLog & { reason: string } }
  | { kind: "WAITING"; record: LedgerRecord; o: { code: string; until: Date; message: string } }
  | { kind: "WAITING_ON"; record: LedgerRecord; o: AttemptLog & { waitingOn: WaitingOn; message: string } };
/** How a record ended, as a run counts it: waiting for a date and waiting on another record are both WAITING. */
export type OutcomeKind = Exclude<Outcome["kind"], "WAITING_ON">;
const countedAs = (kind: Outcome["kind"]): OutcomeKind => (kind === "WAITING_ON" ? "WAITING" : kind);

export const synced = (record: LedgerRecord, o: SyncedInput): Outcome => ({ kind: "SYNCED", record, o });

export const held = (record: LedgerRecord, o: AttemptLog & HoldReason & { heldBy?: HeldBy }): Outcome => ({
  kind: "HELD",
  record,
  o: { ...o, heldBy: o.heldBy ?? "RULES" },
});

export const skipped = (record: LedgerRecord, o: AttemptLog & { reason: string }): Outcome => ({
  kind: "SKIPPED",
  record,
  o,
});

/**
 * A forward-dated document the company carries on its date: PENDING, due again when that day begins. Not an attempt:
 * no retry is counted and nothing is added to its timeline; the record says what it waits for.
 */
export const waitingForDate = (record: LedgerRecord, o: { code: string; until: Date; message: string }): Outcome => ({
  kind: "WAITING",
  record,
  o,
});

/**
 * Waiting on another ledger record (an invoice on its customer): PENDING and not due until the engine releases it
 * (waiting-on.ts). Its timeline gets a WAITING entry; no retry is counted and nobody is asked to act.
 */
export const waitingOnRecord = (
  record: LedgerRecord,
  o: AttemptLog & { waitingOn: WaitingOn; message: string },
): Outcome => ({ kind: "WAITING_ON", record, o });

/**
 * A failure: NEEDS_USER holds, BUG dead-letters at once, TRANSIENT / RATE_LIMITED retry with backoff until DEAD.
 * A NEEDS_USER error thrown by the write is the target refusing it (heldBy TARGET); thrown earlier, it is our rules'.
 */
export function failed(record: LedgerRecord, o: AttemptLog & { error: unknown; heldBy?: HeldBy }): Outcome {
  const e = o.error instanceof AppError ? o.error : null;
  const retryClass: RetryClass = e?.retryClass ?? "BUG";
  const code = e?.reason ?? e?.code ?? "INTERNAL";
  const message =
    e?.message ?? (o.error instanceof Error ? `Unexpected error: ${o.error.message}` : "Unexpected error");
  const log: AttemptLog = { flow: o.flow, startedAt: o.startedAt, request: o.request, response: o.response };
  if (retryClass === "NEEDS_USER")
    return held(record, {
      ...log,
      code,
      message,
      field: e?.fieldErrors ? Object.keys(e.fieldErrors)[0] : undefined,
      heldBy: o.heldBy ?? "TARGET",
    });
  const attempts = record.attempts + 1;
  const dead = retryClass === "BUG" || attempts >= MAX_ATTEMPTS;
  const nextAttemptAt = dead ? null : new Date(Date.now() + nextAttemptDelayMs(attempts, e?.retryAfterMs));
  return { kind: dead ? "DEAD" : "FAILED", record, o: { ...log, code, message, retryClass, attempts, nextAttemptAt } };
}

/** The record row as an ending leaves it; `null` keeps the column as it is. */
type RecordRow = {
  id: string;
  /** The content the ending is for (as claimed): a record changed or deleted since is left due for its new content. */
  carried: { hash: string; deleted: boolean | null };
  status: string;
  attempts: number | null;
  counterpartId: string | null;
  syncedHash: string | null;
  nextAttemptAt: Date | null;
  errorCode: string | null;
  errorMessage: string | null;
  errorField: string | null;
  retryClass: string | null;
  heldBy: string | null;
  warnings: RecordWarning[] | null;
  /** What the record waits on; every other ending waits on nothing. */
  waitingOn: WaitingOn | null;
};

const carriedOf = (record: LedgerRecord): RecordRow["carried"] => ({
  hash: record.contentHash,
  deleted: record.deletedAt === undefined ? null : record.deletedAt !== null,
});

function rowOf(outcome: Outcome): RecordRow {
  if (outcome.kind === "WAITING_ON") {
    const { record, o } = outcome;
    return {
      id: record.id,
      carried: carriedOf(record),
      status: "PENDING",
      attempts: null,
      counterpartId: null,
      syncedHash: null,
      nextAttemptAt: null,
      errorCode: WAITING_FOR_RECORD,
      errorMessage: o.message,
      errorField: null,
      retryClass: null,
      heldBy: null,
      warnings: null,
      waitingOn: o.waitingOn,
    };
  }
  return { ...endedRow(outcome), carried: carriedOf(outcome.record), waitingOn: null };
}

function endedRow({
  kind,
  record,
  o,
}: Exclude<Outcome, { kind: "WAITING_ON" }>): Omit<RecordRow, "waitingOn" | "carried"> {
  const clear = { errorCode: null, errorMessage: null, errorField: null, retryClass: null, heldBy: null };
  switch (kind) {
    case "SYNCED":
      return {
        id: record.id,
        status: "SYNCED",
        attempts: record.attempts + 1,
        counterpartId: o.counterpartId,
        syncedHash: record.contentHash,
        nextAttemptAt: null,
        ...clear,
        warnings: o.warnings ?? [],
      };
    case "HELD":
      return {
        id: record.id,
        status: "HELD",
        attempts: record.attempts + 1,
        counterpartId: null,
        syncedHash: null,
        nextAttemptAt: null,
        errorCode: o.code,
        errorMessage: o.message,
        errorField: o.field ?? null,
        retryClass: "NEEDS_USER",
        heldBy: o.heldBy,
        warnings: null,
      };
    case "FAILED":
    case "DEAD":
      return {
        id: record.id,
        status: kind,
        attempts: o.attempts,
        counterpartId: null,
        syncedHash: null,
        nextAttemptAt: o.nextAttemptAt,
        ...clear,
        errorCode: o.code,
        errorMessage: o.message,
        retryClass: o.retryClass,
        warnings: null,
      };
    case "SKIPPED":
      return {
        id: record.id,
        status: "SKIPPED",
        attempts: null,
        counterpartId: null,
        syncedHash: record.contentHash,
        nextAttemptAt: null,
        ...clear,
        errorMessage: o.reason,
        warnings: null,
      };
    case "WAITING":
      return {
        id: record.id,
        status: "PENDING",
        attempts: null,
        counterpartId: null,
        syncedHash: null,
        nextAttemptAt: o.until,
        ...clear,
        errorCode: o.code,
        errorMessage: o.message,
        warnings: null,
      };
  }
}

type AttemptRow = {
  recordId: string;
  companyId: string;
  flow: string;
  outcome: string;
  request: unknown;
  response: unknown;
  errorCode: string | null;
  errorMessage: string | null;
  retryClass: string | null;
  startedAt: Date;
};

function attemptOf({ kind, record, o }: Outcome): AttemptRow | null {
  const base = {
    companyId: record.companyId,
    recordId: record.id,
    errorCode: null,
    errorMessage: null,
    retryClass: null,
    response: undefined,
  };
  switch (kind) {
    case "SYNCED":
      return {
        ...base,
        flow: o.flow,
        outcome: "SYNCED",
        request: o.request,
        response: o.response,
        startedAt: o.startedAt,
      };
    case "HELD":
      return {
        ...base,
        flow: o.flow,
        outcome: "HELD",
        request: o.request,
        response: o.response,
        errorCode: o.code,
        errorMessage: o.message,
        retryClass: "NEEDS_USER",
        startedAt: o.startedAt,
      };
    case "FAILED":
    case "DEAD":
      return {
        ...base,
        flow: o.flow,
        outcome: kind,
        request: o.request,
        response: o.response,
        errorCode: o.code,
        errorMessage: o.message,
        retryClass: o.retryClass,
        startedAt: o.startedAt,
      };
    case "SKIPPED":
      return {
        ...base,
        flow: o.flow,
        outcome: "SKIPPED",
        errorMessage: o.reason,
        request: o.request,
        startedAt: o.startedAt,
      };
    case "WAITING":
      return null;
    case "WAITING_ON":
      return {
        ...base,
        flow: o.flow,
        outcome: "WAITING",
        request: o.request,
        errorCode: WAITING_FOR_RECORD,
        errorMessage: o.message,
        startedAt: o.startedAt,
      };
  }
}

/** JSON text for a jsonb column; nothing is JSON null, as Prisma's JsonNull wrote it. */
const jsonText = (v: unknown) => (v === undefined ? "null" : JSON.stringify(v));

/** Every attempt in one multi-row INSERT (the request and response as JSON text, not walked value by value). */
async function insertAttempts(tx: Prisma.TransactionClient, rows: readonly AttemptRow[]): Promise<void> {
  if (rows.length === 0) return;
  const finishedAt = new Date().toISOString();
  const values = rows.map(
    (a) =>
      Prisma.sql`(${newId()}, ${a.companyId}, ${a.recordId}, ${a.flow}, ${a.outcome}, ${jsonText(a.request)}::jsonb, ${jsonText(a.response)}::jsonb, ${a.errorCode}, ${a.errorMessage}, ${a.retryClass}, ${a.startedAt.toISOString()}::timestamp(3), ${finishedAt}::timestamp(3))`,
  );
  await tx.$executeRaw`
    INSERT INTO "SyncAttempt" ("id", "companyId", "recordId", "flow", "outcome", "request", "response", "errorCode", "errorMessage", "retryClass", "startedAt", "finishedAt")
    VALUES ${Prisma.join(values)}`;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Every row of `rows` in one UPDATE … FROM (VALUES …): each record's own values, `null` keeping a column. A record
 * whose content changed (or that was deleted) while it was carried — detect runs beside the loads — keeps what the
 * write made (its counterpart, what the other side now holds) but is left PENDING, due for its new content.
 */
async function updateRecords(tx: Prisma.TransactionClient, rows: readonly RecordRow[]): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map(
    (r) =>
      Prisma.sql`(${r.id}, ${r.carried.hash}, ${r.carried.deleted === null ? null : String(r.carried.deleted)}, ${r.status}, ${r.attempts === null ? null : String(r.attempts)}, ${r.counterpartId}, ${r.syncedHash}, ${iso(r.nextAttemptAt)}, ${r.errorCode}, ${r.errorMessage}, ${r.errorField}, ${r.retryClass}, ${r.heldBy}, ${r.warnings === null ? null : JSON.stringify(r.warnings)}, ${r.waitingOn?.system ?? null}, ${r.waitingOn?.model ?? null}, ${r.waitingOn?.externalId ?? null})`,
  );
  // Read from the row as locked by this UPDATE, so a change committed meanwhile is seen.
  const current = Prisma.sql`(r."contentHash" = v.hash AND (v.deleted IS NULL OR (r."deletedAt" IS NOT NULL) = v.deleted::boolean))`;
  const ifCurrent = (value: Prisma.Sql, otherwise: Prisma.Sql) =>
    Prisma.sql`CASE WHEN ${current} THEN ${value} ELSE ${otherwise} END`;
  await tx.$executeRaw`
    UPDATE "SyncRecord" AS r SET
      "status" = ${ifCurrent(Prisma.sql`v.status::"SyncRecordStatus"`, Prisma.sql`'PENDING'::"SyncRecordStatus"`)},
      "attempts" = ${ifCurrent(Prisma.sql`COALESCE(v.attempts::integer, r."attempts")`, Prisma.sql`r."attempts"`)},
      "counterpartId" = COALESCE(v.counterpart, r."counterpartId"),
      "syncedHash" = COALESCE(v.synced, r."syncedHash"),
      "nextAttemptAt" = ${ifCurrent(Prisma.sql`v.next::timestamp(3)`, Prisma.sql`NULL`)},
      "errorCode" = ${ifCurrent(Prisma.sql`v.code`, Prisma.sql`NULL`)},
      "errorMessage" = ${ifCurrent(Prisma.sql`v.message`, Prisma.sql`NULL`)},
      "errorField" = ${ifCurrent(Prisma.sql`v.field`, Prisma.sql`NULL`)},
      "retryClass" = ${ifCurrent(Prisma.sql`v.retry`, Prisma.sql`NULL`)},
      "heldBy" = ${ifCurrent(Prisma.sql`v.held`, Prisma.sql`NULL`)},
      "warnings" = ${ifCurrent(Prisma.sql`COALESCE(v.warnings::jsonb, r."warnings")`, Prisma.sql`r."warnings"`)},
      "waitingOnSystem" = ${ifCurrent(Prisma.sql`v.ws::"SyncSystem"`, Prisma.sql`NULL`)},
      "waitingOnModel" = ${ifCurrent(Prisma.sql`v.wm`, Prisma.sql`NULL`)},
      "waitingOnExternalId" = ${ifCurrent(Prisma.sql`v.we`, Prisma.sql`NULL`)},
      "updatedAt" = ${new Date().toISOString()}::timestamp(3)
    FROM (VALUES ${Prisma.join(values)}) AS v(id, hash, deleted, status, attempts, counterpart, synced, next, code, message, field, retry, held, warnings, ws, wm, we)
    WHERE r."id" = v.id`;
}

const LINK_CONFLICT = "LinkConflict";

/**
 * The links SYNCED endings make, read and made together: one that would link either side to a different partner is
 * refused (the record is held, as `linkEntities` refuses it), never overwritten.
 */
async function linkAll(tx: Prisma.TransactionClient, outcomes: Outcome[]): Promise<Outcome[]> {
  const wanted = outcomes.map((x) => {
    if (x.kind !== "SYNCED") return null;
    const { record, o } = x;
    return {
      companyId: record.companyId,
      model: record.model,
      kashflowId: record.system === "KASHFLOW" ? record.externalId : o.counterpartId,
      sage100Key: record.system === "SAGE100" ? record.externalId : o.counterpartId,
    };
  });
  const links = wanted.filter((w) => w !== null);
  if (links.length === 0) return outcomes;
  const groups = new Map<string, { companyId: string; model: string; kashflowIds: string[]; sage100Keys: string[] }>();
  for (const l of links) {
    const g = groups.get(`${l.companyId}\u0000${l.model}`) ?? {
      companyId: l.companyId,
      model: l.model,
      kashflowIds: [],
      sage100Keys: [],
    };
    g.kashflowIds.push(l.kashflowId);
    g.sage100Keys.push(l.sage100Key);
    groups.set(`${l.companyId}\u0000${l.model}`, g);
  }
  const existing = await tx.entityLink.findMany({
    where: {
      OR: [...groups.values()].map((g) => ({
        companyId: g.companyId,
        model: g.model,
        OR: [{ kashflowId: { in: g.kashflowIds } }, { sage100Key: { in: g.sage100Keys } }],
      })),
    },
    select: { companyId: true, model: true, kashflowId: true, sage100Key: true },
  });
  const k = (companyId: string, model: string, id: string) => `${companyId}\u0000${model}\u0000${id}`;
  const byKf = new Map(existing.map((l) => [k(l.companyId, l.model, l.kashflowId), l.sage100Key]));
  const bySage = new Map(existing.map((l) => [k(l.companyId, l.model, l.sage100Key), l.kashflowId]));
  const fresh: Prisma.EntityLinkCreateManyInput[] = [];
  const out = outcomes.map((x, i) => {
    const w = wanted[i];
    if (!w || x.kind !== "SYNCED") return x;
    const partner = byKf.get(k(w.companyId, w.model, w.kashflowId));
    if (partner === w.sage100Key) return x;
    if (partner !== undefined || bySage.has(k(w.companyId, w.model, w.sage100Key))) {
      // The write went through; the link is refused: a person decides which pair is right.
      const message = `KashFlow ${w.model} ${w.kashflowId} and Sage 100 ${w.sage100Key} are each already linked to something else.`;
      return held(x.record, {
        flow: x.o.flow,
        startedAt: x.o.startedAt,
        request: x.o.request,
        response: x.o.response,
        code: LINK_CONFLICT,
        message,
        heldBy: "RULES",
      });
    }
    byKf.set(k(w.companyId, w.model, w.kashflowId), w.sage100Key);
    bySage.set(k(w.companyId, w.model, w.sage100Key), w.kashflowId);
    fresh.push(w);
    return x;
  });
  if (fresh.length) await tx.entityLink.createMany({ data: fresh });
  return out;
}

/** The other side's rows SYNCED endings wrote (echoes): made, or settled when the change already came back. */
async function writeEchoes(tx: Prisma.TransactionClient, outcomes: Outcome[]): Promise<void> {
  const echoes = outcomes.flatMap((x) =>
    x.kind === "SYNCED" && x.o.echo ? [{ record: x.record, counterpartId: x.o.counterpartId, echo: x.o.echo }] : [],
  );
  if (echoes.length === 0) return;
  const other = (s: SyncSystem): SyncSystem => (s === "KASHFLOW" ? "SAGE100" : "KASHFLOW");
  const existing = await tx.syncRecord.findMany({
    where: {
      OR: echoes.map((e) => ({
        companyId: e.record.companyId,
        system: other(e.record.system),
        model: e.record.model,
        externalId: e.counterpartId,
      })),
    },
    select: { id: true, companyId: true, system: true, model: true, externalId: true, contentHash: true },
  });
  const found = new Map(
    existing.map((r) => [`${r.companyId}\u0000${r.system}\u0000${r.model}\u0000${r.externalId}`, r]),
  );
  const fresh: Prisma.SyncRecordCreateManyInput[] = [];
  for (const { record, counterpartId, echo } of echoes) {
    const system = other(record.system);
    const row = found.get(`${record.companyId}\u0000${system}\u0000${record.model}\u0000${counterpartId}`);
    if (!row) {
      fresh.push({
        companyId: record.companyId,
        system,
        model: record.model,
        externalId: counterpartId,
        contentHash: echo.hash,
        syncedHash: echo.hash,
        payload: echo.payload as Prisma.InputJsonValue,
        status: "SYNCED",
        counterpartId: record.externalId,
        lastSeenAt: new Date(),
      });
      continue;
    }
    // Already seen there (the change arrived before this commit): if it is what we wrote, it is settled.
    const settled = row.contentHash === echo.hash;
    await tx.syncRecord.update({
      where: { id: row.id },
      data: {
        syncedHash: echo.hash,
        counterpartId: record.externalId,
        ...(settled ? { status: "SYNCED" as const } : {}),
      },
    });
  }
  if (fresh.length) await tx.syncRecord.createMany({ data: fresh });
}

/** One transaction: links, echoes, every record's row and every attempt. Returns the endings as written. */
async function writeTogether(outcomes: Outcome[]): Promise<Outcome[]> {
  return transaction(async (tx) => {
    const written = await linkAll(tx, outcomes);
    await writeEchoes(tx, written);
    await updateRecords(tx, written.map(rowOf));
    await insertAttempts(
      tx,
      written.map(attemptOf).filter((a) => a !== null),
    );
    return written;
  });
}

/** One ending on its own, as the ledger always wrote it: a link refused holds the record. */
async function writeOne(outcome: Outcome): Promise<Outcome> {
  if (outcome.kind !== "SYNCED") return (await writeTogether([outcome]))[0]!;
  try {
    return (await writeTogether([outcome]))[0]!;
  } catch (error) {
    // The write went through; it is the ledger that failed: the record goes round again and finds what it wrote.
    const { record, o } = outcome;
    return (
      await writeTogether([
        failed(record, {
          flow: o.flow,
          startedAt: o.startedAt,
          request: o.request,
          response: o.response,
          error,
          heldBy: "RULES",
        }),
      ])
    )[0]!;
  }
}

/**
 * Writes the endings of a batch: together in one transaction (all or nothing), each record with its attempt. Should
 * that transaction fail (a link made meanwhile by another process, say), each is written on its own instead, so one
 * record's trouble is that record's alone. Returns how each ended, in order.
 */
export async function writeOutcomes(outcomes: readonly Outcome[]): Promise<OutcomeKind[]> {
  if (outcomes.length === 0) return [];
  try {
    return (await writeTogether([...outcomes])).map((x) => countedAs(x.kind));
  } catch (error) {
    if (outcomes.length === 1) return [countedAs((await writeOne(outcomes[0]!)).kind)];
    const kinds: OutcomeKind[] = [];
    for (const outcome of outcomes) kinds.push(countedAs((await writeOne(outcome)).kind));
    return kinds;
  }
}

/** One ending on its own (a record carried outside a batch); returns how it ended (a refused link holds it). */
export async function markSynced(record: LedgerRecord, o: SyncedInput): Promise<OutcomeKind> {
  return (await writeOutcomes([synced(record, o)]))[0]!;
}

export async function markHeld(record: LedgerRecord, o: AttemptLog & HoldReason & { heldBy?: HeldBy }): Promise<void> {
  await writeOutcomes([held(record, o)]);
}

export async function markSkipped(record: LedgerRecord, o: AttemptLog & { reason: string }): Promise<void> {
  await writeOutcomes([skipped(record, o)]);
}

export async function markWaitingForDate(
  record: LedgerRecord,
  o: { code: string; until: Date; message: string },
): Promise<void> {
  await writeOutcomes([waitingForDate(record, o)]);
}

export async function markFailed(
  record: LedgerRecord,
  o: AttemptLog & { error: unknown; heldBy?: HeldBy },
): Promise<"HELD" | "FAILED" | "DEAD"> {
  const [kind] = await writeOutcomes([failed(record, o)]);
  return kind as "HELD" | "FAILED" | "DEAD";
}
