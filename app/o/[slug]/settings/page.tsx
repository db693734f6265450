import type { Metadata } from "next";
import { Card, PageHeader } from "@/components/ui/card";
import { loadOrg } from "../load-org";
import { RenameOrgForm } from "./rename-org-form";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { org, can } = await loadOrg(slug);
  return (
    <>
      <PageHeader title="Settings" />
      <Card title="Organization">
        <RenameOrgForm orgId={org.id} name={org.name} disabled={!can("org.update")} />
      </Card>
    </>
  );
}
