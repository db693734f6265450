// The company's lookup tables, one per kind, with the keys that held records are waiting for listed first: what
// each waiting key is, how many records wait for it, and one of them to look at.
import { db } from "@/server/db";
import { MAPPING_KINDS, type MappingKind } from "@/server/sync/mappings/kinds";
import { MAPPING_MISSING } from "@/server/sync/mappings/lookup";
import { requireSyncCompany, type SyncScope } from "@/server/services/sync/company-scope";

export const KIND_ORDER = Object.keys(MAPPING_KINDS) as MappingKind[];

/** "mapping:<kind>:<key>" → its kind and key (a key may itself hold colons); null for anything else. */
export function parseMappingField(field: string | null | undefined): { kind: MappingKind; key: string } | null {
  const m = /^mapping:([a-z_]+):(.+)$/s.exec(field ?? "");
  if (!m || !(m[1]! in MAPPING_KINDS)) return null;
  return { kind: m[1] as MappingKind, key: m[2]! };
}

export type MappingRow = {
  id: string;
  sourceKey: string;
  targetValue: string;
  note: string | null;
  updatedAt: Date;
  updatedBy: string | null;
  waiting: number;
};
export type WaitingKey = { key: string; count: number; ask: string; exampleRecordId: string; mappedTo: string | null };
export type MappingKindView = {
  kind: MappingKind;
  label: string;
  source: string;
  target: string;
  entries: MappingRow[];
  waiting: WaitingKey[];
};

export async function listMappings(scope: SyncScope) {
  await requireSyncCompany(scope);
  const { companyId } = scope;
  const [entries, waitingRows] = await Promise.all([
    db.mappingEntry.findMany({ where: { companyId }, orderBy: [{ kind: "asc" }, { sourceKey: "asc" }] }),
    db.$queryRaw<{ errorField: string; count: bigint; exampleRecordId: string }[]>`
      SELECT "errorField", count(*) AS "count", min("id") AS "exampleRecordId"
      FROM "SyncRecord"
      WHERE "companyId" = ${companyId} AND "status" = 'HELD'::"SyncRecordStatus" AND "errorCode" = ${MAPPING_MISSING} AND "errorField" LIKE ${"mapping:%"}
      GROUP BY "errorField"
      ORDER BY count(*) DESC, "errorField"
      LIMIT 500`,
  ]);
  const userIds = [...new Set(entries.map((e) => e.updatedById).filter((id): id is string => Boolean(id)))];
  const users = userIds.length
    ? await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, email: true } })
    : [];
  const who = new Map(users.map((u) => [u.id, u.name ?? u.email]));
  const mapped = new Map(entries.map((e) => [`${e.kind}|${e.sourceKey}`, e.targetValue]));

  const waitingByKind = new Map<MappingKind, WaitingKey[]>();
  const waitingCount = new Map<string, number>();
  for (const row of waitingRows) {
    const parsed = parseMappingField(row.errorField);
    if (!parsed) continue;
    const count = Number(row.count);
    waitingCount.set(`${parsed.kind}|${parsed.key}`, count);
    const list = waitingByKind.get(parsed.kind) ?? [];
    list.push({
      key: parsed.key,
      count,
      ask: MAPPING_KINDS[parsed.kind].ask(parsed.key),
      exampleRecordId: row.exampleRecordId,
      mappedTo: mapped.get(`${parsed.kind}|${parsed.key}`) ?? null,
    });
    waitingByKind.set(parsed.kind, list);
  }

  const kinds: MappingKindView[] = KIND_ORDER.map((kind) => ({
    kind,
    label: MAPPING_KINDS[kind].label,
    source: MAPPING_KINDS[kind].source,
    target: MAPPING_KINDS[kind].target,
    entries: entries
      .filter((e) => e.kind === kind)
      .map((e) => ({
        id: e.id,
        sourceKey: e.sourceKey,
        targetValue: e.targetValue,
        note: e.note,
        updatedAt: e.updatedAt,
        updatedBy: e.updatedById ? (who.get(e.updatedById) ?? null) : null,
        waiting: waitingCount.get(`${kind}|${e.sourceKey}`) ?? 0,
      })),
    waiting: waitingByKind.get(kind) ?? [],
  }));
  return { kinds, waitingRecords: kinds.reduce((n, k) => n + k.waiting.reduce((m, w) => m + w.count, 0), 0) };
}

export type MappingsView = Awaited<ReturnType<typeof listMappings>>;
