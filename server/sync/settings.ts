// Per-company sync choices, stored as JSON and always read through this schema (defaults fill what is unset).
import { z } from "zod";
import { db, Prisma } from "@/server/db";

export const FIELD_OWNERS = ["KASHFLOW", "SAGE100", "MOST_RECENT"] as const;
const owner = z.enum(FIELD_OWNERS);

export const syncSettingsSchema = z.object({
  /** Minutes between KashFlow polls. */
  pollMinutes: z.number().int().min(1).max(24 * 60).default(15),
  /** Complete sweeps a record must be missing from before it counts as deleted. */
  deletionGraceSweeps: z.number().int().min(1).max(20).default(2),
  /** Who owns each group of fields when both systems changed a record. */
  ownership: z
    .object({
      names: owner.default("KASHFLOW"),
      contact: owner.default("KASHFLOW"),
      address: owner.default("KASHFLOW"),
      creditTerms: owner.default("SAGE100"),
      itemPricing: owner.default("SAGE100"),
    })
    .prefault({}),
  sage100: z
    .object({
      /** AR/AP division for new customers and vendors ("00" when divisions are off). */
      division: z.string().regex(/^\d{2}$/).default("00"),
      /** Where a UK county goes: an address line, or nowhere (dropped with a warning). */
      countyTo: z.enum(["address_line_3", "drop"]).default("address_line_3"),
      /** Sage's 2-letter State for addresses outside the US/Canada. */
      foreignState: z.string().max(2).default(""),
    })
    .prefault({}),
  /** Flows switched off for this company. */
  pausedFlows: z.array(z.string()).default([]),
});

export type SyncSettings = z.infer<typeof syncSettingsSchema>;

export function parseSyncSettings(raw: unknown): SyncSettings {
  return syncSettingsSchema.parse(raw ?? {});
}

export async function loadSyncSettings(companyId: string): Promise<SyncSettings> {
  const row = await db.syncSettings.findUnique({ where: { companyId } });
  return parseSyncSettings(row?.settings);
}

export async function saveSyncSettings(companyId: string, settings: SyncSettings): Promise<SyncSettings> {
  const valid = syncSettingsSchema.parse(settings);
  await db.syncSettings.upsert({ where: { companyId }, create: { companyId, settings: valid as Prisma.InputJsonValue }, update: { settings: valid as Prisma.InputJsonValue } });
  return valid;
}
