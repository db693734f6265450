// Documents held because no exchange rate was entered: grouped by the pair and day each needs, with the documents.
import Link from "next/link";
import { modelLabel, SYSTEM_NAMES } from "@/components/sync/labels";
import type { FxRatesView } from "@/server/services/fx/list-fx-rates";
import { fxFormHref } from "@/components/mappings/hrefs";
import { formatDay } from "@/lib/zoned-day";

export function FxWaitingList({
  waiting,
  syncHref,
  canWrite,
}: {
  waiting: FxRatesView["waiting"];
  syncHref: string;
  canWrite: boolean;
}) {
  return (
    <ul className="divide-y divide-slate-100" data-testid="fx-waiting">
      {waiting.map((w) => (
        <li
          key={`${w.from}:${w.to}:${w.day}`}
          className="py-3 text-sm"
          data-testid="fx-waiting-rate"
          data-pair={`${w.from}:${w.to}`}
          data-day={w.day}
        >
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <p>
              <span className="font-medium">
                {w.from}→{w.to} for {formatDay(w.day)}
              </span>
              {w.earliestDay < w.day ? (
                <span className="text-slate-500">
                  {" "}
                  (a rate dated {formatDay(w.earliestDay)} to {formatDay(w.day)} will do)
                </span>
              ) : null}{" "}
              ·{" "}
              <span className="text-amber-800">
                {w.count.toLocaleString("en-GB")} {w.count === 1 ? "document waits" : "documents wait"}
              </span>
            </p>
            {canWrite ? (
              <Link
                href={fxFormHref(syncHref, w.from, w.to, w.day)}
                className="text-xs font-medium text-indigo-700 hover:underline"
              >
                Enter this rate →
              </Link>
            ) : null}
          </div>
          <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs">
            {w.documents.map((d) => (
              <li key={d.id}>
                <Link href={`${syncHref}/records/${d.id}`} className="text-indigo-700 hover:underline">
                  {modelLabel(d.model)} {d.number ?? d.externalId}
                </Link>
                <span className="text-slate-500">
                  {" "}
                  · {SYSTEM_NAMES[d.system as keyof typeof SYSTEM_NAMES] ?? d.system}
                  {d.name ? ` · ${d.name}` : ""}
                </span>
              </li>
            ))}
            {w.count > w.documents.length ? (
              <li className="text-slate-500">and {w.count - w.documents.length} more</li>
            ) : null}
          </ul>
        </li>
      ))}
    </ul>
  );
}
