import type { Metadata } from "next";
import { HoldFixLink } from "@/components/mappings/hold-fix-link";
import { ErrorExplainer } from "@/components/sync/error-explainer";
import { JsonBlock } from "@/components/sync/json-block";
import { modelLabel, SYSTEM_NAMES } from "@/components/sync/labels";
import { RecordFacts } from "@/components/sync/record-facts";
import { RecordTimeline } from "@/components/sync/record-timeline";
import { RetryRecordButton } from "@/components/sync/retry-record-button";
import { WaitingFor } from "@/components/sync/waiting-for";
import { WaitsForDate, waitsForDate } from "@/components/sync/waits-for-date";
import { Card, PageHeader } from "@/components/ui/card";
import { orNotFound } from "@/server/api/server-caller";
import { loadSyncCompany } from "../../load-sync-company";
import { SyncBreadcrumb } from "../../sync-breadcrumb";

export const metadata: Metadata = { title: "Sync record" };

const RETRYABLE = new Set(["FAILED", "DEAD", "HELD"]);

export default async function SyncRecordPage({
  params,
}: {
  params: Promise<{ slug: string; companyId: string; recordId: string }>;
}) {
  const { slug, companyId, recordId } = await params;
  const { caller, can, company, hrefs } = await loadSyncCompany(slug, companyId);
  const detail = await orNotFound(caller.sync.getRecord({ companyId: company.id, recordId }));
  const { record } = detail;
  const canRetry = can("company.write") && RETRYABLE.has(record.status);
  return (
    <>
      <SyncBreadcrumb
        trail={[
          { href: hrefs.company, label: company.name },
          { href: hrefs.sync, label: "Sync" },
          { href: hrefs.records, label: "Records" },
        ]}
      />
      <PageHeader
        title={<span data-testid="sync-record-title">{record.name ?? record.externalId}</span>}
        description={`${modelLabel(record.model)} in ${SYSTEM_NAMES[record.system]} · ${record.externalId} · times in ${company.timezone}`}
        actions={
          canRetry ? (
            <RetryRecordButton
              companyId={company.id}
              recordId={record.id}
              held={record.status === "HELD"}
              reason={record.errorMessage}
            />
          ) : null
        }
      />
      <div className="grid gap-6 lg:grid-cols-[2fr_3fr]">
        <div className="space-y-6">
          <Card title="Record">
            <div className="space-y-4">
              {record.waitingFor ? (
                <WaitingFor waiting={record.waitingFor} message={record.errorMessage} recordsHref={hrefs.records} />
              ) : waitsForDate(record) ? (
                <WaitsForDate message={record.errorMessage} />
              ) : (
                <ErrorExplainer
                  message={record.errorMessage}
                  field={record.errorField}
                  retryClass={record.retryClass}
                  code={record.errorCode}
                />
              )}
              {record.status === "HELD" ? (
                <HoldFixLink syncHref={hrefs.sync} code={record.errorCode} field={record.errorField} />
              ) : null}
              {record.status === "HELD" ? (
                <p className="text-xs text-slate-600">
                  A held record is not retried by itself. Fix the cause in {SYSTEM_NAMES[record.system]} (the next
                  change there releases it), or fix the mapping and press Retry.
                </p>
              ) : null}
              <RecordFacts detail={detail} recordsHref={hrefs.records} timeZone={company.timezone} />
            </div>
          </Card>
          <Card
            title="Current payload"
            description={`The record as last seen in ${SYSTEM_NAMES[record.system]}, in Ledgerlink's canonical form.`}
          >
            <JsonBlock label="Show payload" value={record.payload} open testId="sync-payload" />
          </Card>
        </div>
        <Card
          title="Timeline"
          description="Every attempt to carry this record across, in either direction, newest first."
        >
          <RecordTimeline
            attempts={detail.attempts}
            total={detail.attemptCount}
            timeZone={company.timezone}
            counterpart={detail.counterpart}
          />
        </Card>
      </div>
    </>
  );
}
