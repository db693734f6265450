// The records view: the ledger of one company, filtered by model, system, status and text, newest first, paged by
// keyset on the id (cuid, so roughly creation order). Uses the existing indexes: (companyId, model, status),
// (companyId, status, nextAttemptAt) and the primary key; the text search scans only the company's rows.
import { z } from "zod";
import { db, Prisma } from "@/server/db";
import { SyncRecordStatus, SyncSystem } from "@/server/generated/prisma/enums";
import { MODELS } from "@/server/domain/model";
import { requireSyncCompany, type SyncScope } from "./company-scope";
import { waitingForOf, type WaitingFor } from "./waiting-for";

export const PAGE_SIZE = 50;

const cursor = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+$/, "Not a page cursor.");

export const recordFilterSchema = z.object({
  model: z.enum(MODELS, { message: "Pick a model from the list." }).optional(),
  system: z.enum(SyncSystem, { message: "Pick KashFlow or Sage 100." }).optional(),
  status: z.enum(SyncRecordStatus, { message: "Pick a status from the list." }).optional(),
  /** Matches the external id, the counterpart id, the name inside the payload or the error message. */
  q: z.string().trim().max(100, "Search for at most 100 characters.").optional(),
  /** Older than this record (the next page). */
  after: cursor.optional(),
  /** Newer than this record (the previous page). */
  before: cursor.optional(),
  limit: z.number().int().min(1).max(100).default(PAGE_SIZE),
});
export type RecordFilter = z.input<typeof recordFilterSchema>;

export type RecordRow = {
  id: string;
  system: SyncSystem;
  model: string;
  externalId: string;
  name: string | null;
  status: SyncRecordStatus;
  counterpartId: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  errorField: string | null;
  retryClass: string | null;
  attempts: number;
  nextAttemptAt: Date | null;
  warningCount: number;
  deletedAt: Date | null;
  updatedAt: Date;
  /** The record it waits on before it can go (PENDING meanwhile, nobody's to act on). */
  waitingFor: WaitingFor | null;
};

type RawRow = Omit<RecordRow, "warningCount" | "waitingFor"> & {
  warningCount: number | bigint;
  waitingOnSystem: SyncSystem | null;
  waitingOnModel: string | null;
  waitingOnExternalId: string | null;
};

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function whereOf(companyId: string, f: z.output<typeof recordFilterSchema>): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`"companyId" = ${companyId}`];
  if (f.model) parts.push(Prisma.sql`"model" = ${f.model}`);
  if (f.system) parts.push(Prisma.sql`"system" = ${f.system}::"SyncSystem"`);
  if (f.status) parts.push(Prisma.sql`"status" = ${f.status}::"SyncRecordStatus"`);
  if (f.q) {
    const like = likePattern(f.q);
    parts.push(
      Prisma.sql`("externalId" ILIKE ${like} OR "counterpartId" ILIKE ${like} OR ("payload"->>'name') ILIKE ${like} OR "errorMessage" ILIKE ${like})`,
    );
  }
  if (f.after) parts.push(Prisma.sql`"id" < ${f.after}`);
  else if (f.before) parts.push(Prisma.sql`"id" > ${f.before}`);
  return Prisma.join(parts, " AND ");
}

export async function listSyncRecords(scope: SyncScope & { filter: RecordFilter }) {
  await requireSyncCompany(scope);
  const f = recordFilterSchema.parse(scope.filter);
  const backwards = !f.after && Boolean(f.before);
  const rows = await db.$queryRaw<RawRow[]>`
    SELECT "id", "system"::text AS "system", "model", "externalId", ("payload"->>'name') AS "name", "status"::text AS "status", "counterpartId",
           "errorCode", "errorMessage", "errorField", "retryClass", "attempts", "nextAttemptAt",
           CASE WHEN jsonb_typeof("warnings") = 'array' THEN jsonb_array_length("warnings") ELSE 0 END AS "warningCount",
           "deletedAt", "updatedAt", "waitingOnSystem"::text AS "waitingOnSystem", "waitingOnModel", "waitingOnExternalId"
    FROM "SyncRecord"
    WHERE ${whereOf(scope.companyId, f)}
    ORDER BY "id" ${backwards ? Prisma.sql`ASC` : Prisma.sql`DESC`}
    LIMIT ${f.limit + 1}`;
  const more = rows.length > f.limit;
  const waits = await waitingForOf(scope.companyId, rows.slice(0, f.limit));
  const page: RecordRow[] = rows
    .slice(0, f.limit)
    .map(({ waitingOnSystem: _s, waitingOnModel: _m, waitingOnExternalId: _e, ...r }) => ({
      ...r,
      warningCount: Number(r.warningCount),
      waitingFor: waits.get(r.id) ?? null,
    }));
  if (backwards) page.reverse();
  const first = page[0]?.id ?? null;
  const last = page[page.length - 1]?.id ?? null;
  return {
    rows: page,
    /** Cursor for the next (older) page, or null on the last page. */
    nextAfter: backwards ? last : more ? last : null,
    /** Cursor for the previous (newer) page, or null on the first page. */
    prevBefore: backwards ? (more ? first : null) : f.after ? first : null,
  };
}

export type RecordPage = Awaited<ReturnType<typeof listSyncRecords>>;
