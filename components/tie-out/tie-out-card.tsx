// The tie-out on the sync dashboard: the last days at a glance, and whether any day does not tie out.
import Link from "next/link";
import { formatWhen } from "@/components/sync/format";
import { Card } from "@/components/ui/card";
import { serverCaller } from "@/server/api/server-caller";
import { TieOutDaysTable } from "./tie-out-days-table";

export async function TieOutCard({
  companyId,
  syncHref,
  timeZone,
}: {
  companyId: string;
  syncHref: string;
  timeZone: string;
}) {
  const caller = await serverCaller();
  const view = await caller.tieOut.listDays({ companyId, days: 7 });
  const tieOutHref = `${syncHref}/tie-out`;
  const open = view.daysWithVariance;
  const waiting = view.daysWithMissingRates;
  return (
    <Card
      title="Tie-out"
      description="Each day's KashFlow invoices, purchases and payments, converted at the rate stored with each, against what Sage 100 holds for them."
      actions={
        <Link href={tieOutHref} className="text-sm text-indigo-700 hover:underline">
          All days →
        </Link>
      }
    >
      <div className="space-y-3" data-testid="tie-out-card">
        {view.days.length === 0 ? (
          <p className="text-sm text-slate-600">
            No tie-out yet. It runs after the money flows, for every day whose documents changed.
          </p>
        ) : (
          <>
            {open.length ? (
              <p
                role="status"
                className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200"
                data-testid="tie-out-open"
              >
                {open.length === 1 ? "1 day does" : `${open.length} days do`} not tie out:{" "}
                {open.slice(0, 6).map((d, i) => (
                  <span key={d}>
                    {i > 0 ? ", " : ""}
                    <Link href={`${tieOutHref}/${d}`} className="font-medium underline">
                      {d}
                    </Link>
                  </span>
                ))}
                {open.length > 6 ? " …" : ""}
              </p>
            ) : null}
            {waiting.length ? (
              <p
                role="status"
                className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200"
                data-testid="tie-out-rate-missing"
              >
                {waiting.length === 1 ? "1 day waits" : `${waiting.length} days wait`} for an exchange rate (
                <Link href={`${syncHref}/fx`} className="font-medium underline">
                  FX rates
                </Link>
                ):{" "}
                {waiting.slice(0, 6).map((d, i) => (
                  <span key={d}>
                    {i > 0 ? ", " : ""}
                    <Link href={`${tieOutHref}/${d}`} className="font-medium underline">
                      {d}
                    </Link>
                  </span>
                ))}
                {waiting.length > 6 ? " …" : ""}
              </p>
            ) : null}
            {!open.length && !waiting.length ? (
              <p className="text-sm text-emerald-800" data-testid="tie-out-ok">
                Every day computed so far ties out.
              </p>
            ) : null}
            <TieOutDaysTable days={view.days} tieOutHref={tieOutHref} syncHref={syncHref} compact />
            <p className="text-xs text-slate-500">Last computed {formatWhen(view.lastComputedAt, timeZone)}.</p>
          </>
        )}
      </div>
    </Card>
  );
}
