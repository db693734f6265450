// Days of the tie-out, newest first: per kind of document KashFlow's total, Sage 100's and the variance (or a tick
// when it ties), each day a link to its variances by document. A kind waiting for an exchange rate shows which rate
// instead of a figure: unknown is never shown as 0.00.
import Link from "next/link";
import { Badge } from "@/components/ui/card";
import type { TieOutDaysView } from "@/server/services/tie-out/tie-out";
import { TIE_OUT_KIND_LIST, TIE_OUT_KINDS } from "@/server/sync/tie-out/kinds";
import { MissingRateLinks } from "./missing-rate-link";
import { formatMinor, formatVariance } from "./money";

export function TieOutDaysTable({
  days,
  tieOutHref,
  syncHref,
  compact = false,
}: {
  days: TieOutDaysView["days"];
  tieOutHref: string;
  syncHref: string;
  compact?: boolean;
}) {
  return (
    <div className="-mx-5 overflow-x-auto relative">
      <table className="w-full min-w-[640px] text-left text-sm" data-testid="tie-out-days">
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="px-5 py-2 font-medium">Day</th>
            {TIE_OUT_KIND_LIST.map((k) => (
              <th key={k} className="px-3 py-2 text-right font-medium">
                {TIE_OUT_KINDS[k].label}
              </th>
            ))}
            <th className="px-5 py-2 font-medium">Result</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {days.map((d) => (
            <tr
              key={d.day}
              className="align-top hover:bg-slate-50"
              data-testid="tie-out-day"
              data-day={d.day}
              data-ties={d.tiesOut ? "yes" : "no"}
              data-state={d.state}
            >
              <td className="px-5 py-2.5">
                <Link href={`${tieOutHref}/${d.day}`} className="font-medium text-indigo-700 hover:underline">
                  {d.day}
                </Link>
              </td>
              {TIE_OUT_KIND_LIST.map((kind) => {
                const k = d.kinds.find((x) => x.kind === kind);
                if (!k)
                  return (
                    <td key={kind} className="px-3 py-2.5 text-right text-slate-400">
                      —
                    </td>
                  );
                const docs = `${k.documents} doc${k.documents === 1 ? "" : "s"}`;
                if (k.kashflowMinor === null || k.varianceMinor === null) {
                  return (
                    <td key={kind} className="px-3 py-2.5 text-right" data-kind={kind} data-state={k.state}>
                      <MissingRateLinks rates={k.missingRates} syncHref={syncHref} compact />
                      <p className="text-xs text-slate-500">
                        Sage 100 {formatMinor(k.sage100Minor, k.currency)} · {docs}
                      </p>
                    </td>
                  );
                }
                const off = k.state === "variance";
                return (
                  <td key={kind} className="px-3 py-2.5 text-right tabular-nums" data-kind={kind} data-state={k.state}>
                    <span className={off ? "text-red-700" : "text-slate-800"}>
                      {formatMinor(k.kashflowMinor, k.currency)}
                    </span>
                    {!compact || off ? (
                      <p className="text-xs text-slate-500">
                        Sage 100 {formatMinor(k.sage100Minor, k.currency)} · {docs}
                      </p>
                    ) : null}
                    {off ? (
                      <p className="text-xs font-medium text-red-700">{formatVariance(k.varianceMinor, k.currency)}</p>
                    ) : null}
                  </td>
                );
              })}
              <td className="px-5 py-2.5">
                <Link href={`${tieOutHref}/${d.day}`} className="inline-flex flex-wrap gap-1">
                  {d.state === "rate_missing" ? <Badge tone="amber">Rate missing</Badge> : null}
                  {d.varianceCount > 0 ? (
                    <Badge tone="red">
                      {d.varianceCount} {d.varianceCount === 1 ? "document differs" : "documents differ"}
                    </Badge>
                  ) : null}
                  {d.state === "ties_out" ? <Badge tone="green">Ties out</Badge> : null}
                  {d.state === "variance" && d.varianceCount === 0 ? <Badge tone="red">Totals differ</Badge> : null}
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
