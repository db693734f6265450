// One line per ledger record: what it is, where it lives, its status, the error (plain English, with the field), warnings.
import Link from "next/link";
import { HoldFixLink } from "@/components/mappings/hold-fix-link";
import type { RecordRow } from "@/server/services/sync/list-sync-records";
import { ErrorExplainer } from "./error-explainer";
import { formatWhen } from "./format";
import { modelLabel, SYSTEM_NAMES } from "./labels";
import { RecordStatusBadge } from "./record-status-badge";
import { WaitingFor } from "./waiting-for";
import { WaitsForDate, waitsForDate } from "./waits-for-date";

export function RecordsTable({
  rows,
  recordsHref,
  timeZone,
}: {
  rows: RecordRow[];
  recordsHref: string;
  timeZone: string;
}) {
  if (rows.length === 0)
    return (
      <p className="py-6 text-center text-sm text-slate-600" data-testid="sync-records-empty">
        No records match.
      </p>
    );
  return (
    <div className="-mx-5 overflow-x-auto relative">
      <table className="w-full min-w-[760px] text-left text-sm" data-testid="sync-records">
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="px-5 py-2 font-medium">Record</th>
            <th className="px-3 py-2 font-medium">Status</th>
            <th className="px-3 py-2 font-medium">Counterpart</th>
            <th className="px-3 py-2 font-medium">Problem</th>
            <th className="px-5 py-2 font-medium">Changed</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => (
            <tr
              key={r.id}
              className="align-top hover:bg-slate-50"
              data-testid="sync-record-row"
              data-external-id={r.externalId}
            >
              <td className="px-5 py-2.5">
                <Link href={`${recordsHref}/${r.id}`} className="font-medium text-indigo-700 hover:underline">
                  {r.name || r.externalId}
                </Link>
                <p className="text-xs text-slate-500">
                  {modelLabel(r.model)} · {SYSTEM_NAMES[r.system]} <span className="font-mono">{r.externalId}</span>
                  {r.deletedAt ? " · deleted at the source" : ""}
                </p>
              </td>
              <td className="px-3 py-2.5">
                <RecordStatusBadge status={r.status} waiting={Boolean(r.waitingFor)} />
                {r.attempts > 1 ? <p className="mt-0.5 text-xs text-slate-500">{r.attempts} attempts</p> : null}
              </td>
              <td className="px-3 py-2.5 font-mono text-xs text-slate-700">
                {r.counterpartId ?? <span className="font-sans text-slate-400">not yet</span>}
              </td>
              <td className="max-w-sm px-3 py-2.5">
                {r.waitingFor ? (
                  <WaitingFor waiting={r.waitingFor} message={r.errorMessage} recordsHref={recordsHref} compact />
                ) : waitsForDate(r) ? (
                  <WaitsForDate message={r.errorMessage} compact />
                ) : (
                  <ErrorExplainer message={r.errorMessage} field={r.errorField} compact />
                )}
                {r.status === "HELD" ? (
                  <HoldFixLink
                    syncHref={recordsHref.replace(/\/records$/, "")}
                    code={r.errorCode}
                    field={r.errorField}
                    compact
                  />
                ) : null}
                {r.status === "FAILED" && r.nextAttemptAt ? (
                  <p className="text-xs text-slate-500">Next try {formatWhen(r.nextAttemptAt, timeZone)}</p>
                ) : null}
                {r.warningCount > 0 ? (
                  <p className="text-xs text-amber-700" data-testid="sync-warning-count">
                    {r.warningCount} {r.warningCount === 1 ? "warning" : "warnings"}
                  </p>
                ) : null}
              </td>
              <td className="px-5 py-2.5 text-xs text-slate-600">{formatWhen(r.updatedAt, timeZone)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
