// Every attempt to carry a record across, newest first: when, which flow, how it ended, what was sent and what came
// back, and the error in plain English with what happens next.
import type { SyncRecordDetail } from "@/server/services/sync/get-sync-record";
import { ErrorExplainer } from "./error-explainer";
import { formatDuration, formatWhen } from "./format";
import { JsonBlock } from "./json-block";
import { RECORD_STATUSES, SYSTEM_NAMES, type RecordStatus } from "./labels";
import { RecordStatusBadge } from "./record-status-badge";

const asStatus = (outcome: string): RecordStatus | null =>
  (RECORD_STATUSES as readonly string[]).includes(outcome) ? (outcome as RecordStatus) : null;

export function RecordTimeline({
  attempts,
  total,
  timeZone,
  counterpart,
}: {
  attempts: SyncRecordDetail["attempts"];
  total: number;
  timeZone: string;
  counterpart: SyncRecordDetail["counterpart"];
}) {
  if (attempts.length === 0)
    return <p className="text-sm text-slate-600">No attempts yet: the record has not been carried across.</p>;
  return (
    <>
      <ol className="relative space-y-5 border-l border-slate-200 pl-5" data-testid="sync-timeline">
        {attempts.map((a, i) => {
          const status = asStatus(a.outcome);
          return (
            <li key={a.id} className="relative" data-testid="sync-attempt" data-outcome={a.outcome}>
              <span
                className="absolute -left-[26px] top-1 size-3 rounded-full bg-white ring-2 ring-slate-300"
                aria-hidden
              />
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <span className="font-medium">Attempt {total - i}</span>
                {a.outcome === "WAITING" ? (
                  <RecordStatusBadge status="PENDING" waiting />
                ) : status ? (
                  <RecordStatusBadge status={status} />
                ) : (
                  <span className="text-xs">{a.outcome}</span>
                )}
                <span className="text-slate-600">{a.flowLabel}</span>
              </div>
              <p className="mt-0.5 text-xs text-slate-500">
                <time dateTime={a.startedAt.toISOString()}>{formatWhen(a.startedAt, timeZone)}</time> · took{" "}
                {formatDuration(a.durationMs)}
                {a.ofCounterpart && counterpart ? (
                  <>
                    {" "}
                    · from the {SYSTEM_NAMES[counterpart.system]} side ({counterpart.externalId})
                  </>
                ) : null}
              </p>
              <div className="mt-2 space-y-2">
                {a.errorMessage ? (
                  a.outcome === "SKIPPED" || a.outcome === "WAITING" ? (
                    <p className="text-sm text-slate-700">{a.errorMessage}</p>
                  ) : (
                    <ErrorExplainer message={a.errorMessage} retryClass={a.retryClass} code={a.errorCode} />
                  )
                ) : null}
                <JsonPair request={a.request} response={a.response} />
              </div>
            </li>
          );
        })}
      </ol>
      {total > attempts.length ? (
        <p className="mt-4 text-xs text-slate-500">
          Showing the latest {attempts.length} of {total} attempts.
        </p>
      ) : null}
    </>
  );
}

function JsonPair({ request, response }: { request: unknown; response: unknown }) {
  return (
    <div className="grid gap-2 lg:grid-cols-2">
      <JsonBlock label="What was sent" value={request} testId="sync-attempt-request" />
      <JsonBlock label="What came back" value={response} testId="sync-attempt-response" />
    </div>
  );
}
