"use client";
// The notifications of one organization: open problems first, each with its company, when it started (in the
// company's time zone) and a link to the fix; resolved ones greyed for a week. Mark read / mark all read.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Badge } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { formErrors } from "@/lib/trpc-errors";

export type NotificationItem = {
  id: string;
  title: string;
  kindLabel: string;
  severity: string;
  href: string;
  companyName: string;
  since: string;
  resolved: string | null;
  read: boolean;
};

export function NotificationList({
  orgId,
  items,
  unread,
}: {
  orgId: string;
  items: NotificationItem[];
  unread: number;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const done = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.notifications.unreadCount.queryKey({ orgId }) });
    router.refresh();
  };
  const onError = (error: unknown) => toast.error(formErrors(error).message ?? "That did not work.");
  const markRead = useMutation(trpc.notifications.markRead.mutationOptions({ onSuccess: done, onError }));
  const markAll = useMutation(trpc.notifications.markAllRead.mutationOptions({ onSuccess: done, onError }));

  if (items.length === 0)
    return (
      <p className="text-sm text-slate-500" data-testid="notifications-empty">
        Nothing needs attention. Problems show up here as soon as they are found, and resolve themselves when they are
        fixed.
      </p>
    );
  return (
    <div>
      <div className="mb-3 flex items-center justify-between gap-3">
        <p className="text-sm text-slate-600">{unread === 0 ? "All read." : `${unread} unread.`}</p>
        <Button
          variant="secondary"
          busy={markAll.isPending}
          disabled={unread === 0}
          onClick={() => markAll.mutate({ orgId })}
          data-testid="mark-all-read"
        >
          Mark all read
        </Button>
      </div>
      <ul className="divide-y divide-slate-100" aria-label="Notifications">
        {items.map((n) => (
          <li
            key={n.id}
            className={`flex flex-col gap-2 py-3 sm:flex-row sm:items-start sm:justify-between ${n.resolved ? "opacity-60" : ""}`}
            data-testid="notification-item"
            data-read={n.read || n.resolved ? "true" : "false"}
            data-resolved={n.resolved ? "true" : "false"}
          >
            <div className="min-w-0">
              <p className="flex flex-wrap items-center gap-2">
                {!n.read && !n.resolved ? (
                  <span role="img" className="size-2 rounded-full bg-indigo-600" aria-label="Unread" />
                ) : null}
                <Link
                  href={n.href}
                  className={`font-medium hover:underline ${n.resolved ? "text-slate-600" : "text-slate-900"}`}
                >
                  {n.title}
                </Link>
                {n.resolved ? (
                  <Badge>Resolved</Badge>
                ) : (
                  <Badge tone={n.severity === "critical" ? "red" : "amber"}>{n.kindLabel}</Badge>
                )}
              </p>
              <p className="mt-0.5 text-sm text-slate-600">
                {n.companyName} · since {n.since}
                {n.resolved ? <> · resolved {n.resolved}</> : null}
              </p>
            </div>
            <div className="flex shrink-0 gap-2">
              <Link
                href={n.href}
                className="rounded-md px-3 py-1.5 text-sm font-medium text-indigo-700 ring-1 ring-indigo-200 hover:bg-indigo-50"
              >
                {n.resolved ? "View" : "Fix it"}
              </Link>
              {!n.read && !n.resolved ? (
                <Button
                  variant="ghost"
                  busy={markRead.isPending && markRead.variables?.alertId === n.id}
                  onClick={() => markRead.mutate({ orgId, alertId: n.id })}
                  data-testid="mark-read"
                >
                  Mark read
                </Button>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
