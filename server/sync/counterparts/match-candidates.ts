// Finding records in the other system's ledger rows that may be the same as the one we are about to create. The
// unlinked, unreserved rows are read once every few seconds per run (first connect of a big company would otherwise
// scan the whole ledger per record), matched in memory, and the few that look alike are checked again against the
// ledger as it stands now.
import { db } from "@/server/db";
import type { FlowRun } from "../engine/flow-run";
import type { ModelName, SyncSystem } from "@/server/domain/model";
import {
  normaliseCode,
  normaliseEmail,
  normaliseName,
  type MatchCandidate,
  type MatchSubject,
} from "../rules/matching";

export type LedgerCandidate = MatchCandidate & { status: string };
type Row = {
  externalId: string;
  status: string;
  code: string | null;
  name: string | null;
  postCode: string | null;
  emails: string[] | null;
};
type Snapshot = { at: number; rows: Promise<LedgerCandidate[]> };

/** How long one read of the candidates serves a run: short, so records another flow adds meanwhile are seen soon. */
const FRESH_MS = 5_000;

const OTHER: Record<SyncSystem, SyncSystem> = { KASHFLOW: "SAGE100", SAGE100: "KASHFLOW" };

function unlinkedRows(ctx: FlowRun, system: SyncSystem, model: ModelName): Promise<LedgerCandidate[]> {
  const rows =
    system === "SAGE100"
      ? db.$queryRaw<Row[]>`
          SELECT r."externalId", r.status::text AS status, r.payload->>'code' AS code, r.payload->>'name' AS name,
                 r.payload #>> '{billingAddress,postCode}' AS "postCode",
                 (SELECT array_agg(c->>'email') FROM jsonb_array_elements(CASE WHEN jsonb_typeof(r.payload->'contacts') = 'array' THEN r.payload->'contacts' ELSE '[]'::jsonb END) c) AS emails
          FROM "SyncRecord" r
          WHERE r."companyId" = ${ctx.companyId} AND r.system::text = 'SAGE100' AND r.model = ${model} AND r."deletedAt" IS NULL
            AND NOT EXISTS (SELECT 1 FROM "EntityLink" l WHERE l."companyId" = r."companyId" AND l.model = r.model AND l."sage100Key" = r."externalId")
            AND NOT EXISTS (SELECT 1 FROM "SyncRecord" o WHERE o."companyId" = r."companyId" AND o.system::text = 'KASHFLOW' AND o.model = r.model AND o."counterpartId" = r."externalId")`
      : db.$queryRaw<Row[]>`
          SELECT r."externalId", r.status::text AS status, r.payload->>'code' AS code, r.payload->>'name' AS name,
                 r.payload #>> '{billingAddress,postCode}' AS "postCode",
                 (SELECT array_agg(c->>'email') FROM jsonb_array_elements(CASE WHEN jsonb_typeof(r.payload->'contacts') = 'array' THEN r.payload->'contacts' ELSE '[]'::jsonb END) c) AS emails
          FROM "SyncRecord" r
          WHERE r."companyId" = ${ctx.companyId} AND r.system::text = 'KASHFLOW' AND r.model = ${model} AND r."deletedAt" IS NULL
            AND NOT EXISTS (SELECT 1 FROM "EntityLink" l WHERE l."companyId" = r."companyId" AND l.model = r.model AND l."kashflowId" = r."externalId")
            AND NOT EXISTS (SELECT 1 FROM "SyncRecord" o WHERE o."companyId" = r."companyId" AND o.system::text = 'SAGE100' AND o.model = r.model AND o."counterpartId" = r."externalId")`;
  return rows.then((list) =>
    list.map((r) => ({
      key: r.externalId,
      status: r.status,
      code: r.code ?? "",
      name: r.name ?? "",
      postCode: r.postCode,
      emails: (r.emails ?? []).filter((e): e is string => Boolean(e)),
    })),
  );
}

function snapshot(ctx: FlowRun, system: SyncSystem, model: ModelName): Promise<LedgerCandidate[]> {
  const byKey = ctx.memo("match-candidates", () => new Map<string, Snapshot>());
  const key = `${system}|${model}`;
  const held = byKey.get(key);
  if (held && Date.now() - held.at < FRESH_MS) return held.rows;
  const fresh = { at: Date.now(), rows: unlinkedRows(ctx, system, model) };
  byKey.set(key, fresh);
  return fresh.rows;
}

/** Rows of `system` that look like the subject (same code, name or email), still unlinked and unreserved now. */
export async function unlinkedCandidates(
  ctx: FlowRun,
  o: { system: SyncSystem; model: ModelName; selfId: string; subject: MatchSubject },
): Promise<LedgerCandidate[]> {
  const code = normaliseCode(o.subject.code);
  const name = normaliseName(o.subject.name);
  const emails = new Set(o.subject.emails.map(normaliseEmail).filter(Boolean));
  const alike = (await snapshot(ctx, o.system, o.model)).filter(
    (c) =>
      (code !== "" && normaliseCode(c.code) === code) ||
      (name !== "" && normaliseName(c.name) === name) ||
      c.emails.some((e) => emails.has(normaliseEmail(e))),
  );
  if (alike.length === 0) return [];
  const linkColumn = o.system === "SAGE100" ? "sage100Key" : "kashflowId";
  const [current, links, reserved] = await Promise.all([
    db.syncRecord.findMany({
      where: {
        companyId: ctx.companyId,
        system: o.system,
        model: o.model,
        externalId: { in: alike.map((c) => c.key) },
        deletedAt: null,
      },
      select: { externalId: true, status: true },
    }),
    db.entityLink.findMany({
      where: { companyId: ctx.companyId, model: o.model, [linkColumn]: { in: alike.map((c) => c.key) } },
      select: { sage100Key: true, kashflowId: true },
    }),
    db.syncRecord.findMany({
      where: {
        companyId: ctx.companyId,
        system: OTHER[o.system],
        model: o.model,
        counterpartId: { in: alike.map((c) => c.key) },
        id: { not: o.selfId },
      },
      select: { counterpartId: true },
    }),
  ]);
  const status = new Map(current.map((r) => [r.externalId, r.status as string]));
  const taken = new Set([...links.map((l) => l[linkColumn]), ...reserved.map((r) => r.counterpartId)]);
  return alike
    .filter((c) => status.has(c.key) && !taken.has(c.key))
    .map((c) => ({ ...c, status: status.get(c.key)! }))
    .sort((a, b) => a.key.localeCompare(b.key));
}
