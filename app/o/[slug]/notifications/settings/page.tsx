import type { Metadata } from "next";
import Link from "next/link";
import { PreferencesForm } from "@/components/notifications/preferences-form";
import { Card, PageHeader } from "@/components/ui/card";
import { timezoneList } from "@/lib/schemas";
import { loadOrg } from "../../load-org";

export const metadata: Metadata = { title: "Notification settings" };

export default async function NotificationSettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { org, caller, user } = await loadOrg(slug);
  const preferences = await caller.notifications.getPreferences({ orgId: org.id });
  return (
    <>
      <PageHeader
        title="Notification settings"
        description={`Your own choices for ${org.name}, sent to ${user.email}. Other people choose theirs.`}
        actions={
          <Link href={`/o/${org.slug}/notifications`} className="text-sm font-medium text-indigo-700 hover:underline">
            Back to notifications
          </Link>
        }
      />
      <Card>
        <PreferencesForm orgId={org.id} orgName={org.name} initial={preferences} timezones={timezoneList()} />
      </Card>
    </>
  );
}
