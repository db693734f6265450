// checkPostingDate: asks the journal's update object whether it takes a posting date (nSetPostingDate checks the
// fiscal calendar and writes nothing). When a closed period refuses the date, the later periods' first days
// (GL_FiscalYearDetail over ODBC) are tried in order, so the server can re-date a document instead of posting it
// into a closed period. A date refused for another reason (past the allowed window) is reported, never moved.
import type { BoiUpdate } from "../drivers/boi-types";
import { classifySageMessage } from "../errors/normalise";
import type { PayloadOf, ResultOf } from "../protocol";
import { failFrom, newBoiObject } from "./boi-object";
import { JOURNALS } from "./batches";
import { sageDate, type CommandContext } from "./context";

type Refusal = { id: string; code: string; reason: string; period?: string };

/** "2025-01-31" → "2025-02-01". */
export function dayAfter(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Only these refusals move forward: the date is before the open periods, not after them. */
const MOVES_FORWARD = new Set(["PERIOD_CLOSED", "NO_FISCAL_YEAR"]);

type Period = { start: string; end: string };

/** Every fiscal period as its first and last day, ascending (a year's first period starts on its beginning date). */
async function fiscalPeriods(ctx: CommandContext): Promise<Period[]> {
  const [years, periods] = await Promise.all([
    ctx.odbc.query("SELECT FiscalYear, BeginningDate FROM GL_FiscalYearMaster"),
    ctx.odbc.query("SELECT FiscalYear, FiscalPeriod, PeriodEndingDate FROM GL_FiscalYearDetail"),
  ]);
  const day = (v: unknown) => String(v ?? "").slice(0, 10);
  const begins = new Map(years.map((y) => [String(y.FiscalYear), day(y.BeginningDate)]));
  const out: Period[] = [];
  const sorted = periods
    .map((p) => ({ year: String(p.FiscalYear), end: day(p.PeriodEndingDate) }))
    .filter((p) => /^\d{4}-\d{2}-\d{2}$/.test(p.end))
    .sort((a, b) => a.end.localeCompare(b.end));
  for (const [i, p] of sorted.entries()) {
    const previous = sorted[i - 1];
    const start =
      previous && previous.year === p.year
        ? dayAfter(previous.end)
        : (begins.get(p.year) ?? (previous ? dayAfter(previous.end) : p.end));
    out.push({ start, end: p.end });
  }
  return out;
}

const periodOf = (periods: readonly Period[], date: string) => periods.find((p) => p.start <= date && date <= p.end);

export async function checkPostingDate(
  ctx: CommandContext,
  p: PayloadOf<"checkPostingDate">,
): Promise<ResultOf<"checkPostingDate">> {
  const spec = JOURNALS[p.journal];
  const upd = newBoiObject<BoiUpdate>(ctx.handle, spec, sageDate(p.date));
  try {
    // null = accepted (1, or -1 with a warning); otherwise why not. Anything but a period refusal is a real failure.
    const probe = (date: string): Refusal | null => {
      if (upd.nSetPostingDate(sageDate(date)) !== 0) return null;
      const message = String(upd.sLastErrorMsg ?? "").trim();
      const known = message ? classifySageMessage(message) : null;
      if (!known || known.error.code !== "PERIOD_CLOSED") failFrom(upd, `${spec.object}.nSetPostingDate`, "date");
      const period = /\((\d{4}-\d{2})\)/.exec(message)?.[1];
      return { id: known.id, code: known.error.code, reason: known.error.message, ...(period ? { period } : {}) };
    };
    const refused = probe(p.date);
    const periods = await fiscalPeriods(ctx);
    const own = periodOf(periods, p.date);
    const range = own ? { periodStart: own.start, periodEnd: own.end } : {};
    if (!refused) return { date: p.date, open: true, firstOpenDate: p.date, ...range };
    let firstOpenDate: string | null = null;
    if (MOVES_FORWARD.has(refused.id)) {
      const later = periods
        .map((x) => x.start)
        .filter((d) => d > p.date)
        .slice(0, p.searchPeriods);
      firstOpenDate = later.find((d) => probe(d) === null) ?? null;
    }
    return {
      date: p.date,
      open: false,
      firstOpenDate,
      code: refused.code,
      reason: refused.reason,
      ...(refused.period ? { period: refused.period } : {}),
      ...range,
    };
  } finally {
    try {
      upd.DropObject();
    } catch {
      // a dead session cannot drop objects; the pool discards the session
    }
  }
}
