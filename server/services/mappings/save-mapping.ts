// Adding, changing and removing lookup entries. The validation and the release of held records are the sync's own
// (server/sync/mappings/save-mapping.ts); this adds the company check, plain messages for empty fields, and the
// difference between adding a key (refused when it is already mapped) and changing an existing entry.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { db } from "@/server/db";
import { MAPPING_KINDS, mappingKind, type MappingKind } from "@/server/sync/mappings/kinds";
import { deleteMapping as deleteEntry, saveMapping } from "@/server/sync/mappings/save-mapping";
import { requireSyncCompany, type SyncScope } from "@/server/services/sync/company-scope";
import { parseInput } from "./parse-input";

type Actor = SyncScope & { userId: string };

const text = (max: number, what: string) => z.string().max(max, `At most ${max} characters for ${what}.`);
export const mappingNote = z.string().trim().max(200, "Keep the note under 200 characters.").nullish();

export const addMappingInput = z.object({
  kind: mappingKind,
  sourceKey: text(100, "the key"),
  targetValue: text(100, "the value"),
  note: mappingNote,
});
export const updateMappingInput = z.object({
  mappingId: z.string().trim().min(1).max(64),
  targetValue: text(100, "the value"),
  note: mappingNote,
});

function requireFilled(kind: MappingKind, o: { sourceKey?: string; targetValue: string }) {
  const spec = MAPPING_KINDS[kind];
  const fieldErrors: Record<string, string[]> = {};
  if (o.sourceKey !== undefined && !o.sourceKey.trim()) fieldErrors.sourceKey = [`Enter the ${spec.source}.`];
  if (!o.targetValue.trim()) fieldErrors.targetValue = [`Enter the ${spec.target}.`];
  if (Object.keys(fieldErrors).length) throw new AppError("BAD_REQUEST", "Some fields need fixing.", { fieldErrors });
}

/** Maps a key that has no entry yet; a key already mapped is refused on its field (change that entry instead). */
export async function addMapping(o: Actor & z.input<typeof addMappingInput>) {
  await requireSyncCompany(o);
  const input = parseInput(addMappingInput, o);
  requireFilled(input.kind, input);
  const normalized = MAPPING_KINDS[input.kind].sourceSchema.safeParse(input.sourceKey);
  if (normalized.success) {
    const existing = await db.mappingEntry.findUnique({
      where: { companyId_kind_sourceKey: { companyId: o.companyId, kind: input.kind, sourceKey: normalized.data } },
      select: { targetValue: true },
    });
    if (existing)
      throw AppError.field(
        "sourceKey",
        `${normalized.data} is already mapped to ${existing.targetValue}. Change that entry instead.`,
        "CONFLICT",
      );
  }
  const { entry, released } = await saveMapping({
    orgId: o.orgId,
    companyId: o.companyId,
    userId: o.userId,
    kind: input.kind,
    sourceKey: input.sourceKey,
    targetValue: input.targetValue,
    note: input.note || null,
  });
  return { id: entry.id, kind: input.kind, sourceKey: entry.sourceKey, targetValue: entry.targetValue, released };
}

/** Changes what an existing entry maps to (its key stays: remove the entry and add another to change the key). */
export async function updateMapping(o: Actor & z.input<typeof updateMappingInput>) {
  await requireSyncCompany(o);
  const input = parseInput(updateMappingInput, o);
  const current = await db.mappingEntry.findFirst({ where: { id: input.mappingId, companyId: o.companyId } });
  if (!current) throw AppError.notFound("Mapping");
  const kind = mappingKind.parse(current.kind);
  requireFilled(kind, input);
  const { entry, released } = await saveMapping({
    orgId: o.orgId,
    companyId: o.companyId,
    userId: o.userId,
    kind,
    sourceKey: current.sourceKey,
    targetValue: input.targetValue,
    note: input.note || null,
  });
  return { id: entry.id, kind, sourceKey: entry.sourceKey, targetValue: entry.targetValue, released };
}

export async function removeMapping(o: Actor & { mappingId: string }) {
  await requireSyncCompany(o);
  return deleteEntry({ orgId: o.orgId, companyId: o.companyId, userId: o.userId, mappingId: o.mappingId });
}
