// Alert delivery: the immediate emails. Open alerts nobody has looked at yet are claimed under one Postgres advisory
// lock (so two app instances never send the same email), grouped per company and kind, throttled to one email per
// company and kind an hour, and sent to each member whose preference for that kind is on. An agent_offline alert
// that was emailed and is now resolved sends "back online" to those who got the offline email.
import { db, Prisma, transaction, type DbOrTx } from "@/server/db";
import type { Role } from "@/server/generated/prisma/enums";
import { ROLE_LABELS } from "@/server/services/roles";
import { sendEmail } from "@/server/email/mailer";
import { alertEmail } from "@/server/email/templates/alerts/alert-email";
import { backOnlineEmail } from "@/server/email/templates/alerts/back-online-email";
import type { AlertFooter } from "@/server/email/templates/alerts/layout";
import { ALERT_KINDS, isAlertKind, type AlertKind } from "./kinds";
import {
  absoluteUrl,
  companyPath,
  groupPath,
  listUnsubscribeHeaders,
  preferencesPath,
  unsubscribePageUrl,
} from "./links";
import { formatLocalWhen } from "./local-time";
import { wantsImmediate } from "./preferences";
import { unsubscribeToken } from "./unsubscribe";

export const THROTTLE_MS = 60 * 60_000;
const BATCH = 2000;
const LOCK = "ledgerlink:alerts:deliver";
/** Header naming the alerts an email announced: "back online" finds who was told the agent was offline. */
export const ALERTS_HEADER = "X-Ledgerlink-Alerts";

type Claimed = {
  id: string;
  companyId: string;
  kind: string;
  title: string;
  href: string;
  count: number;
  firstSeenAt: Date;
  resolvedAt: Date | null;
  orgId: string;
  companyName: string;
  timezone: string;
  orgName: string;
  orgSlug: string;
};

type Member = { orgId: string; role: Role; userId: string; email: string };
type Group = { key: string; kind: AlertKind; alerts: Claimed[]; recipients: Member[] };

export type DeliverResult = { claimed: number; groups: number; emails: number; backOnline: number };

/** `companyIds` limits a run to some companies (a tick requested for them, and tests); by default, all. */
export async function deliverAlerts(o: { now?: Date; companyIds?: string[] } = {}): Promise<DeliverResult> {
  const now = o.now ?? new Date();
  const only = o.companyIds ? Prisma.sql`AND a."companyId" = ANY(${o.companyIds})` : Prisma.empty;
  const result: DeliverResult = { claimed: 0, groups: 0, emails: 0, backOnline: 0 };
  for (;;) {
    const { claimed, groups } = await claimAndReserve(now, only);
    result.claimed += claimed;
    result.groups += groups.length;
    for (const group of groups) result.emails += await sendGroup(group, now);
    if (claimed < BATCH) break;
  }
  result.backOnline = await sendBackOnline(now, only);
  return result;
}

/**
 * One transaction under the advisory lock: claim the alerts due for delivery (deliveredAt), and reserve the
 * throttle slot of every group that has recipients (an AlertEmail row), so the throttle check and the claim can
 * never interleave between instances. Emails are sent after the commit: at most once, never twice.
 */
