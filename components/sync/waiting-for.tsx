// A record waiting on another record (an invoice on its customer, a payment on its invoice): said plainly, in neutral
// colours, with a link to the record it waits for — nothing is wrong with this one, and it goes by itself.
import Link from "next/link";
import type { WaitingFor as Waiting } from "@/server/services/sync/waiting-for";

export function WaitingFor({
  waiting,
  message,
  recordsHref,
  compact = false,
}: {
  waiting: Waiting;
  message: string | null;
  recordsHref: string;
  compact?: boolean;
}) {
  const what = waiting.recordId ? (
    <Link
      href={`${recordsHref}/${waiting.recordId}`}
      className="font-medium text-indigo-700 hover:underline"
      data-testid="sync-waiting-for-link"
    >
      {waiting.label}
    </Link>
  ) : (
    <span className="font-medium">{waiting.label}</span>
  );
  if (compact) {
    return (
      <p className="text-xs text-slate-600" data-testid="sync-waiting-for">
        Waiting for {what}
        {waiting.problem ? (
          <span className="text-amber-800"> (that one is stuck: {waiting.problem.replace(/\.$/, "")})</span>
        ) : null}
      </p>
    );
  }
  return (
    <div
      role="note"
      className="space-y-1 rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700 ring-1 ring-slate-200"
      data-testid="sync-waiting-for"
    >
      <p>Waiting for {what}.</p>
      {message ? <p className="text-xs text-slate-600">{message}</p> : null}
      {waiting.problem ? <p className="text-xs text-amber-800">That record needs a person: {waiting.problem}</p> : null}
      <p className="text-xs text-slate-600">
        This record goes by itself once that one has reached {waiting.system === "KASHFLOW" ? "Sage 100" : "KashFlow"};
        nothing to do here.
      </p>
    </div>
  );
}
