// Closed periods: a document is never posted into a closed Sage 100 period. Sage's own calendar decides (asked once
// per date and run through the agent's checkPostingDate); a closed date holds the document with Sage's reason, or,
// when the company chose so, moves it to the first open day with a warning on the record.
import type { POSTING_JOURNALS } from "@/agent/src/protocol";
import { hold, type FlowContext, type Hold } from "../engine/flow";
import type { RecordWarning } from "../model";
import { oncePerRun, runCache } from "./sales-invoices-lookups";

export const PERIOD_CLOSED = "PERIOD_CLOSED";

type Journal = (typeof POSTING_JOURNALS)[number];

export async function postingDateFor(ctx: FlowContext, o: { date: string; journal: Journal; what: string }): Promise<{ date: string; warnings: RecordWarning[] } | Hold> {
  const answer = await oncePerRun(ctx, `period:${o.journal}:${o.date}`, () =>
    ctx.sage100.execute({ type: "checkPostingDate", payload: { date: o.date, journal: o.journal } }, { key: `checkPostingDate:${o.journal}:${o.date}:${runCache(ctx).runId}`, retryInLedger: true }),
  );
  if (answer.open) return { date: o.date, warnings: [] };
  const reason = answer.reason ?? `Sage 100 does not accept postings dated ${o.date}.`;
  if (ctx.settings.sage100.redateClosedPeriod && answer.firstOpenDate) {
    const period = answer.period ? ` period ${answer.period}` : " a period that";
    return {
      date: answer.firstOpenDate,
      warnings: [{ field: "issueDate", message: `Dated ${o.date} in KashFlow, but Sage 100${period} is closed: entered in Sage 100 on ${answer.firstOpenDate}, the first open day.` }],
    };
  }
  const option = answer.firstOpenDate ? ` Or turn on "re-date to the first open day" in sync settings (it would be entered on ${answer.firstOpenDate}).` : "";
  return hold(PERIOD_CLOSED, `${o.what} is dated ${o.date}. ${reason}${option}`, "issueDate");
}
