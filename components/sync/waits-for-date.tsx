// A document waiting for its date (the company carries forward-dated documents on their date): said plainly, in
// neutral colours — nothing is wrong and nobody needs to act.
import { WAITS_FOR_DATE } from "@/server/sync/engine/forward-dated";

export const waitsForDate = (r: { status: string; errorCode: string | null }): boolean =>
  r.status === "PENDING" && r.errorCode === WAITS_FOR_DATE;

export function WaitsForDate({ message, compact = false }: { message: string | null; compact?: boolean }) {
  if (compact)
    return (
      <p className="text-xs text-slate-600" data-testid="sync-waits-for-date">
        {message}
      </p>
    );
  return (
    <div
      role="note"
      className="space-y-1 rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700 ring-1 ring-slate-200"
      data-testid="sync-waits-for-date"
    >
      <p>{message}</p>
      <p className="text-xs text-slate-600">
        It is dated after today, and this company carries such documents on their date (sync settings). It goes to Sage
        100 on that day, by itself.
      </p>
    </div>
  );
}
