// The sync settings form: field ownership, the address county rule, poll interval, deletion grace. Read and written
// through server/sync/settings.ts (its schema fills defaults and has the last word); the form's own schema gives
// messages a person can act on, per field. Paused flows are not part of the form (see set-flow-paused.ts).
import { z } from "zod";
import { transaction, Prisma } from "@/server/db";
import { FIELD_OWNERS, loadSyncSettings, parseSyncSettings, syncSettingsSchema, type SyncSettings } from "@/server/sync/settings";
import { recordAudit } from "@/server/services/audit";
import { requireSyncCompany, type SyncScope } from "./company-scope";

const owner = z.enum(FIELD_OWNERS, { message: "Pick KashFlow, Sage 100 or most recent." });
const whole = (label: string, min: number, max: number) =>
  z.number({ message: `Enter the ${label} as a whole number.` }).int(`Enter the ${label} as a whole number.`).min(min, `Use at least ${min}.`).max(max, `Use at most ${max.toLocaleString("en-GB")}.`);

export const OWNERSHIP_GROUPS = ["names", "contact", "address", "creditTerms", "itemPricing"] as const;

export const syncSettingsFormSchema = z.object({
  pollMinutes: whole("poll interval", 1, 24 * 60),
  deletionGraceSweeps: whole("deletion grace", 1, 20),
  ownership: z.object({ names: owner, contact: owner, address: owner, creditTerms: owner, itemPricing: owner }),
  sage100: z.object({
    division: z.string().trim().regex(/^\d{2}$/, "Use two digits, such as 00."),
    countyTo: z.enum(["address_line_3", "drop"], { message: "Pick where the county goes." }),
    foreignState: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^([A-Z]{2})?$/, "Use two letters, or leave it empty."),
  }),
});
export type SyncSettingsForm = z.infer<typeof syncSettingsFormSchema>;

export async function getSyncSettingsForm(scope: SyncScope): Promise<SyncSettingsForm> {
  await requireSyncCompany(scope);
  return formOf(await loadSyncSettings(scope.companyId));
}

/** Exactly the form's fields (the engine's settings may carry more). */
function formOf(s: SyncSettings): SyncSettingsForm {
  const { names, contact, address, creditTerms, itemPricing } = s.ownership;
  const { division, countyTo, foreignState } = s.sage100;
  return { pollMinutes: s.pollMinutes, deletionGraceSweeps: s.deletionGraceSweeps, ownership: { names, contact, address, creditTerms, itemPricing }, sage100: { division, countyTo, foreignState } };
}

export async function updateSyncSettings(o: SyncScope & { userId: string; settings: SyncSettingsForm }): Promise<SyncSettingsForm> {
  const form = syncSettingsFormSchema.parse(o.settings);
  return transaction(async (tx) => {
    await requireSyncCompany(o, tx);
    const row = await tx.syncSettings.findUnique({ where: { companyId: o.companyId } });
    const before = parseSyncSettings(row?.settings);
    // Keep what the form does not show (paused flows, anything added later); the engine's schema has the last word.
    const next = syncSettingsSchema.parse({ ...before, ...form, ownership: { ...before.ownership, ...form.ownership }, sage100: { ...before.sage100, ...form.sage100 } });
    const json = next as Prisma.InputJsonValue;
    await tx.syncSettings.upsert({ where: { companyId: o.companyId }, create: { companyId: o.companyId, settings: json }, update: { settings: json } });
    const changed = changedKeys(before, next);
    if (changed.length > 0) {
      await recordAudit(tx, { orgId: o.orgId, companyId: o.companyId, actorUserId: o.userId, action: "sync.settings_updated", targetType: "SyncSettings", targetId: o.companyId, details: { changed } });
    }
    return formOf(next);
  });
}

/** "ownership.names", "pollMinutes"...: the leaves that differ. */
function changedKeys(a: unknown, b: unknown, prefix = ""): string[] {
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) => changedKeys((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], prefix ? `${prefix}.${k}` : k));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [prefix];
}
