import type { Metadata } from "next";
import Link from "next/link";
import { TieOutDaysTable } from "@/components/tie-out/tie-out-days-table";
import { formatWhen } from "@/components/sync/format";
import { Card, PageHeader } from "@/components/ui/card";
import { loadSyncCompany } from "../load-sync-company";
import { SyncBreadcrumb } from "../sync-breadcrumb";

export const metadata: Metadata = { title: "Tie-out" };

type Search = Record<string, string | string[] | undefined>;

export default async function TieOutPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string; companyId: string }>;
  searchParams: Promise<Search>;
}) {
  const { slug, companyId } = await params;
  const { caller, company, hrefs } = await loadSyncCompany(slug, companyId);
  const raw = (await searchParams).before;
  const before = typeof raw === "string" && /^\d{4}-\d{2}-\d{2}$/.test(raw) ? raw : undefined;
  const view = await caller.tieOut.listDays({ companyId: company.id, before, days: 31 });
  const tieOutHref = `${hrefs.sync}/tie-out`;
  return (
    <>
      <SyncBreadcrumb
        trail={[
          { href: hrefs.company, label: company.name },
          { href: hrefs.sync, label: "Sync" },
        ]}
      />
      <PageHeader
        title="Tie-out"
        description={`Per day, KashFlow's sales invoices, purchases and payments (converted at the rate stored with each document) against what Sage 100 holds for the same documents. Recomputed after each run for the days whose documents changed · last computed ${formatWhen(view.lastComputedAt, company.timezone)}`}
      />
      <Card>
        <div className="space-y-4">
          {view.daysWithVariance.length ? (
            <p role="status" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
              Days that do not tie out:{" "}
              {view.daysWithVariance.map((d, i) => (
                <span key={d}>
                  {i > 0 ? ", " : ""}
                  <Link href={`${tieOutHref}/${d}`} className="font-medium underline">
                    {d}
                  </Link>
                </span>
              ))}
            </p>
          ) : null}
          {view.daysWithMissingRates.length ? (
            <p
              role="status"
              className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200"
              data-testid="tie-out-rate-days"
            >
              Days waiting for an exchange rate (their KashFlow figures are unknown until it is entered under{" "}
              <Link href={`${hrefs.sync}/fx`} className="font-medium underline">
                FX rates
              </Link>
              ):{" "}
              {view.daysWithMissingRates.map((d, i) => (
                <span key={d}>
                  {i > 0 ? ", " : ""}
                  <Link href={`${tieOutHref}/${d}`} className="font-medium underline">
                    {d}
                  </Link>
                </span>
              ))}
            </p>
          ) : null}
          {view.days.length === 0 ? (
            <p className="text-sm text-slate-600">No days computed{before ? " before this one" : " yet"}.</p>
          ) : (
            <TieOutDaysTable days={view.days} tieOutHref={tieOutHref} syncHref={hrefs.sync} />
          )}
          <nav aria-label="Pages" className="flex items-center justify-between text-sm">
            {before ? (
              <Link href={tieOutHref} className="text-indigo-700 hover:underline">
                « Newest
              </Link>
            ) : (
              <span />
            )}
            {view.nextBefore ? (
              <Link href={`${tieOutHref}?before=${view.nextBefore}`} className="text-indigo-700 hover:underline">
                Older →
              </Link>
            ) : null}
          </nav>
        </div>
      </Card>
    </>
  );
}
