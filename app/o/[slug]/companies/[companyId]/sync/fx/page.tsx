import type { Metadata } from "next";
import Link from "next/link";
import { DeleteFxRateButton } from "@/components/fx/delete-fx-rate-button";
import { FxCsvImport } from "@/components/fx/fx-csv-import";
import { FxRateForm } from "@/components/fx/fx-rate-form";
import { FxWaitingList } from "@/components/fx/fx-waiting-list";
import { formatWhen } from "@/components/sync/format";
import { buttonClass } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { loadSyncCompany } from "../load-sync-company";
import { SyncBreadcrumb } from "../sync-breadcrumb";

export const metadata: Metadata = { title: "FX rates" };

type Search = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const code = (v: string | undefined) => (v && /^[A-Za-z]{3}$/.test(v) ? v.toUpperCase() : undefined);
const isoDay = (v: string | undefined) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);

export default async function FxRatesPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string; companyId: string }>;
  searchParams: Promise<Search>;
}) {
  const { slug, companyId } = await params;
  const { caller, can, company, hrefs } = await loadSyncCompany(slug, companyId);
  const search = await searchParams;
  const pair = /^([A-Za-z]{3})-([A-Za-z]{3})$/.exec(first(search.pair) ?? "");
  const filter = {
    from: pair ? pair[1]!.toUpperCase() : undefined,
    to: pair ? pair[2]!.toUpperCase() : undefined,
    before: isoDay(first(search.before)),
  };
  const prefill = { from: code(first(search.from)), to: code(first(search.to)), day: isoDay(first(search.day)) };
  const view = await caller.fx.list({ companyId: company.id, ...filter });
  const canWrite = can("company.write");
  const pairQuery = (p: { from: string; to: string } | null, before?: string | null) => {
    const q = new URLSearchParams();
    if (p) q.set("pair", `${p.from}-${p.to}`);
    if (before) q.set("before", before);
    const s = q.toString();
    return `${hrefs.sync}/fx${s ? `?${s}` : ""}`;
  };
  return (
    <>
      <SyncBreadcrumb
        trail={[
          { href: hrefs.company, label: company.name },
          { href: hrefs.sync, label: "Sync" },
        ]}
      />
      <PageHeader
        title="FX rates"
        description={
          view.maxAgeDays
            ? `Rates this company converts documents at: a document uses its own date's rate, or the latest up to ${view.maxAgeDays} ${view.maxAgeDays === 1 ? "day" : "days"} old (the record says which day's), and keeps the rate it used. Without one it is held.`
            : "Rates this company converts documents at: a document uses its own date's rate and keeps it. Without one it is held until the rate is entered (sync settings can allow an older rate)."
        }
        actions={
          <Link href={`${hrefs.sync}/mappings`} className={buttonClass("secondary")}>
            Mappings
          </Link>
        }
      />
      <div className="space-y-6">
        {view.waiting.length ? (
          <Card
            title={
              <span className="text-amber-900">
                Waiting for a rate ({view.waitingDocuments.toLocaleString("en-GB")})
              </span>
            }
            description="Held documents and the rate each needs. Entering the rate releases them."
          >
            <FxWaitingList waiting={view.waiting} syncHref={hrefs.sync} canWrite={canWrite} />
          </Card>
        ) : null}
        {canWrite ? (
          <div className="grid gap-6 lg:grid-cols-2">
            <section id="add-rate" className="scroll-mt-6">
              <Card
                title="Add a rate"
                description="Units of the second currency per 1 of the first, e.g. GBP→USD 1.2712."
              >
                <FxRateForm
                  key={`${prefill.from}-${prefill.to}-${prefill.day}`}
                  companyId={company.id}
                  prefill={prefill}
                  homeCurrency={company.baseCurrency}
                />
              </Card>
            </section>
            <Card title="Import a CSV" description="All or nothing: one bad row and nothing is saved.">
              <FxCsvImport companyId={company.id} />
            </Card>
          </div>
        ) : (
          <p className="text-sm text-slate-500">Your role can see the rates but not change them.</p>
        )}
        <Card title="Rates" description="By day, newest first.">
          <div className="space-y-4">
            {view.pairs.length ? (
              <nav aria-label="Currency pairs" className="flex flex-wrap gap-2 text-sm">
                <Link
                  href={pairQuery(null)}
                  className={`rounded-md px-3 py-1.5 ring-1 ring-slate-200 hover:bg-slate-50 ${!pair ? "bg-indigo-50 font-medium text-indigo-800" : ""}`}
                >
                  All pairs
                </Link>
                {view.pairs.map((p) => {
                  const active = filter.from === p.from && filter.to === p.to;
                  return (
                    <Link
                      key={`${p.from}-${p.to}`}
                      href={pairQuery(p)}
                      className={`rounded-md px-3 py-1.5 ring-1 ring-slate-200 hover:bg-slate-50 ${active ? "bg-indigo-50 font-medium text-indigo-800" : ""}`}
                      data-testid="fx-pair"
                    >
                      {p.from}→{p.to}{" "}
                      <span className="text-slate-500">
                        · {p.count} {p.count === 1 ? "day" : "days"}, latest {p.latestRate} on {p.latestDay}
                      </span>
                    </Link>
                  );
                })}
              </nav>
            ) : null}
            {view.rates.length === 0 ? (
              <p className="text-sm text-slate-600" data-testid="fx-rates-empty">
                No rates yet{pair ? " for this pair" : ""}.
              </p>
            ) : (
              <div className="-mx-5 overflow-x-auto relative">
                <table className="w-full min-w-[560px] text-left text-sm" data-testid="fx-rates">
                  <thead className="text-xs uppercase tracking-wide text-slate-500">
                    <tr>
                      <th className="px-5 py-2 font-medium">Day</th>
                      <th className="px-3 py-2 font-medium">Pair</th>
                      <th className="px-3 py-2 text-right font-medium">Rate</th>
                      <th className="px-3 py-2 font-medium">From</th>
                      <th className="px-3 py-2 font-medium">Changed</th>
                      {canWrite ? (
                        <th className="px-5 py-2">
                          <span className="sr-only">Actions</span>
                        </th>
                      ) : null}
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {view.rates.map((r) => (
                      <tr
                        key={r.id}
                        className="hover:bg-slate-50"
                        data-testid="fx-rate-row"
                        data-pair={`${r.from}:${r.to}`}
                        data-day={r.day}
                      >
                        <td className="px-5 py-2 tabular-nums">{r.day}</td>
                        <td className="px-3 py-2">
                          {r.from}→{r.to}
                        </td>
                        <td className="px-3 py-2 text-right font-mono tabular-nums">{r.rate}</td>
                        <td className="px-3 py-2 text-slate-600">{r.source === "csv" ? "CSV import" : "entered"}</td>
                        <td className="px-3 py-2 text-xs text-slate-600">
                          {formatWhen(r.updatedAt, company.timezone)}
                        </td>
                        {canWrite ? (
                          <td className="px-5 py-2 text-right">
                            <DeleteFxRateButton companyId={company.id} rate={r} />
                          </td>
                        ) : null}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <nav aria-label="Pages" className="flex items-center justify-between text-sm">
              {filter.before ? (
                <Link
                  href={pairQuery(pair ? { from: filter.from!, to: filter.to! } : null)}
                  className="text-indigo-700 hover:underline"
                >
                  « Newest
                </Link>
              ) : (
                <span />
              )}
              {view.nextBefore ? (
                <Link
                  href={pairQuery(pair ? { from: filter.from!, to: filter.to! } : null, view.nextBefore)}
                  className="text-indigo-700 hover:underline"
                >
                  Older →
                </Link>
              ) : null}
            </nav>
          </div>
        </Card>
      </div>
    </>
  );
}
