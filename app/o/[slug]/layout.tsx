import Link from "next/link";
import type { ReactNode } from "react";
import { BillingBanner } from "@/components/billing/billing-banner";
import { NavLink } from "@/components/nav-link";
import { NotificationBell } from "@/components/notifications/notification-bell";
import { OrgSwitcher } from "@/components/org-switcher";
import { isDevTools } from "@/lib/env";
import { ROLE_LABELS } from "@/server/services/roles";
import { signOutAction } from "../../sign-in/actions";
import { loadOrg } from "./load-org";

export default async function WorkspaceLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ slug: string }>;
}) {
  const { slug } = await params;
  const { user, org, caller, can } = await loadOrg(slug);
  const [orgs, { unread }, banner] = await Promise.all([
    caller.org.listMine(),
    caller.notifications.unreadCount({ orgId: org.id }),
    billingBanner(caller, { orgId: org.id, slug: org.slug, canRead: can("billing.read") }),
  ]);
  const base = `/o/${org.slug}`;
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-4 px-6 py-3">
          <Link href={base} className="font-semibold tracking-tight text-indigo-700">
            Ledgerlink
          </Link>
          <span className="text-slate-300">/</span>
          <OrgSwitcher current={org} orgs={orgs} />
          <nav className="flex flex-wrap gap-1 sm:ml-4" aria-label="Workspace">
            <NavLink href={base} exact>
              Companies
            </NavLink>
            <NavLink href={`${base}/team`}>Team</NavLink>
            <NavLink href={`${base}/activity`}>Activity</NavLink>
            <NavLink href={`${base}/billing`}>Billing</NavLink>
            <NavLink href={`${base}/settings`}>Settings</NavLink>
          </nav>
          <div className="ml-auto flex items-center gap-3 text-sm">
            <NotificationBell orgId={org.id} slug={org.slug} initialUnread={unread} />
            {isDevTools() ? (
              <Link href="/dev/outbox" className="text-amber-700 hover:underline">
                Dev outbox
              </Link>
            ) : null}
            <span className="text-slate-600" data-testid="signed-in-as">
              {user.email} · {ROLE_LABELS[org.role]}
            </span>
            <form action={signOutAction}>
              <button type="submit" className="rounded-md px-2 py-1 text-slate-600 hover:bg-slate-100">
                Sign out
              </button>
            </form>
          </div>
        </div>
      </header>
      {banner}
      <main className="mx-auto max-w-6xl px-6 py-8">{children}</main>
    </div>
  );
}

type Caller = Awaited<ReturnType<typeof loadOrg>>["caller"];

/** The billing banner: from the status for those who may read billing; for the others, from the companies paused. */
async function billingBanner(caller: Caller, o: { orgId: string; slug: string; canRead: boolean }) {
  if (o.canRead) {
    const status = await caller.billing.status({ orgId: o.orgId, invoices: false });
    return <BillingBanner status={status} billingHref={`/o/${o.slug}/billing`} />;
  }
  const paused = (await caller.company.list({ orgId: o.orgId })).filter(
    (c) => c.status === "PAUSED" && c.pauseReason === "BILLING",
  ).length;
  if (paused === 0) return null;
  const { members } = await caller.team.list({ orgId: o.orgId });
  const owners = members.filter((m) => m.role === "OWNER").map((m) => m.name ?? m.email);
  return <BillingBanner pausedForBilling={paused} ownerNames={owners} />;
}
