import type { Metadata } from "next";
import { SettingsReviewed } from "@/components/setup/settings-reviewed";
import { formatWhen } from "@/components/sync/format";
import { SyncSettingsForm } from "@/components/sync/sync-settings-form";
import { Card, PageHeader } from "@/components/ui/card";
import { loadSyncCompany } from "../load-sync-company";
import { SyncBreadcrumb } from "../sync-breadcrumb";

export const metadata: Metadata = { title: "Sync settings" };

export default async function SyncSettingsPage({ params }: { params: Promise<{ slug: string; companyId: string }> }) {
  const { slug, companyId } = await params;
  const { caller, can, company, hrefs } = await loadSyncCompany(slug, companyId);
  const settings = await caller.sync.getSettings({ companyId: company.id });
  return (
    <>
      <SyncBreadcrumb
        trail={[
          { href: hrefs.company, label: company.name },
          { href: hrefs.sync, label: "Sync" },
        ]}
      />
      <PageHeader
        title="Sync settings"
        description="How this company's records are kept in step. Changes apply from the next run."
      />
      <Card>
        <SyncSettingsForm
          companyId={company.id}
          settings={settings}
          canWrite={can("company.write")}
          canSetPolicies={can("company.golive")}
        />
      </Card>
      <div className="mt-6">
        <SettingsReviewed
          companyId={company.id}
          reviewedLabel={company.settingsReviewedAt ? formatWhen(company.settingsReviewedAt, company.timezone) : null}
          canWrite={can("company.write")}
        />
      </div>
    </>
  );
}
