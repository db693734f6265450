// In-app notifications: the alerts of an organization's companies as one person sees them. Unread = open and not
// marked read by that person (AlertRead); resolved ones stay on the list, greyed, for a week.
import { AppError } from "@/lib/errors";
import { db } from "@/server/db";
import { ALERT_KINDS, isAlertKind } from "./kinds";

export const RESOLVED_SHOWN_MS = 7 * 86_400_000;
const LIST_LIMIT = 200;

export async function unreadCount(o: { orgId: string; userId: string }): Promise<number> {
  return db.alert.count({ where: { orgId: o.orgId, resolvedAt: null, reads: { none: { userId: o.userId } } } });
}

export type Notification = {
  id: string;
  kind: string;
  kindLabel: string;
  severity: string;
  title: string;
  href: string;
  count: number;
  companyId: string;
  companyName: string;
  timezone: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  resolvedAt: Date | null;
  read: boolean;
};

export async function listNotifications(o: {
  orgId: string;
  userId: string;
  now?: Date;
}): Promise<{ notifications: Notification[]; unread: number }> {
  const now = o.now ?? new Date();
  const rows = await db.alert.findMany({
    where: {
      orgId: o.orgId,
      OR: [{ resolvedAt: null }, { resolvedAt: { gt: new Date(now.getTime() - RESOLVED_SHOWN_MS) } }],
    },
    select: {
      id: true,
      kind: true,
      severity: true,
      title: true,
      href: true,
      count: true,
      companyId: true,
      firstSeenAt: true,
      lastSeenAt: true,
      resolvedAt: true,
      company: { select: { name: true, timezone: true } },
      reads: { where: { userId: o.userId }, select: { readAt: true } },
    },
    // Open ones first, critical before warnings ("critical" < "info" < "warning"), newest first; then the resolved.
    orderBy: [
      { resolvedAt: { sort: "desc", nulls: "first" } },
      { severity: "asc" },
      { lastSeenAt: "desc" },
      { id: "asc" },
    ],
    take: LIST_LIMIT,
  });
  const notifications = rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    kindLabel: isAlertKind(r.kind) ? ALERT_KINDS[r.kind].label : r.kind,
    severity: r.severity,
    title: r.title,
    href: r.href,
    count: r.count,
    companyId: r.companyId,
    companyName: r.company.name,
    timezone: r.company.timezone,
    firstSeenAt: r.firstSeenAt,
    lastSeenAt: r.lastSeenAt,
    resolvedAt: r.resolvedAt,
    read: r.reads.length > 0,
  }));
  return { notifications, unread: await unreadCount(o) };
}

/** A foreign or unknown alert id is NOT_FOUND: the alert must belong to this organization. */
export async function markNotificationRead(o: {
  orgId: string;
  userId: string;
  alertId: string;
}): Promise<{ unread: number }> {
  const alert = await db.alert.findFirst({ where: { id: o.alertId, orgId: o.orgId }, select: { id: true } });
  if (!alert) throw new AppError("NOT_FOUND", "Notification not found.");
  await db.alertRead.upsert({
    where: { userId_alertId: { userId: o.userId, alertId: alert.id } },
    create: { userId: o.userId, alertId: alert.id },
    update: {},
  });
  return { unread: await unreadCount(o) };
}

export async function markAllNotificationsRead(o: {
  orgId: string;
  userId: string;
  now?: Date;
}): Promise<{ marked: number; unread: number }> {
  const now = o.now ?? new Date();
  const ids = await db.alert.findMany({
    where: {
      orgId: o.orgId,
      reads: { none: { userId: o.userId } },
      OR: [{ resolvedAt: null }, { resolvedAt: { gt: new Date(now.getTime() - RESOLVED_SHOWN_MS) } }],
    },
    select: { id: true },
  });
  const { count } = await db.alertRead.createMany({
    data: ids.map((a) => ({ userId: o.userId, alertId: a.id })),
    skipDuplicates: true,
  });
  return { marked: count, unread: await unreadCount(o) };
}
