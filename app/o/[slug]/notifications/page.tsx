import type { Metadata } from "next";
import Link from "next/link";
import { NotificationList } from "@/components/notifications/notification-list";
import { formatWhen } from "@/components/sync/format";
import { Card, PageHeader } from "@/components/ui/card";
import { loadOrg } from "../load-org";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { org, caller } = await loadOrg(slug);
  const { notifications, unread } = await caller.notifications.list({ orgId: org.id });
  const items = notifications.map((n) => ({
    id: n.id,
    title: n.title,
    kindLabel: n.kindLabel,
    severity: n.severity,
    href: n.href,
    companyName: n.companyName,
    since: formatWhen(n.firstSeenAt, n.timezone),
    resolved: n.resolvedAt ? formatWhen(n.resolvedAt, n.timezone) : null,
    read: n.read,
  }));
  return (
    <>
      <PageHeader
        title="Notifications"
        description={`Problems in ${org.name}'s companies that need a person. Each resolves itself when it is fixed.`}
        actions={
          <Link
            href={`/o/${org.slug}/notifications/settings`}
            className="text-sm font-medium text-indigo-700 hover:underline"
            data-testid="notification-settings"
          >
            Notification settings
          </Link>
        }
      />
      <Card>
        <NotificationList orgId={org.id} items={items} unread={unread} />
      </Card>
    </>
  );
}
