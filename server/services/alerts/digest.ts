// The digest: one email per PERSON across all their organizations (an accountant in 30 client organizations gets
// one, not 30), at or after 08:00 in the person's time zone, once per local day (UserDigest.lastDay, claimed
// atomically so two instances never both send it). Daily, or weekly on Mondays, per organization (AlertPreference
// .digest, default by role). A fixed number of queries whatever the number of people and companies.
import { db, Prisma } from "@/server/db";
import type { Role } from "@/server/generated/prisma/enums";
import { sendEmail } from "@/server/email/mailer";
import { digestEmail, type DigestEmailProps } from "@/server/email/templates/alerts/digest-email";
import { ALERT_KINDS, isAlertKind, type DigestFrequency } from "./kinds";
import {
  absoluteUrl,
  companyPath,
  kindListPath,
  listUnsubscribeHeaders,
  notificationsPath,
  preferencesPath,
  unsubscribePageUrl,
} from "./links";
import { FALLBACK_TIME_ZONE, formatLocalWhen, knownTimeZone, localTime, type LocalTime } from "./local-time";
import { digestFrequency } from "./preferences";
import { unsubscribeToken } from "./unsubscribe";

export const DIGEST_HOUR = 8;
// Size limits that keep a digest readable (and under mail clients' clipping size) for a firm with hundreds of
// clients: the worst companies first, the rest counted with a link to the organization's notifications.
const ALERTS_PER_COMPANY = 5;
const COMPANIES_PER_ORG = 10;
const COMPANIES_PER_DIGEST = 25;
const SEVERITY_ORDER: Record<string, number> = { critical: 0, warning: 1, info: 2 };

export type DigestPlan = {
  userId: string;
  email: string;
  timeZone: string;
  local: LocalTime;
  /** The organizations this digest covers today, in the order the person joined them. */
  orgs: { orgId: string; name: string; slug: string; frequency: Exclude<DigestFrequency, "off"> }[];
};

/** Who gets a digest now: local time at or after 08:00 (a late tick still sends that morning), not yet today. */
export async function planDigests(o: { now: Date; userIds?: string[] }): Promise<DigestPlan[]> {
  const userFilter = o.userIds ? { userId: { in: o.userIds } } : {};
  const [memberships, digests, prefs, firstZones] = await Promise.all([
    db.membership.findMany({
      where: userFilter,
      select: {
        userId: true,
        orgId: true,
        role: true,
        user: { select: { email: true } },
        org: { select: { name: true, slug: true } },
      },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    }),
    db.userDigest.findMany({ where: userFilter, select: { userId: true, timeZone: true, lastDay: true } }),
    db.alertPreference.findMany({
      where: { ...userFilter, digest: { not: null } },
      select: { userId: true, orgId: true, immediate: true, digest: true },
    }),
    // The time zone of the first company each person can see (the default when they chose none).
    db.$queryRaw<{ userId: string; timezone: string }[]>`
      SELECT DISTINCT ON (m."userId") m."userId", c.timezone
      FROM "Membership" m JOIN "Company" c ON c."orgId" = m."orgId"
      ${o.userIds ? Prisma.sql`WHERE m."userId" = ANY(${o.userIds})` : Prisma.empty}
      ORDER BY m."userId", c."createdAt", c.id`,
  ]);
  const digestOf = new Map(digests.map((d) => [d.userId, d]));
  const prefOf = new Map(prefs.map((p) => [`${p.orgId}|${p.userId}`, p]));
  const zoneOf = new Map(firstZones.map((z) => [z.userId, z.timezone]));
  const byUser = new Map<
    string,
    { email: string; memberships: { orgId: string; role: Role; name: string; slug: string }[] }
  >();
  for (const m of memberships) {
    const entry = byUser.get(m.userId) ?? { email: m.user.email, memberships: [] };
    entry.memberships.push({ orgId: m.orgId, role: m.role, name: m.org.name, slug: m.org.slug });
    byUser.set(m.userId, entry);
  }
  const plans: DigestPlan[] = [];
  for (const [userId, { email, memberships: mine }] of byUser) {
    const row = digestOf.get(userId);
    const timeZone = knownTimeZone(row?.timeZone) ?? knownTimeZone(zoneOf.get(userId)) ?? FALLBACK_TIME_ZONE;
    const local = localTime(o.now, timeZone);
    if (local.hour < DIGEST_HOUR || row?.lastDay === local.day) continue;
    const orgs: DigestPlan["orgs"] = [];
    for (const m of mine) {
      const frequency = digestFrequency(m.role, prefOf.get(`${m.orgId}|${userId}`));
      if (frequency === "daily" || (frequency === "weekly" && local.weekday === "Mon"))
        orgs.push({ orgId: m.orgId, name: m.name, slug: m.slug, frequency });
    }
    if (orgs.length > 0) plans.push({ userId, email, timeZone, local, orgs });
  }
  return plans;
}

