import { Building2, Plus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { CompanyStatusBadge } from "@/components/status-badge";
import { buttonClass } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/card";
import { loadOrg } from "./load-org";

export const metadata: Metadata = { title: "Companies" };

export default async function CompaniesPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { org, caller, can } = await loadOrg(slug);
  const companies = await caller.company.list({ orgId: org.id });
  const newCompany = can("company.write") ? (
    <Link href={`/o/${org.slug}/companies/new`} className={buttonClass("primary")}>
      <Plus className="size-4" aria-hidden /> New company
    </Link>
  ) : null;
  return (
    <>
      <PageHeader title="Companies" description="Each company pairs one KashFlow account with one Sage 100 company." actions={newCompany} />
      {companies.length === 0 ? (
        <div className="rounded-lg border-2 border-dashed border-slate-200 p-12 text-center">
          <Building2 className="mx-auto size-8 text-slate-400" aria-hidden />
          <h2 className="mt-3 font-medium">No companies yet</h2>
          <p className="mt-1 text-sm text-slate-500">Create a company to connect KashFlow and Sage 100.</p>
        </div>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg bg-white shadow-sm ring-1 ring-slate-200" aria-label="Companies">
          {companies.map((c) => (
            <li key={c.id}>
              <Link href={`/o/${org.slug}/companies/${c.id}`} className="flex items-center justify-between px-5 py-4 hover:bg-slate-50">
                <div>
                  <p className="font-medium">{c.name}</p>
                  <p className="text-sm text-slate-500">
                    {c.baseCurrency} · {c.timezone}
                  </p>
                </div>
                <CompanyStatusBadge status={c.status} />
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
