// Per flow: what it carries (direction), its state, the last run (when, how long, counts), the next run, actions.
import type { FlowHealth } from "@/server/services/health/types";
import type { FlowOverview } from "@/server/services/sync/sync-overview";
import { FlowCounts } from "./flow-counts";
import { FlowPauseButton } from "./flow-pause-button";
import { FlowRunStatus } from "./flow-run-status";
import { formatDuration, formatWhen } from "./format";
import { SyncNowButton } from "./sync-now-button";

export function FlowTable({
  companyId,
  flows,
  health = [],
  timeZone,
  canWrite,
  ready,
}: {
  companyId: string;
  flows: FlowOverview[];
  health?: FlowHealth[];
  timeZone: string;
  canWrite: boolean;
  ready: boolean;
}) {
  const healthOf = new Map(health.map((h) => [h.flowId, h]));
  if (flows.length === 0) return <p className="text-sm text-slate-600">No sync flows are set up on this server yet.</p>;
  return (
    <div className="-mx-5 overflow-x-auto relative">
      <table className="w-full min-w-[760px] text-left text-sm" data-testid="sync-flows">
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="px-5 py-2 font-medium">Flow</th>
            <th className="px-3 py-2 font-medium">State</th>
            <th className="px-3 py-2 font-medium">Last run</th>
            <th className="px-3 py-2 font-medium">Counts (last run)</th>
            <th className="px-3 py-2 font-medium">Next run</th>
            {canWrite ? (
              <th className="px-5 py-2 font-medium">
                <span className="sr-only">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {flows.map((flow) => (
            <tr
              key={flow.id}
              id={`flow-${flow.id}`}
              className="scroll-mt-4 align-top target:bg-amber-50"
              data-testid="sync-flow"
              data-flow={flow.id}
              data-health={healthOf.get(flow.id)?.state}
            >
              <td className="px-5 py-3">
                <p className="font-medium">{flow.label}</p>
                {!flow.registered ? (
                  <p className="text-xs text-slate-500">No longer set up on this server</p>
                ) : flow.label.includes(flow.direction) ? null : (
                  <p className="text-xs text-slate-500">{flow.direction}</p>
                )}
              </td>
              <td className="whitespace-nowrap px-3 py-3">
                <FlowRunStatus flow={flow} health={healthOf.get(flow.id)} />
              </td>
              <td className="px-3 py-3 text-xs text-slate-700">
                {flow.run?.running ? (
                  <>Started {formatWhen(flow.run.runStartedAt, timeZone)}</>
                ) : flow.run?.lastFinishedAt ? (
                  <>
                    <p>{formatWhen(flow.run.lastFinishedAt, timeZone)}</p>
                    <p className="text-slate-500">took {formatDuration(flow.run.lastDurationMs)}</p>
                  </>
                ) : (
                  <span className="text-slate-500">Not yet</span>
                )}
              </td>
              <td className="px-3 py-3">
                {flow.run?.lastFinishedAt ? (
                  <FlowCounts counts={flow.run.counts} />
                ) : (
                  <span className="text-xs text-slate-500">—</span>
                )}
              </td>
              <td className="px-3 py-3 text-xs text-slate-700">
                {flow.paused ? (
                  <span className="text-slate-500">Paused</span>
                ) : flow.run?.requestedAt ? (
                  "Now"
                ) : flow.run?.nextRunAt ? (
                  formatWhen(flow.run.nextRunAt, timeZone)
                ) : (
                  "At the next check"
                )}
              </td>
              {canWrite ? (
                <td className="px-5 py-3">
                  {flow.registered ? (
                    <div className="flex justify-end gap-2 whitespace-nowrap">
                      <SyncNowButton
                        companyId={companyId}
                        flow={flow.id}
                        label="Run now"
                        variant="secondary"
                        small
                        disabled={!ready || flow.paused || flow.run?.running}
                      />
                      <FlowPauseButton companyId={companyId} flow={flow.id} label={flow.label} paused={flow.paused} />
                    </div>
                  ) : null}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
