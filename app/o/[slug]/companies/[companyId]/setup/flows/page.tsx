import type { Metadata } from "next";
import { FlowChoicesForm } from "@/components/setup/flow-choices-form";
import { Card, PageHeader } from "@/components/ui/card";
import { loadSyncCompany } from "../../sync/load-sync-company";
import { SyncBreadcrumb } from "../../sync/sync-breadcrumb";

export const metadata: Metadata = { title: "Flows and directions" };

export default async function FlowChoicesPage({ params }: { params: Promise<{ slug: string; companyId: string }> }) {
  const { slug, companyId } = await params;
  const { caller, can, company, hrefs } = await loadSyncCompany(slug, companyId);
  const { flows, reviewedAt } = await caller.setup.flowChoices({ companyId: company.id });
  return (
    <>
      <SyncBreadcrumb trail={[{ href: hrefs.company, label: company.name }]} />
      <PageHeader
        title="Flows and directions"
        description="Which records Ledgerlink carries, and which way. A flow that is off reads and writes nothing."
      />
      <Card>
        <FlowChoicesForm
          companyId={company.id}
          flows={flows}
          reviewed={Boolean(reviewedAt)}
          canWrite={can("company.write")}
          backHref={hrefs.company}
        />
      </Card>
    </>
  );
}