/** Marks today as done for these people; returns those this call won (another instance may have been first). */
async function claimDigests(plans: DigestPlan[], now: Date): Promise<Set<string>> {
  if (plans.length === 0) return new Set();
  const rows = await db.$queryRaw<{ userId: string }[]>`
    INSERT INTO "UserDigest" ("userId", "lastDay", "updatedAt")
    SELECT u, d, ${now} FROM unnest(${plans.map((p) => p.userId)}::text[], ${plans.map((p) => p.local.day)}::text[]) AS t(u, d)
    ON CONFLICT ("userId") DO UPDATE SET "lastDay" = EXCLUDED."lastDay", "updatedAt" = EXCLUDED."updatedAt"
    WHERE "UserDigest"."lastDay" IS DISTINCT FROM EXCLUDED."lastDay"
    RETURNING "userId"`;
  return new Set(rows.map((r) => r.userId));
}

export type BuiltDigest =
  | { plan: DigestPlan; props: DigestEmailProps; headers: Record<string, string> }
  | { plan: DigestPlan; props: null };

/** The content of each digest: the open alerts of every company of the organizations it covers (two queries). */
export async function buildDigests(plans: DigestPlan[], now: Date): Promise<BuiltDigest[]> {
  const orgIds = [...new Set(plans.flatMap((p) => p.orgs.map((o) => o.orgId)))];
  if (orgIds.length === 0) return [];
  const [companies, alerts] = await Promise.all([
    db.company.findMany({
      where: { orgId: { in: orgIds } },
      select: { id: true, orgId: true, name: true, timezone: true },
    }),
    db.alert.findMany({
      where: { orgId: { in: orgIds }, resolvedAt: null },
      select: { companyId: true, kind: true, severity: true, title: true, href: true, count: true, firstSeenAt: true },
    }),
  ]);
  const companiesOf = new Map<string, typeof companies>();
  for (const c of companies) companiesOf.set(c.orgId, [...(companiesOf.get(c.orgId) ?? []), c]);
  const alertsOf = new Map<string, typeof alerts>();
  for (const a of alerts) alertsOf.set(a.companyId, [...(alertsOf.get(a.companyId) ?? []), a]);
  for (const list of alertsOf.values())
    list.sort(
      (a, b) =>
        (SEVERITY_ORDER[a.severity] ?? 3) - (SEVERITY_ORDER[b.severity] ?? 3) ||
        a.firstSeenAt.getTime() - b.firstSeenAt.getTime(),
    );

  // The content of one organization is the same for everyone who gets it: built once, then trimmed per digest.
  type Section = {
    name: string;
    notificationsUrl: string;
    quietCompanies: number;
    companies: (DigestEmailProps["orgs"][number]["companies"][number] & { problems: number })[];
  };
  const orgSections = new Map<string, Section>();
  const sectionOf = (org: DigestPlan["orgs"][number]): Section => {
    let section = orgSections.get(org.orgId);
    if (section) return section;
    const all = companiesOf.get(org.orgId) ?? [];
    const critical = (id: string) => alertsOf.get(id)!.filter((a) => a.severity === "critical").length;
    const withAlerts = all
      .filter((c) => (alertsOf.get(c.id)?.length ?? 0) > 0)
      .sort(
        (a, b) =>
          critical(b.id) - critical(a.id) ||
          alertsOf.get(b.id)!.length - alertsOf.get(a.id)!.length ||
          a.name.localeCompare(b.name),
      );
    section = {
      name: org.name,
      notificationsUrl: absoluteUrl(notificationsPath(org.slug)),
      quietCompanies: all.length - withAlerts.length,
      companies: withAlerts.map((c) => {
        const open = alertsOf.get(c.id)!;
        return {
          name: c.name,
          url: absoluteUrl(companyPath(org.slug, c.id)),
          problems: open.length,
          more: Math.max(0, open.length - ALERTS_PER_COMPANY),
          alerts: open.slice(0, ALERTS_PER_COMPANY).map((a) => ({
            title: a.title,
            kindLabel: isAlertKind(a.kind) ? ALERT_KINDS[a.kind].label : a.kind,
            count: a.count,
            url: absoluteUrl(a.href || kindListPath(a.kind, org.slug, c.id)),
            since: formatLocalWhen(a.firstSeenAt, c.timezone),
          })),
        };
      }),
    };
    orgSections.set(org.orgId, section);
    return section;
  };
  const trimmed = (sections: Section[]): DigestEmailProps["orgs"] => {
    let budget = COMPANIES_PER_DIGEST;
    return sections.map((s) => {
      const shown = s.companies.slice(0, Math.max(0, Math.min(COMPANIES_PER_ORG, budget)));
      budget -= shown.length;
      const rest = s.companies.slice(shown.length);
      return {
        name: s.name,
        notificationsUrl: s.notificationsUrl,
        quietCompanies: s.quietCompanies,
        companies: shown.map(({ problems: _problems, ...c }) => c),
        hidden: { companies: rest.length, problems: rest.reduce((n, c) => n + c.problems, 0) },
      };
    });
  };

  return plans.map((plan) => {
    const orgs = trimmed(plan.orgs.map(sectionOf).filter((s) => s.companies.length > 0));
    // Nothing open in any organization it covers: no email at all (an empty digest teaches people to ignore it).
    if (orgs.length === 0) return { plan, props: null };
    const weeklyOnly = plan.orgs.every((o) => o.frequency === "weekly");
    const names = plan.orgs.map((o) => o.name);
    const token = unsubscribeToken({ userId: plan.userId, orgId: "*", what: "digest" }, now);
    const settings = plan.orgs
      .slice(0, 3)
      .map((o) => ({ label: `Notification settings for ${o.name}`, url: absoluteUrl(preferencesPath(o.slug)) }));
    return {
      plan,
      props: {
        frequency: weeklyOnly ? "Weekly" : "Daily",
        day: new Intl.DateTimeFormat("en-GB", {
          timeZone: plan.timeZone,
          weekday: "long",
          day: "numeric",
          month: "long",
          year: "numeric",
        }).format(now),
        orgs,
        footer: {
          reason: `You get this digest because it is on for you in ${names.length <= 3 ? names.join(", ") : `${names.length} organizations (each has its own notification settings)`}. It comes at 08:00 ${plan.timeZone} time.`,
          preferences: settings,
          unsubscribe: {
            label:
              plan.orgs.length > 1
                ? "Stop these digests (all your organizations)"
                : `Stop these digests from ${names[0]}`,
            url: unsubscribePageUrl(token),
          },
        },
      },
      headers: listUnsubscribeHeaders(token),
    };
  });
}

