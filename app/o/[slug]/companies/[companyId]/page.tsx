import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActivityList } from "@/components/activity-list";
import { CompanyHealthCard } from "@/components/health/company-health-card";
import { ownersWords } from "@/components/billing/billing-words";
import { KashflowConnectionCard } from "@/components/kashflow/connection-card";
import { Sage100Card } from "@/components/sage100/sage100-card";
import { CompanyStatusBadge } from "@/components/status-badge";
import { formatWhen } from "@/components/sync/format";
import { SetupChecklist } from "@/components/setup/setup-checklist";
import { SyncSummaryCard } from "@/components/sync/sync-summary-card";
import { Card, PageHeader } from "@/components/ui/card";
import { timezoneList } from "@/lib/schemas";
import { orNotFound } from "@/server/api/server-caller";
import { PAUSE_REASON_LABELS } from "@/server/services/companies/lifecycle";
import { loadOrg } from "../../load-org";
import { CompanySettingsForm } from "./company-settings-form";
import { loadBillingContext } from "./load-billing-context";

export const metadata: Metadata = { title: "Company" };

const KASHFLOW_NOTICES: Record<string, { tone: "ok" | "error"; text: string }> = {
  connected: { tone: "ok", text: "KashFlow is connected." },
  denied: { tone: "error", text: "KashFlow sign-in was cancelled, so nothing was connected." },
  state: {
    tone: "error",
    text: 'That KashFlow sign-in had expired or was already used. Start again with "Connect with KashFlow".',
  },
  exchange: {
    tone: "error",
    text: "KashFlow did not complete the connection. Try again, or connect with your username and password.",
  },
};

export default async function CompanyPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string; companyId: string }>;
  searchParams: Promise<{ kashflow?: string }>;
}) {
  const { slug, companyId } = await params;
  const notice = KASHFLOW_NOTICES[(await searchParams).kashflow ?? ""];
  const { org, caller, can } = await loadOrg(slug);
  const company = await orNotFound(caller.company.get({ companyId }));
  // A company reached through another organization's URL is not found there.
  if (company.orgId !== org.id) notFound();
  const { entries } = await caller.audit.list({ orgId: org.id, companyId: company.id });
  const [kashflow, health] = await Promise.all([
    caller.kashflow.status({ companyId: company.id }),
    caller.health.company({ companyId: company.id }),
  ]);
  const companyHref = `/o/${org.slug}/companies/${company.id}`;
  const pausedForBilling = company.status === "PAUSED" && company.pauseReason === "BILLING";
  // Owners and admins take companies live, so they are the ones told whether the plan covers one more pair.
  const billing = can("company.golive")
    ? await loadBillingContext(caller, {
        orgId: org.id,
        companyId: company.id,
        billingHref: `/o/${org.slug}/billing`,
        needsPair: company.status === "SETTING_UP" || company.status === "PAUSED",
      })
    : undefined;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={`/o/${org.slug}`} className="text-slate-500 hover:text-indigo-700">
          ← Companies
        </Link>
      </p>
      <PageHeader
        title={<span data-testid="company-name">{company.name}</span>}
        description={`${company.baseCurrency} · ${company.timezone}`}
        actions={<CompanyStatusBadge status={company.status} pauseReason={company.pauseReason} />}
      />
      {notice ? (
        <p
          role="status"
          data-testid="kashflow-notice"
          className={`mb-6 rounded-md px-4 py-3 text-sm ring-1 ${notice.tone === "ok" ? "bg-emerald-50 text-emerald-800 ring-emerald-200" : "bg-red-50 text-red-700 ring-red-200"}`}
        >
          {notice.text}
        </p>
      ) : null}
      {company.status === "PAUSED" && company.pauseReason ? (
        <p
          role="status"
          className="mb-6 rounded-md bg-slate-100 px-4 py-3 text-sm text-slate-800 ring-1 ring-slate-200"
          data-testid="company-paused"
        >
          {PAUSE_REASON_LABELS[company.pauseReason]}
          {company.pausedAt ? ` since ${formatWhen(company.pausedAt, company.timezone)}` : ""}
          {company.pauseNote ? `: ${company.pauseNote}` : "."}
          {pausedForBilling ? (
            billing?.canManage ? (
              <>
                {" "}
                It resumes by itself once the plan is paid.{" "}
                <Link href={billing.billingHref} className="font-medium text-indigo-700 hover:underline">
                  Open billing →
                </Link>
              </>
            ) : (
              ` It resumes by itself once the plan is paid. ${ownersWords(billing?.ownerNames ?? [])}`
            )
          ) : null}
        </p>
      ) : null}

      <div className="mb-6">
        <SetupChecklist
          companyId={company.id}
          companyHref={`/o/${org.slug}/companies/${company.id}`}
          checklist={await caller.setup.checklist({ companyId: company.id })}
          canWrite={can("company.write")}
          canGoLive={can("company.golive")}
          billing={billing}
        />
      </div>
      <div className="grid grid-cols-1 gap-6 md:grid-cols-2">
        <div className="md:col-span-2">
          <CompanyHealthCard health={health} syncHref={`${companyHref}/sync`} />
        </div>
        <div id="kashflow" className="scroll-mt-6">
          <Card title="KashFlow" description="The UK books this company syncs from.">
            <KashflowConnectionCard companyId={company.id} view={kashflow} canWrite={can("company.write")} />
          </Card>
        </div>
        <div id="sage100" className="scroll-mt-6">
          <Card title="Sage 100" description="The ERP company, reached through the Ledgerlink agent.">
            <Sage100Card companyId={company.id} canWrite={can("company.write")} />
          </Card>
        </div>
        <SyncSummaryCard
          href={`/o/${org.slug}/companies/${company.id}/sync`}
          overview={await caller.sync.overview({ companyId: company.id })}
        />
        {can("company.write") ? (
          <Card title="Settings">
            <CompanySettingsForm company={company} timezones={timezoneList()} billing={billing} />
          </Card>
        ) : null}
        <Card title="Activity">
          <ActivityList entries={entries.slice(0, 10)} />
        </Card>
      </div>
    </>
  );
}
