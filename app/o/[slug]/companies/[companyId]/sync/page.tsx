import type { Metadata } from "next";
import Link from "next/link";
import { HealthBanner } from "@/components/health/health-problems";
import { AutoRefresh } from "@/components/sync/auto-refresh";
import { FlowTable } from "@/components/sync/flow-table";
import { MatchReviewList } from "@/components/sync/match-review-list";
import { StatusTotals } from "@/components/sync/status-totals";
import { SyncNowButton } from "@/components/sync/sync-now-button";
import { TieOutCard } from "@/components/tie-out/tie-out-card";
import { buttonClass } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { loadSyncCompany } from "./load-sync-company";
import { SyncBreadcrumb } from "./sync-breadcrumb";

export const metadata: Metadata = { title: "Sync" };

export default async function SyncDashboardPage({ params }: { params: Promise<{ slug: string; companyId: string }> }) {
  const { slug, companyId } = await params;
  const { caller, can, company, hrefs } = await loadSyncCompany(slug, companyId);
  const [overview, reviews, health] = await Promise.all([
    caller.sync.overview({ companyId: company.id }),
    caller.sync.listMatchReviews({ companyId: company.id }),
    caller.health.company({ companyId: company.id }),
  ]);
  const canWrite = can("company.write");
  const busy = overview.flows.some((f) => f.run?.running || (f.run?.requestedAt && !f.paused));
  return (
    <>
      <SyncBreadcrumb trail={[{ href: hrefs.company, label: company.name }]} />
      <PageHeader
        title="Sync"
        description={`KashFlow ⇄ Sage 100 · times in ${company.timezone}`}
        actions={
          <div className="flex flex-wrap gap-2">
            <Link href={hrefs.records} className={buttonClass("secondary")}>
              Records
            </Link>
            <Link href={`${hrefs.sync}/mappings`} className={buttonClass("secondary")}>
              Mappings
            </Link>
            <Link href={`${hrefs.sync}/fx`} className={buttonClass("secondary")}>
              FX rates
            </Link>
            <Link href={hrefs.settings} className={buttonClass("secondary")}>
              Settings
            </Link>
            {canWrite ? (
              <SyncNowButton
                companyId={company.id}
                disabled={!overview.readiness.ready || overview.flows.length === 0}
              />
            ) : null}
          </div>
        }
      />
      <AutoRefresh active={busy} />
      <HealthBanner health={health} />
      {!overview.readiness.ready ? (
        <div
          role="status"
          className="mb-6 rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200"
          data-testid="sync-not-ready"
        >
          <p className="font-medium">This company does not sync yet.</p>
          <ul className="mt-1 list-disc pl-5">
            {overview.readiness.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
          <p className="mt-1">
            <Link href={hrefs.company} className="underline">
              Go to the company page
            </Link>{" "}
            to connect both systems.
          </p>
        </div>
      ) : null}
      <div className="space-y-6">
        <Card
          title="Flows"
          description="Each flow carries one kind of record one way. Paused flows do not run, not even with Sync now."
        >
          <FlowTable
            companyId={company.id}
            flows={overview.flows}
            health={health.flows}
            timeZone={company.timezone}
            canWrite={canWrite}
            ready={overview.readiness.ready}
          />
        </Card>
        <Card
          title="Records"
          description="Every record Ledgerlink has seen, by status. Click a number to see the records."
          actions={
            <Link href={hrefs.records} className="text-sm text-indigo-700 hover:underline">
              Search records →
            </Link>
          }
        >
          <StatusTotals companyId={company.id} recordsHref={hrefs.records} overview={overview} canWrite={canWrite} />
        </Card>
        <TieOutCard companyId={company.id} syncHref={hrefs.sync} timeZone={company.timezone} />
        <Card
          title={`Match review${reviews.total ? ` (${reviews.total})` : ""}`}
          description="On first connect, KashFlow records that could be more than one Sage 100 record wait here for a person."
        >
          <MatchReviewList companyId={company.id} reviews={reviews} recordsHref={hrefs.records} canWrite={canWrite} />
        </Card>
      </div>
    </>
  );
}
