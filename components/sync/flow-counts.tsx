// What the last run saw and did: records inserted / changed / unchanged at the source, then synced / held / failed / dead.
import { formatCount } from "./format";

const SEEN = [
  ["inserted", "new"],
  ["changed", "changed"],
  ["unchanged", "unchanged"],
] as const;
const DONE = [
  ["SYNCED", "synced", "text-emerald-700"],
  ["HELD", "held", "text-amber-700"],
  ["FAILED", "failed", "text-red-700"],
  ["DEAD", "dead", "text-red-700"],
] as const;

export function FlowCounts({ counts }: { counts: Record<string, number> }) {
  const n = (k: string) => counts[k] ?? 0;
  return (
    <dl className="space-y-0.5 text-xs" data-testid="sync-flow-counts">
      <div className="flex flex-wrap gap-x-2 text-slate-600">
        <dt className="sr-only">Seen at the source</dt>
        {SEEN.map(([key, label]) => (
          <dd key={key} data-count={key}>
            {formatCount(n(key))} {label}
          </dd>
        ))}
      </div>
      <div className="flex flex-wrap gap-x-2">
        <dt className="sr-only">Carried across</dt>
        {DONE.map(([key, label, tone]) => (
          <dd key={key} data-count={key} className={n(key) > 0 ? `font-medium ${tone}` : "text-slate-500"}>
            {formatCount(n(key))} {label}
          </dd>
        ))}
        {n("WAITING") > 0 ? (
          <dd data-count="WAITING" className="text-slate-600">
            {formatCount(n("WAITING"))} waiting for their date
          </dd>
        ) : null}
      </div>
    </dl>
  );
}
