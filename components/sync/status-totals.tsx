// How many ledger records are in each status, in total and per model, each number a link into the records view.
import Link from "next/link";
import type { SyncOverview } from "@/server/services/sync/sync-overview";
import type { ModelName } from "@/server/domain/model";
import { formatCount } from "./format";
import { modelPlural, RECORD_STATUSES, STATUS_LABEL, STATUS_MEANING } from "./labels";
import { RecordStatusBadge } from "./record-status-badge";
import { RetryFailedButton } from "./retry-failed-button";

const query = (params: Record<string, string>) => `?${new URLSearchParams(params).toString()}`;

export function StatusTotals({
  companyId,
  recordsHref,
  overview,
  canWrite,
}: {
  companyId: string;
  recordsHref: string;
  overview: SyncOverview;
  canWrite: boolean;
}) {
  const total = Object.values(overview.totals).reduce((a, b) => a + b, 0);
  if (total === 0)
    return <p className="text-sm text-slate-600">No records in the ledger yet. They appear after the first run.</p>;
  return (
    <div className="space-y-4">
      <ul className="flex flex-wrap gap-2" data-testid="sync-totals">
        {RECORD_STATUSES.map((status) => (
          <li key={status}>
            <Link
              href={`${recordsHref}${query({ status })}`}
              title={STATUS_MEANING[status]}
              className="flex items-center gap-2 rounded-md px-3 py-1.5 text-sm ring-1 ring-slate-200 hover:bg-slate-50"
              data-testid={`sync-total-${status}`}
            >
              <RecordStatusBadge status={status} />
              <span className="font-medium tabular-nums">{formatCount(overview.totals[status])}</span>
            </Link>
          </li>
        ))}
      </ul>
      <div className="-mx-5 overflow-x-auto relative">
        <table className="w-full min-w-[640px] text-left text-sm">
          <thead className="text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-5 py-2 font-medium">Records</th>
              {RECORD_STATUSES.map((s) => (
                <th key={s} className="px-3 py-2 text-right font-medium">
                  {STATUS_LABEL[s]}
                </th>
              ))}
              {canWrite ? (
                <th className="px-5 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {overview.byModel.map(({ model, counts }) => {
              const failed = counts.FAILED + counts.DEAD;
              return (
                <tr key={model} data-testid="sync-model-totals" data-model={model}>
                  <td className="px-5 py-2">
                    <Link href={`${recordsHref}${query({ model })}`} className="font-medium hover:text-indigo-700">
                      {modelPlural(model)}
                    </Link>
                  </td>
                  {RECORD_STATUSES.map((status) => (
                    <td key={status} className="px-3 py-2 text-right tabular-nums">
                      {counts[status] > 0 ? (
                        <Link
                          href={`${recordsHref}${query({ model, status })}`}
                          className="text-indigo-700 hover:underline"
                        >
                          {formatCount(counts[status])}
                        </Link>
                      ) : (
                        <span className="text-slate-400">0</span>
                      )}
                    </td>
                  ))}
                  {canWrite ? (
                    <td className="px-5 py-2 text-right">
                      {failed > 0 ? (
                        <RetryFailedButton companyId={companyId} model={model as ModelName} count={failed} />
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
