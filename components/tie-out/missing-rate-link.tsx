// A tie-out figure that is unknown because a rate is missing: says which rate, and links to the FX form for it.
import Link from "next/link";
import { fxFormHref } from "@/components/mappings/hrefs";
import type { MissingRate } from "@/server/sync/tie-out/kinds";
import { dayLabel } from "./days";

export function MissingRateLinks({
  rates,
  syncHref,
  compact = false,
}: {
  rates: MissingRate[];
  syncHref: string;
  compact?: boolean;
}) {
  return (
    <ul className={compact ? "space-y-0.5 text-xs" : "space-y-1 text-sm"} data-testid="tie-out-missing-rates">
      {rates.map((r) => (
        <li key={`${r.from}-${r.to}-${r.day}`} className="text-amber-900">
          <Link
            href={fxFormHref(syncHref, r.from, r.to, r.day)}
            className="font-medium underline hover:text-indigo-700"
            data-testid="tie-out-missing-rate"
          >
            No {r.from}→{r.to} rate for {dayLabel(r.day)}
          </Link>
          {!compact && r.documents ? (
            <span className="text-slate-600">
              {" "}
              · {r.documents} document{r.documents === 1 ? "" : "s"} wait{r.documents === 1 ? "s" : ""} for it
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
