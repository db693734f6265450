"use client";
// The bell in the signed-in header: unread alerts of this organization's companies, refreshed every minute and
// whenever a notification is marked read.
import { useQuery } from "@tanstack/react-query";
import { Bell, SlidersHorizontal } from "lucide-react";
import Link from "next/link";
import { useTRPC } from "@/components/providers/trpc-provider";

export function NotificationBell({
  orgId,
  slug,
  initialUnread,
}: {
  orgId: string;
  slug: string;
  initialUnread: number;
}) {
  const trpc = useTRPC();
  const { data } = useQuery(
    trpc.notifications.unreadCount.queryOptions(
      { orgId },
      { initialData: { unread: initialUnread }, refetchInterval: 60_000 },
    ),
  );
  const unread = data?.unread ?? initialUnread;
  return (
    <span className="flex items-center">
      <Link
        href={`/o/${slug}/notifications`}
        className="relative rounded-md p-1.5 text-slate-600 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
        aria-label={unread > 0 ? `Notifications: ${unread} unread` : "Notifications: none unread"}
        data-testid="notification-bell"
      >
        <Bell className="size-5" aria-hidden />
        {unread > 0 ? (
          <span
            className="absolute -right-1 -top-1 min-w-5 rounded-full bg-red-600 px-1 text-center text-xs font-semibold leading-5 text-white"
            data-testid="notification-unread-count"
          >
            {unread > 99 ? "99+" : unread}
          </span>
        ) : null}
      </Link>
      <Link
        href={`/o/${slug}/notifications/settings`}
        className="rounded-md p-1.5 text-slate-500 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
        aria-label="Notification settings"
        title="Notification settings"
        data-testid="notification-settings-link"
      >
        <SlidersHorizontal className="size-4" aria-hidden />
      </Link>
    </span>
  );
}
