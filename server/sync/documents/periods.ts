// Closed periods: a document is never posted into a closed Sage 100 period. Sage's own calendar decides (asked once
// per date and run through the agent's checkPostingDate); a closed date holds the document with Sage's reason, or,
// when the company chose so, moves it to the first open day with a warning on the record.
import type { POSTING_JOURNALS, ResultOf } from "@/agent/src/protocol";
import { hold, type Hold } from "../engine/flow";
import type { FlowRun } from "../engine/flow-run";
import type { RecordWarning } from "@/server/domain/model";

export const PERIOD_CLOSED = "PERIOD_CLOSED";

type Journal = (typeof POSTING_JOURNALS)[number];

type Answer = ResultOf<"checkPostingDate">;

/** Sage's answer for a date: one question per fiscal period and run (the answer names its period's first and last day). */
async function answerFor(ctx: FlowRun, date: string, journal: Journal): Promise<Answer> {
  const byJournal = ctx.memo("periods:answers", () => new Map<Journal, Answer[]>());
  const known = byJournal.get(journal) ?? [];
  const hit = known.find((a) => a.periodStart && a.periodEnd && a.periodStart <= date && date <= a.periodEnd);
  if (hit) return hit.open ? { ...hit, date, firstOpenDate: date } : { ...hit, date };
  const answer = await ctx.once(`period:${journal}:${date}`, () =>
    ctx.ask(
      { type: "checkPostingDate", payload: { date, journal } },
      { key: `checkPostingDate:${journal}:${date}:${ctx.runId}` },
    ),
  );
  if (!known.includes(answer)) byJournal.set(journal, [...known, answer]);
  return answer;
}

export async function postingDateFor(
  ctx: FlowRun,
  o: { date: string; journal: Journal; what: string },
): Promise<{ date: string; warnings: RecordWarning[] } | Hold> {
  const answer = await answerFor(ctx, o.date, o.journal);
  if (answer.open) return { date: o.date, warnings: [] };
  const reason = answer.reason ?? `Sage 100 does not accept postings dated ${o.date}.`;
  if (ctx.settings.sage100.redateClosedPeriod && answer.firstOpenDate) {
    const period = answer.period ? ` period ${answer.period}` : " a period that";
    return {
      date: answer.firstOpenDate,
      warnings: [
        {
          field: "issueDate",
          message: `Dated ${o.date} in KashFlow, but Sage 100${period} is closed: entered in Sage 100 on ${answer.firstOpenDate}, the first open day.`,
        },
      ],
    };
  }
  const option = answer.firstOpenDate
    ? ` Or turn on "re-date to the first open day" in sync settings (it would be entered on ${answer.firstOpenDate}).`
    : "";
  return hold(PERIOD_CLOSED, `${o.what} is dated ${o.date}. ${reason}${option}`, "issueDate");
}
