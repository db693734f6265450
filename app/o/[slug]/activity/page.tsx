import type { Metadata } from "next";
import { ActivityList } from "@/components/activity-list";
import { Card, PageHeader } from "@/components/ui/card";
import { loadOrg } from "../load-org";

export const metadata: Metadata = { title: "Activity" };

export default async function ActivityPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { org, caller } = await loadOrg(slug);
  const { entries } = await caller.audit.list({ orgId: org.id });
  return (
    <>
      <PageHeader title="Activity" description="Who did what in this organization and its companies." />
      <Card>
        <ActivityList entries={entries} />
      </Card>
    </>
  );
}