/** Who is due, and what each digest says, without sending anything (the bench times this). */
export async function computeDigests(o: { now: Date; userIds?: string[] }): Promise<BuiltDigest[]> {
  return buildDigests(await planDigests(o), o.now);
}

export type DigestResult = { due: number; sent: number; empty: number };

export async function sendDigests(o: { now?: Date; userIds?: string[] } = {}): Promise<DigestResult> {
  const now = o.now ?? new Date();
  const plans = await planDigests({ now, userIds: o.userIds });
  const won = await claimDigests(plans, now);
  const built = await buildDigests(
    plans.filter((p) => won.has(p.userId)),
    now,
  );
  const sentTo: string[] = [];
  for (const digest of built) {
    if (!digest.props) continue;
    const { plan } = digest;
    await sendEmail({
      ...(await digestEmail(digest.props)),
      to: plan.email,
      kind: "alert.digest",
      orgId: plan.orgs.length === 1 ? plan.orgs[0]!.orgId : null,
      headers: digest.headers,
    });
    sentTo.push(plan.userId);
  }
  if (sentTo.length > 0)
    await db.userDigest.updateMany({ where: { userId: { in: sentTo } }, data: { lastSentAt: now } });
  return { due: won.size, sent: sentTo.length, empty: built.length - sentTo.length };
}
