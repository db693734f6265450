import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/ui/card";
import { timezoneList } from "@/lib/schemas";
import { loadOrg } from "../../load-org";
import { CompanyForm } from "./company-form";

export const metadata: Metadata = { title: "New company" };

export default async function NewCompanyPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { org, can } = await loadOrg(slug);
  if (!can("company.write")) notFound();
  return (
    <>
      <PageHeader
        title="New company"
        description="One company pairs one KashFlow account with one Sage 100 company. You connect both next."
      />
      <CompanyForm orgId={org.id} orgSlug={org.slug} timezones={timezoneList()} />
    </>
  );
}
