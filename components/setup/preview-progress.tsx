// A preview being built: which flow, how many of them, how many records so far.
import { formatCount } from "@/components/sync/format";
import type { PreviewRunView } from "@/server/services/preview/preview-types";

export function PreviewProgress({ run }: { run: PreviewRunView }) {
  const { flowsDone, flowsTotal, flowLabel, records } = run.progress;
  const percent = flowsTotal ? Math.round((flowsDone / flowsTotal) * 100) : 0;
  return (
    <div className="space-y-2" data-testid="preview-progress">
      <p className="text-sm text-slate-700">
        {run.status === "QUEUED"
          ? "Waiting to start…"
          : `Planning ${flowLabel ?? "…"} (${flowsDone} of ${flowsTotal || "…"} flows, ${formatCount(records)} records so far).`}
      </p>
      <div
        className="h-2 w-full overflow-hidden rounded-full bg-slate-100"
        role="progressbar"
        aria-label="Preview progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <div className="h-full bg-indigo-600 transition-all" style={{ width: `${Math.max(percent, 3)}%` }} />
      </div>
    </div>
  );
}
