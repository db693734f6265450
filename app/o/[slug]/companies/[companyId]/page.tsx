import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActivityList } from "@/components/activity-list";
import { CompanyStatusBadge } from "@/components/status-badge";
import { Card, PageHeader } from "@/components/ui/card";
import { timezoneList } from "@/lib/schemas";
import { orNotFound } from "@/server/api/server-caller";
import { loadOrg } from "../../load-org";
import { CompanySettingsForm } from "./company-settings-form";

export const metadata: Metadata = { title: "Company" };

export default async function CompanyPage({ params }: { params: Promise<{ slug: string; companyId: string }> }) {
  const { slug, companyId } = await params;
  const { org, caller, can } = await loadOrg(slug);
  const company = await orNotFound(caller.company.get({ companyId }));
  // A company reached through another organization's URL is not found there.
  if (company.orgId !== org.id) notFound();
  const { entries } = await caller.audit.list({ orgId: org.id, companyId: company.id });
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
        actions={<CompanyStatusBadge status={company.status} />}
      />
      <div className="grid gap-6 md:grid-cols-2">
        <Card title="KashFlow" description="The UK books this company syncs from.">
          <p className="text-sm text-slate-600">Not connected yet.</p>
        </Card>
        <Card title="Sage 100" description="The ERP company, reached through the Ledgerlink agent.">
          <p className="text-sm text-slate-600">No agent paired yet.</p>
        </Card>
        {can("company.write") ? (
          <Card title="Settings">
            <CompanySettingsForm company={company} timezones={timezoneList()} />
          </Card>
        ) : null}
        <Card title="Activity">
          <ActivityList entries={entries.slice(0, 10)} />
        </Card>
      </div>
    </>
  );
}
