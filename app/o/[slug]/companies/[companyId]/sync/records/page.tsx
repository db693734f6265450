import type { Metadata } from "next";
import Link from "next/link";
import { RecordsFilter } from "@/components/sync/records-filter";
import { RecordsTable } from "@/components/sync/records-table";
import { RetryFailedButton } from "@/components/sync/retry-failed-button";
import { modelPlural } from "@/components/sync/labels";
import { Card, PageHeader } from "@/components/ui/card";
import { loadSyncCompany } from "../load-sync-company";
import { SyncBreadcrumb } from "../sync-breadcrumb";
import { parseRecordSearch, recordsQuery } from "./search-params";

export const metadata: Metadata = { title: "Sync records" };

type Search = Record<string, string | string[] | undefined>;

export default async function SyncRecordsPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string; companyId: string }>;
  searchParams: Promise<Search>;
}) {
  const { slug, companyId } = await params;
  const { caller, can, company, hrefs } = await loadSyncCompany(slug, companyId);
  const filter = parseRecordSearch(await searchParams);
  const page = await caller.sync.listRecords({ companyId: company.id, ...filter });
  const showRetryAll =
    can("company.write") && filter.model && (filter.status === "FAILED" || filter.status === "DEAD" || !filter.status);
  const failedCount = showRetryAll
    ? (await caller.sync.overview({ companyId: company.id })).byModel.find((m) => m.model === filter.model)?.counts
    : undefined;
  const retryable = failedCount ? failedCount.FAILED + failedCount.DEAD : 0;
  return (
    <>
      <SyncBreadcrumb
        trail={[
          { href: hrefs.company, label: company.name },
          { href: hrefs.sync, label: "Sync" },
        ]}
      />
      <PageHeader
        title="Records"
        description={`Every record in the sync ledger, newest first · times in ${company.timezone}`}
      />
      <Card>
        <div className="space-y-4">
          <RecordsFilter action={hrefs.records} filter={filter} />
          {filter.model && retryable > 0 ? (
            <div className="flex items-center justify-between gap-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
              <span>
                {retryable.toLocaleString("en-GB")} failed or dead {modelPlural(filter.model).toLowerCase()}.
              </span>
              <RetryFailedButton companyId={company.id} model={filter.model} count={retryable} />
            </div>
          ) : null}
          <RecordsTable rows={page.rows} recordsHref={hrefs.records} timeZone={company.timezone} />
          <nav aria-label="Pages" className="flex items-center justify-between text-sm">
            {page.prevBefore || filter.after || filter.before ? (
              <span className="flex gap-4">
                <Link href={`${hrefs.records}${recordsQuery(filter)}`} className="text-indigo-700 hover:underline">
                  « Newest
                </Link>
                {page.prevBefore ? (
                  <Link
                    href={`${hrefs.records}${recordsQuery(filter, { before: page.prevBefore })}`}
                    className="text-indigo-700 hover:underline"
                  >
                    ← Newer
                  </Link>
                ) : null}
              </span>
            ) : (
              <span />
            )}
            {page.nextAfter ? (
              <Link
                href={`${hrefs.records}${recordsQuery(filter, { after: page.nextAfter })}`}
                className="text-indigo-700 hover:underline"
                data-testid="sync-records-next"
              >
                Older →
              </Link>
            ) : null}
          </nav>
        </div>
      </Card>
    </>
  );
}
