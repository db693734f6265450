// The company page's way into sync: how the ledger stands (what needs a person) and a link to the dashboard.
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { SyncOverview } from "@/server/services/sync/sync-overview";
import { formatCount } from "./format";

export function SyncSummaryCard({ href, overview }: { href: string; overview: SyncOverview }) {
  const { totals, openReviews, flows } = overview;
  const attention = totals.HELD + totals.FAILED + totals.DEAD;
  const running = flows.filter((f) => f.run?.running).length;
  const paused = flows.filter((f) => f.paused).length;
  const lines = [
    running ? `${running} flow${running === 1 ? "" : "s"} running now.` : null,
    `${formatCount(totals.SYNCED)} records synced${attention ? `, ${formatCount(attention)} need attention (${formatCount(totals.HELD)} held, ${formatCount(totals.FAILED)} failed, ${formatCount(totals.DEAD)} dead)` : ""}.`,
    openReviews ? `${formatCount(openReviews)} match${openReviews === 1 ? "" : "es"} to review.` : null,
    paused ? `${paused} flow${paused === 1 ? "" : "s"} paused.` : null,
  ].filter(Boolean);
  return (
    <Card
      title="Sync"
      description="Customers, suppliers, products and documents kept in step between KashFlow and Sage 100."
    >
      <div className="space-y-3" data-testid="sync-summary">
        {lines.map((l) => (
          <p key={l} className="text-sm text-slate-700">
            {l}
          </p>
        ))}
        <Link href={href} className={buttonClass("secondary")}>
          Open sync
        </Link>
      </div>
    </Card>
  );
}
