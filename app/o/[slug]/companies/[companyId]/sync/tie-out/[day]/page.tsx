import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RecomputeTieOutButton } from "@/components/tie-out/recompute-button";
import { MissingRateLinks } from "@/components/tie-out/missing-rate-link";
import { formatMinor, formatVariance } from "@/components/tie-out/money";
import { formatWhen } from "@/components/sync/format";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { orNotFound } from "@/server/api/server-caller";
import { loadSyncCompany } from "../../load-sync-company";
import { SyncBreadcrumb } from "../../sync-breadcrumb";

export const metadata: Metadata = { title: "Tie-out day" };

const SOURCE: Record<string, string> = { ledger: "as last read from Sage 100", sage100: "asked Sage 100 now" };
const RATE_SOURCE: Record<string, string> = {
  record: "stored with the document",
  fx_table: "from FX rates (none stored with it)",
  same_currency: "same currency",
};

export default async function TieOutDayPage({
  params,
}: {
  params: Promise<{ slug: string; companyId: string; day: string }>;
}) {
  const { slug, companyId, day } = await params;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) notFound();
  const { caller, can, company, hrefs } = await loadSyncCompany(slug, companyId);
  const view = await orNotFound(caller.tieOut.getDay({ companyId: company.id, day }));
  const recordHref = (id: string) => `${hrefs.records}/${id}`;
  return (
    <>
      <SyncBreadcrumb
        trail={[
          { href: hrefs.company, label: company.name },
          { href: hrefs.sync, label: "Sync" },
          { href: `${hrefs.sync}/tie-out`, label: "Tie-out" },
        ]}
      />
      <PageHeader
        title={
          <>
            Tie-out of {view.day} {view.state === "rate_missing" ? <Badge tone="amber">Rate missing</Badge> : null}{" "}
            {view.varianceCount ? (
              <Badge tone="red">
                {view.varianceCount} {view.varianceCount === 1 ? "document differs" : "documents differ"}
              </Badge>
            ) : null}
            {view.state === "ties_out" ? <Badge tone="green">Ties out</Badge> : null}
          </>
        }
        description="KashFlow's documents dated this day, converted at the rate stored with each, against what Sage 100 holds for them."
        actions={can("company.write") ? <RecomputeTieOutButton companyId={company.id} day={view.day} /> : null}
      />
      <div className="space-y-6">
        {view.missingRates.length ? (
          <div
            role="status"
            className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200"
            data-testid="tie-out-day-rate-missing"
          >
            <p className="font-medium">
              KashFlow&apos;s figures for this day are unknown until these rates are entered; documents waiting for a
              rate are not counted as differences.
            </p>
            <div className="mt-1">
              <MissingRateLinks rates={view.missingRates} syncHref={hrefs.sync} />
            </div>
            <p className="mt-1 text-xs">
              Then press Recompute (or wait for the next run) and the day is compared again.
            </p>
          </div>
        ) : null}
        {view.kinds.length === 0 ? (
          <Card>
            <p className="text-sm text-slate-600" data-testid="tie-out-none">
              No tie-out for {view.day} yet: it is computed after the money flows run for days whose documents changed.
              Recompute to compute it now.
            </p>
          </Card>
        ) : null}
        {view.kinds.map((k) => (
          <Card
            key={k.kind}
            title={k.label}
            description={`${k.documents} KashFlow document${k.documents === 1 ? "" : "s"} · computed ${formatWhen(k.computedAt, company.timezone)}`}
          >
            <div className="space-y-4" data-testid="tie-out-kind" data-kind={k.kind}>
              <dl className="grid grid-cols-3 gap-4 text-sm">
                <div>
                  <dt className="text-slate-500">KashFlow</dt>
                  <dd className="font-medium tabular-nums">
                    {k.kashflowMinor === null ? (
                      <MissingRateLinks rates={k.missingRates} syncHref={hrefs.sync} compact />
                    ) : (
                      formatMinor(k.kashflowMinor, k.currency)
                    )}
                  </dd>
                </div>
                <div>
                  <dt className="text-slate-500">Sage 100</dt>
                  <dd className="font-medium tabular-nums">{formatMinor(k.sage100Minor, k.currency)}</dd>
                </div>
                <div>
                  <dt className="text-slate-500">Variance</dt>
                  {k.varianceMinor === null ? (
                    <dd className="font-medium text-amber-900" data-testid="tie-out-variance">
                      Unknown until the rate is entered
                    </dd>
                  ) : (
                    <dd
                      className={`font-medium tabular-nums ${k.varianceMinor ? "text-red-700" : "text-emerald-700"}`}
                      data-testid="tie-out-variance"
                    >
                      {formatVariance(k.varianceMinor, k.currency)}
                    </dd>
                  )}
                </div>
              </dl>
              {k.variances.length === 0 ? (
                k.state === "ties_out" ? (
                  <p className="text-sm text-emerald-800">Every document ties out.</p>
                ) : k.state === "rate_missing" ? (
                  <p className="text-sm text-slate-700">No document with a known rate differs.</p>
                ) : null
              ) : (
                <div className="-mx-5 overflow-x-auto relative">
                  <table className="w-full min-w-[760px] text-left text-sm" data-testid="tie-out-variances">
                    <thead className="text-xs uppercase tracking-wide text-slate-500">
                      <tr>
                        <th className="px-5 py-2 font-medium">KashFlow document</th>
                        <th className="px-3 py-2 text-right font-medium">KashFlow</th>
                        <th className="px-3 py-2 font-medium">Sage 100 document</th>
                        <th className="px-3 py-2 text-right font-medium">Sage 100</th>
                        <th className="px-3 py-2 text-right font-medium">Variance</th>
                        <th className="px-5 py-2 font-medium">Why</th>
                      </tr>
                    </thead>
                    <tbody className="divide-y divide-slate-100">
                      {k.variances.map((v) => (
                        <tr
                          key={`${v.kashflowId}-${v.recordId}`}
                          className="align-top"
                          data-testid="tie-out-variance-row"
                          data-kashflow-id={v.kashflowId}
                        >
                          <td className="px-5 py-2.5">
                            {v.recordId ? (
                              <Link
                                href={recordHref(v.recordId)}
                                className="font-medium text-indigo-700 hover:underline"
                              >
                                {v.number ?? v.kashflowId}
                              </Link>
                            ) : (
                              <span className="font-medium">{v.number ?? v.kashflowId}</span>
                            )}
                            {v.party ? <p className="text-xs text-slate-500">{v.party}</p> : null}
                          </td>
                          <td className="px-3 py-2.5 text-right tabular-nums">
                            {formatMinor(v.kashflowMinor, k.currency)}
                            {v.documentCurrency && v.documentCurrency !== k.currency && v.documentMinor !== null ? (
                              <p className="text-xs text-slate-500">
                                {formatMinor(v.documentMinor, v.documentCurrency)}
                                {v.rate ? ` × ${v.rate}` : ""}
                                {v.rateSource ? ` (${RATE_SOURCE[v.rateSource] ?? v.rateSource})` : ""}
                              </p>
                            ) : null}
                          </td>
                          <td className="px-3 py-2.5 font-mono text-xs">
                            {v.sage100Key ? (
                              v.sage100RecordId ? (
                                <Link href={recordHref(v.sage100RecordId)} className="text-indigo-700 hover:underline">
                                  {v.sage100Key}
                                </Link>
                              ) : (
                                v.sage100Key
                              )
                            ) : (
                              <span className="font-sans text-slate-400">none</span>
                            )}
                          </td>
                          <td className="px-3 py-2.5 text-right tabular-nums">
                            {v.sage100Minor === null ? (
                              <span className="text-slate-400">unknown</span>
                            ) : (
                              formatMinor(v.sage100Minor, k.currency)
                            )}
                            {v.source ? <p className="text-xs text-slate-500">{SOURCE[v.source] ?? v.source}</p> : null}
                          </td>
                          <td className="px-3 py-2.5 text-right font-medium tabular-nums text-red-700">
                            {formatVariance(v.varianceMinor, k.currency)}
                          </td>
                          <td className="max-w-xs px-5 py-2.5 text-slate-700">{v.reason}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </div>
          </Card>
        ))}
      </div>
    </>
  );
}
