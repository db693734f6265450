// A person's alert choices in one organization: their AlertPreference row over the defaults of their role.
// Only kinds flagged `immediate` in kinds.ts are ever emailed at once; the others reach people through the digest.
import { z } from "zod";
import { timezone } from "@/lib/schemas";
import { db, type DbOrTx } from "@/server/db";
import type { Role } from "@/server/generated/prisma/enums";
import {
  ALERT_KIND_LIST,
  ALERT_KINDS,
  defaultDigest,
  defaultImmediate,
  type AlertKind,
  type DigestFrequency,
} from "./kinds";
import { FALLBACK_TIME_ZONE, knownTimeZone } from "./local-time";

export const IMMEDIATE_KINDS = ALERT_KIND_LIST.filter((k) => ALERT_KINDS[k].immediate);
export const DIGEST_FREQUENCIES = ["daily", "weekly", "off"] as const satisfies readonly DigestFrequency[];

type StoredPreference = { immediate: unknown; digest: string | null } | null | undefined;

function storedImmediate(pref: StoredPreference): Partial<Record<AlertKind, boolean>> {
  const raw = pref?.immediate;
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return {};
  const out: Partial<Record<AlertKind, boolean>> = {};
  for (const [k, v] of Object.entries(raw)) if (k in ALERT_KINDS && typeof v === "boolean") out[k as AlertKind] = v;
  return out;
}

/** Whether this person gets an email at once for `kind` in this organization. */
export function wantsImmediate(role: Role, pref: StoredPreference, kind: AlertKind): boolean {
  if (!ALERT_KINDS[kind].immediate) return false;
  return storedImmediate(pref)[kind] ?? defaultImmediate(role, kind);
}

export function digestFrequency(role: Role, pref: StoredPreference): DigestFrequency {
  const d = pref?.digest;
  return d === "daily" || d === "weekly" || d === "off" ? d : defaultDigest(role);
}

export type PreferencesView = {
  immediate: { kind: AlertKind; label: string; description: string; on: boolean; roleDefault: boolean }[];
  digestOnly: { kind: AlertKind; label: string; description: string }[];
  digest: DigestFrequency;
  digestRoleDefault: DigestFrequency;
  /** The zone the person chose for their digest (all organizations), or null: the first company's, else London. */
  timezone: string | null;
  /** The first company's zone (else London): what "automatic" means. */
  defaultTimezone: string;
  effectiveTimezone: string;
};

export async function getAlertPreferences(o: { orgId: string; userId: string; role: Role }): Promise<PreferencesView> {
  const [pref, digestRow, defaultTimezone] = await Promise.all([
    db.alertPreference.findUnique({
      where: { userId_orgId: { userId: o.userId, orgId: o.orgId } },
      select: { immediate: true, digest: true },
    }),
    db.userDigest.findUnique({ where: { userId: o.userId }, select: { timeZone: true } }),
    defaultDigestTimeZone(o.userId),
  ]);
  return {
    immediate: IMMEDIATE_KINDS.map((kind) => ({
      kind,
      label: ALERT_KINDS[kind].label,
      description: ALERT_KINDS[kind].description,
      on: wantsImmediate(o.role, pref, kind),
      roleDefault: defaultImmediate(o.role, kind),
    })),
    digestOnly: ALERT_KIND_LIST.filter((k) => !ALERT_KINDS[k].immediate).map((kind) => ({
      kind,
      label: ALERT_KINDS[kind].label,
      description: ALERT_KINDS[kind].description,
    })),
    digest: digestFrequency(o.role, pref),
    digestRoleDefault: defaultDigest(o.role),
    timezone: knownTimeZone(digestRow?.timeZone),
    defaultTimezone,
    effectiveTimezone: knownTimeZone(digestRow?.timeZone) ?? defaultTimezone,
  };
}

/** The time zone of the first company the person can see (oldest membership, oldest company), else London. */
export async function defaultDigestTimeZone(userId: string): Promise<string> {
  const company = await db.company.findFirst({
    where: { org: { memberships: { some: { userId } } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { timezone: true },
  });
  return knownTimeZone(company?.timezone) ?? FALLBACK_TIME_ZONE;
}

export const preferencesInput = z.object({
  immediate: z
    .object(
      Object.fromEntries(IMMEDIATE_KINDS.map((k) => [k, z.boolean().optional()])) as Record<
        AlertKind,
        z.ZodOptional<z.ZodBoolean>
      >,
    )
    .partial()
    .optional(),
  digest: z.enum(DIGEST_FREQUENCIES, { message: "Pick daily, weekly or off." }).optional(),
  // null: follow the first company's time zone
  timezone: timezone.nullable().optional(),
});
export type PreferencesInput = z.infer<typeof preferencesInput>;

/** Saves this person's own choices (a choice made is kept even if their role later changes). */
export async function updateAlertPreferences(o: {
  orgId: string;
  userId: string;
  role: Role;
  changes: PreferencesInput;
}): Promise<PreferencesView> {
  await db.$transaction(async (tx) => {
    if (o.changes.immediate || o.changes.digest) {
      await setPreference(tx, {
        orgId: o.orgId,
        userId: o.userId,
        immediate: o.changes.immediate ?? {},
        digest: o.changes.digest,
      });
    }
    if (o.changes.timezone !== undefined) {
      await tx.userDigest.upsert({
        where: { userId: o.userId },
        create: { userId: o.userId, timeZone: o.changes.timezone },
        update: { timeZone: o.changes.timezone },
      });
    }
  });
  return getAlertPreferences(o);
}

/** Merges immediate choices into the stored ones (and sets the digest when given); one row per person and org. */
export async function setPreference(
  tx: DbOrTx,
  o: {
    orgId: string;
    userId: string;
    immediate: Partial<Record<AlertKind, boolean | undefined>>;
    digest?: DigestFrequency;
  },
) {
  const existing = await tx.alertPreference.findUnique({
    where: { userId_orgId: { userId: o.userId, orgId: o.orgId } },
    select: { immediate: true, digest: true },
  });
  const immediate: Partial<Record<AlertKind, boolean>> = { ...storedImmediate(existing) };
  for (const [k, v] of Object.entries(o.immediate))
    if (typeof v === "boolean" && k in ALERT_KINDS) immediate[k as AlertKind] = v;
  const digest = o.digest ?? existing?.digest ?? null;
  await tx.alertPreference.upsert({
    where: { userId_orgId: { userId: o.userId, orgId: o.orgId } },
    create: { userId: o.userId, orgId: o.orgId, immediate, digest },
    update: { immediate, digest },
  });
}