async function claimAndReserve(now: Date, only: Prisma.Sql): Promise<{ claimed: number; groups: Group[] }> {
  return transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtext(${LOCK}))) AS l`;
    // An alert arriving within the hour after its company+kind was emailed stays undelivered and is folded into the
    // next email once the hour is up (or, if it resolves first, is only ever seen in the app and the digest).
    const since = new Date(now.getTime() - THROTTLE_MS);
    const claimed = await tx.$queryRaw<Claimed[]>`
      UPDATE "Alert" AS u SET "deliveredAt" = ${now}
      FROM "Company" c, "Organization" o
      WHERE c.id = u."companyId" AND o.id = c."orgId" AND u.id IN (
        SELECT a.id FROM "Alert" a
        WHERE a."deliveredAt" IS NULL ${only}
          AND (a."resolvedAt" IS NOT NULL OR NOT EXISTS (
            SELECT 1 FROM "AlertEmail" e WHERE e."companyId" = a."companyId" AND e.kind = a.kind AND e."sentAt" > ${since}))
        ORDER BY a."firstSeenAt", a.id
        LIMIT ${BATCH}
        FOR UPDATE SKIP LOCKED)
      RETURNING u.id, u."companyId", u.kind, u.title, u.href, u.count, u."firstSeenAt", u."resolvedAt",
        c."orgId", c.name AS "companyName", c.timezone, o.name AS "orgName", o.slug AS "orgSlug"`;
    // Resolved before anyone was told, or a kind that only goes to the digest: delivered, no email.
    const emailable = claimed.filter(
      (a) => a.resolvedAt === null && isAlertKind(a.kind) && ALERT_KINDS[a.kind].immediate,
    );
    if (emailable.length === 0) return { claimed: claimed.length, groups: [] };

    const orgIds = [...new Set(emailable.map((a) => a.orgId))];
    const members = await membersOf(tx, orgIds);
    const byKey = new Map<string, Group>();
    for (const alert of emailable.sort((a, b) => a.firstSeenAt.getTime() - b.firstSeenAt.getTime())) {
      const key = `${alert.companyId}|${alert.kind}`;
      let group = byKey.get(key);
      if (!group) {
        const kind = alert.kind as AlertKind;
        group = { key, kind, alerts: [], recipients: (members.get(alert.orgId) ?? []).filter((m) => m.wants(kind)) };
        byKey.set(key, group);
      }
      group.alerts.push(alert);
    }
    const groups = [...byKey.values()].filter((g) => g.recipients.length > 0);
    if (groups.length > 0) {
      await tx.alertEmail.createMany({
        data: groups.map((g) => ({
          companyId: g.alerts[0]!.companyId,
          kind: g.kind,
          alerts: g.alerts.length,
          recipients: g.recipients.length,
          sentAt: now,
        })),
      });
    }
    return { claimed: claimed.length, groups };
  });
}

type Recipient = Member & { wants: (kind: AlertKind) => boolean };

/** Every member of these organizations with their stored preferences: two queries for any number of people. */
export async function membersOf(tx: DbOrTx, orgIds: string[]): Promise<Map<string, Recipient[]>> {
  // One after the other: a transaction's connection runs one query at a time.
  const memberships = await tx.membership.findMany({
    where: { orgId: { in: orgIds } },
    select: { orgId: true, role: true, userId: true, user: { select: { email: true } } },
    orderBy: { createdAt: "asc" },
  });
  const prefs = await tx.alertPreference.findMany({
    where: { orgId: { in: orgIds } },
    select: { orgId: true, userId: true, immediate: true, digest: true },
  });
  const prefOf = new Map(prefs.map((p) => [`${p.orgId}|${p.userId}`, p]));
  const out = new Map<string, Recipient[]>();
  for (const m of memberships) {
    const pref = prefOf.get(`${m.orgId}|${m.userId}`);
    const list = out.get(m.orgId) ?? [];
    list.push({
      orgId: m.orgId,
      role: m.role,
      userId: m.userId,
      email: m.user.email,
      wants: (kind) => wantsImmediate(m.role, pref, kind),
    });
    out.set(m.orgId, list);
  }
  return out;
}

export function roleWithArticle(role: Role): string {
  const label = ROLE_LABELS[role].toLowerCase();
  return `${/^[aeiou]/.test(label) ? "an" : "a"} ${label}`;
}

function footerFor(
  member: Member,
  orgName: string,
  orgSlug: string,
  kind: AlertKind,
  now: Date,
): { footer: AlertFooter; headers: Record<string, string> } {
  const label = ALERT_KINDS[kind].label;
  const token = unsubscribeToken({ userId: member.userId, orgId: member.orgId, what: kind }, now);
  return {
    footer: {
      reason: `You get this because you are ${roleWithArticle(member.role)} in ${orgName} and "${label}" emails are on for you.`,
      preferences: [
        { label: `Manage your notification settings for ${orgName}`, url: absoluteUrl(preferencesPath(orgSlug)) },
      ],
      unsubscribe: { label: `Unsubscribe from "${label}" emails from ${orgName}`, url: unsubscribePageUrl(token) },
    },
    headers: listUnsubscribeHeaders(token),
  };
}

async function sendGroup(group: Group, now: Date): Promise<number> {
  const first = group.alerts[0]!;
  const path = groupPath(group.alerts, group.kind, first.orgSlug, first.companyId);
  const link = {
    label: group.alerts.length === 1 ? "Open in Ledgerlink" : `See all ${group.alerts.length} in Ledgerlink`,
    url: absoluteUrl(path),
  };
  const alerts = group.alerts.map((a) => ({
    title: a.title,
    count: a.count,
    since: formatLocalWhen(a.firstSeenAt, a.timezone),
  }));
  let sent = 0;
  for (const member of group.recipients) {
    const { footer, headers } = footerFor(member, first.orgName, first.orgSlug, group.kind, now);
    const content = await alertEmail({
      orgName: first.orgName,
      companyName: first.companyName,
      kindLabel: ALERT_KINDS[group.kind].label,
      alerts,
      link,
      footer,
    });
    await sendEmail({
      ...content,
      to: member.email,
      kind: `alert.${group.kind}`,
      orgId: member.orgId,
      headers: { ...headers, [ALERTS_HEADER]: group.alerts.map((a) => a.id).join(",") },
    });
    sent += 1;
  }
  await db.alert.updateMany({ where: { id: { in: group.alerts.map((a) => a.id) } }, data: { emailedAt: now } });
  return sent;
}

/** "Back online" for each emailed agent_offline alert now resolved: claimed row by row (resolvedEmailedAt). */
async function sendBackOnline(now: Date, only: Prisma.Sql): Promise<number> {
  const resolved = await db.$queryRaw<Claimed[]>`
    UPDATE "Alert" a SET "resolvedEmailedAt" = ${now}
    FROM "Company" c, "Organization" o
    WHERE c.id = a."companyId" AND o.id = c."orgId" AND a.kind = 'agent_offline'
      AND a."emailedAt" IS NOT NULL AND a."resolvedAt" IS NOT NULL AND a."resolvedEmailedAt" IS NULL ${only}
    RETURNING a.id, a."companyId", a.kind, a.title, a.href, a.count, a."firstSeenAt", a."resolvedAt",
      c."orgId", c.name AS "companyName", c.timezone, o.name AS "orgName", o.slug AS "orgSlug"`;
  if (resolved.length === 0) return 0;
  const members = await membersOf(db, [...new Set(resolved.map((a) => a.orgId))]);
  let sent = 0;
  for (const alert of resolved) {
    const told = await db.emailMessage.findMany({
      where: {
        kind: "alert.agent_offline",
        orgId: alert.orgId,
        headers: { path: [ALERTS_HEADER], string_contains: alert.id },
      },
      select: { to: true },
    });
    const toldEmails = new Set(told.map((t) => t.to));
    // Those who were told it was offline, still members, and who still want these emails.
    const recipients = (members.get(alert.orgId) ?? []).filter(
      (m) => toldEmails.has(m.email) && m.wants("agent_offline"),
    );
    for (const member of recipients) {
      const { footer, headers } = footerFor(member, alert.orgName, alert.orgSlug, "agent_offline", now);
      const content = await backOnlineEmail({
        orgName: alert.orgName,
        companyName: alert.companyName,
        title: alert.title,
        offlineSince: formatLocalWhen(alert.firstSeenAt, alert.timezone),
        backAt: formatLocalWhen(alert.resolvedAt ?? now, alert.timezone),
        link: { label: "Open the company", url: absoluteUrl(companyPath(alert.orgSlug, alert.companyId)) },
        footer,
      });
      await sendEmail({
        ...content,
        to: member.email,
        kind: "alert.agent_online",
        orgId: member.orgId,
        headers: { ...headers, [ALERTS_HEADER]: alert.id },
      });
      sent += 1;
    }
  }
  return sent;
}
