// Reading the lookups during a run: one query per company and run, a Hold with guidance when an entry is missing.
import { db } from "@/server/db";
import { hold, type Hold } from "../engine/flow";
import { MAPPING_KINDS, mappingField, type MappingKind } from "./kinds";

export type Mappings = { get(kind: MappingKind, key: string): string | undefined };

export async function loadMappings(companyId: string): Promise<Mappings> {
  const rows = await db.mappingEntry.findMany({
    where: { companyId },
    select: { kind: true, sourceKey: true, targetValue: true },
  });
  const byKey = new Map(rows.map((r) => [`${r.kind}|${r.sourceKey}`, r.targetValue]));
  return { get: (kind, key) => byKey.get(`${kind}|${key}`) };
}

export const MAPPING_MISSING = "MAPPING_MISSING";

/** The mapped value, or a Hold that says which mapping to add ("Map KashFlow nominal 4000 to a Sage 100 G/L account."). */
export function mapOrHold(mappings: Mappings, kind: MappingKind, key: string): string | Hold {
  const value = mappings.get(kind, key);
  return value ?? hold(MAPPING_MISSING, MAPPING_KINDS[kind].ask(key), mappingField(kind, key));
}
