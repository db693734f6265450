// Saving (or removing) a lookup entry; saving releases every record that was held waiting for exactly that entry.
import { AppError } from "@/lib/errors";
import { transaction } from "@/server/db";
import { recordAudit } from "@/server/services/audit";
import { MAPPING_KINDS, mappingField, type MappingKind } from "./kinds";
import { MAPPING_MISSING } from "./lookup";
import { requireValueInSageLists } from "./sage-list-check";

export async function saveMapping(o: {
  orgId: string;
  companyId: string;
  userId: string;
  kind: MappingKind;
  sourceKey: string;
  targetValue: string;
  note?: string | null;
}) {
  const spec = MAPPING_KINDS[o.kind];
  const source = spec.sourceSchema.safeParse(o.sourceKey);
  const target = spec.targetSchema.safeParse(o.targetValue);
  if (!source.success || !target.success) {
    throw new AppError("BAD_REQUEST", "Some fields need fixing.", {
      fieldErrors: {
        ...(source.success ? {} : { sourceKey: source.error.issues.map((i) => i.message) }),
        ...(target.success ? {} : { targetValue: target.error.issues.map((i) => i.message) }),
      },
    });
  }
  await requireValueInSageLists({ companyId: o.companyId, kind: o.kind, value: target.data });
  return transaction(async (tx) => {
    const entry = await tx.mappingEntry.upsert({
      where: { companyId_kind_sourceKey: { companyId: o.companyId, kind: o.kind, sourceKey: source.data } },
      create: {
        companyId: o.companyId,
        kind: o.kind,
        sourceKey: source.data,
        targetValue: target.data,
        note: o.note ?? null,
        updatedById: o.userId,
      },
      update: { targetValue: target.data, note: o.note ?? null, updatedById: o.userId },
    });
    const released = await tx.syncRecord.updateMany({
      where: {
        companyId: o.companyId,
        status: "HELD",
        errorCode: MAPPING_MISSING,
        errorField: mappingField(o.kind, source.data),
      },
      data: { status: "PENDING", attempts: 0, nextAttemptAt: null, heldBy: null },
    });
    await recordAudit(tx, {
      orgId: o.orgId,
      companyId: o.companyId,
      actorUserId: o.userId,
      action: "mapping.saved",
      targetType: "MappingEntry",
      targetId: entry.id,
      details: { kind: o.kind, sourceKey: source.data, targetValue: target.data, released: released.count },
    });
    return { entry, released: released.count };
  });
}

export async function deleteMapping(o: { orgId: string; companyId: string; userId: string; mappingId: string }) {
  return transaction(async (tx) => {
    const entry = await tx.mappingEntry.findFirst({ where: { id: o.mappingId, companyId: o.companyId } });
    if (!entry) throw AppError.notFound("Mapping");
    await tx.mappingEntry.delete({ where: { id: entry.id } });
    await recordAudit(tx, {
      orgId: o.orgId,
      companyId: o.companyId,
      actorUserId: o.userId,
      action: "mapping.deleted",
      targetType: "MappingEntry",
      targetId: entry.id,
      details: { kind: entry.kind, sourceKey: entry.sourceKey },
    });
    return { deleted: true };
  });
}
