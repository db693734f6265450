import { Building2, Plus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { BillingHomeCard } from "@/components/billing/billing-home-card";
import { HealthBadge } from "@/components/health/health-badge";
import { CompanyStatusBadge } from "@/components/status-badge";
import { buttonClass } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/card";
import { loadOrg } from "./load-org";

export const metadata: Metadata = { title: "Companies" };

export default async function CompaniesPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { org, caller, can } = await loadOrg(slug);
  const [companies, health, billing] = await Promise.all([
    caller.company.list({ orgId: org.id }),
    caller.health.listCompanies({ orgId: org.id }),
    can("billing.read") ? caller.billing.status({ orgId: org.id, invoices: false }) : null,
  ]);
  const healthOf = new Map(health.map((h) => [h.companyId, h]));
  const newCompany = can("company.write") ? (
    <Link href={`/o/${org.slug}/companies/new`} className={buttonClass("primary")}>
      <Plus className="size-4" aria-hidden /> New company
    </Link>
  ) : null;
  return (
    <>
      <PageHeader
        title="Companies"
        description="Each company pairs one KashFlow account with one Sage 100 company."
        actions={newCompany}
      />
      {billing ? <BillingHomeCard status={billing} billingHref={`/o/${org.slug}/billing`} /> : null}
      {companies.length === 0 ? (
        <div className="rounded-lg border-2 border-dashed border-slate-200 p-12 text-center">
          <Building2 className="mx-auto size-8 text-slate-400" aria-hidden />
          <h2 className="mt-3 font-medium">No companies yet</h2>
          <p className="mt-1 text-sm text-slate-500">Create a company to connect KashFlow and Sage 100.</p>
        </div>
      ) : (
        <ul
          className="divide-y divide-slate-100 rounded-lg bg-white shadow-sm ring-1 ring-slate-200"
          aria-label="Companies"
        >
          {companies.map((c) => {
            const h = healthOf.get(c.id);
            return (
              <li key={c.id} data-testid="company-row" data-company-id={c.id}>
                <Link
                  href={`/o/${org.slug}/companies/${c.id}`}
                  className="flex flex-wrap items-center justify-between gap-3 px-5 py-4 hover:bg-slate-50"
                >
                  <div className="min-w-0">
                    <p className="font-medium">{c.name}</p>
                    <p className="text-sm text-slate-500">
                      {c.baseCurrency} · {c.timezone}
                    </p>
                    {h && h.level !== "ok" && h.level !== "setting_up" ? (
                      <p className="mt-0.5 text-sm text-slate-700" data-testid="company-health-summary">
                        {h.problems[0]?.sentence ?? h.summary}
                        {h.problems.length > 1 ? ` (+${h.problems.length - 1} more)` : ""}
                      </p>
                    ) : null}
                  </div>
                  <div className="flex flex-wrap items-center gap-2">
                    {h ? <RecordCounts counts={h.counts} /> : null}
                    {h && (h.level === "ok" || h.level === "attention" || h.level === "critical") ? (
                      <HealthBadge level={h.level} summary={h.summary} />
                    ) : null}
                    <CompanyStatusBadge status={c.status} pauseReason={h?.pauseReason} />
                  </div>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}

/** Held / failed / dead at a glance, and what waits on another record; nothing when none. */
function RecordCounts({ counts }: { counts: { waiting: number; held: number; failed: number; dead: number } }) {
  const parts = [
    counts.held ? `${counts.held.toLocaleString("en-GB")} held` : null,
    counts.failed ? `${counts.failed.toLocaleString("en-GB")} failed` : null,
    counts.dead ? `${counts.dead.toLocaleString("en-GB")} dead` : null,
    counts.waiting ? `${counts.waiting.toLocaleString("en-GB")} waiting on other records` : null,
  ].filter(Boolean);
  if (parts.length === 0) return null;
  return (
    <span className="text-xs font-medium text-slate-700" data-testid="company-record-counts">
      {parts.join(" · ")}
    </span>
  );
}
