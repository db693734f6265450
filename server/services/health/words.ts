// The words of the health sentences: record nouns ("3 sales invoices"), times and days in the company's time zone.
import { recordNoun } from "@/lib/model-nouns";
import { timeAgo } from "@/lib/relative-time";

export { recordNoun };

/** "3 sales invoices", "1 product". */
export const countOf = (n: number, model: string): string => `${n.toLocaleString("en-GB")} ${recordNoun(model, n)}`;

export const plural = (n: number, one: string, many = `${one}s`): string =>
  `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;

/** "Sales invoice" at the start of a sentence. */
export const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", options);
    formatters.set(key, f);
  }
  return f;
}

const localDay = (at: Date, timeZone: string) =>
  formatter(`day|${timeZone}`, { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);

/** "14:02" when `at` is on `now`'s day in the zone, else "4 Dec 2026, 14:02". */
export function clockTime(at: Date, now: Date, timeZone: string): string {
  const time = formatter(`time|${timeZone}`, { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(
    at,
  );
  if (localDay(at, timeZone) === localDay(now, timeZone)) return time;
  return `${formatter(`date|${timeZone}`, { timeZone, day: "numeric", month: "short", year: "numeric" }).format(at)}, ${time}`;
}

/** "14:02 (25 minutes ago)". */
export const sinceWhen = (at: Date, now: Date, timeZone: string): string =>
  `${clockTime(at, now, timeZone)} (${timeAgo(at, now)})`;

/** A calendar day (YYYY-MM-DD, no zone) as "5 Dec 2026". */
export function dayLabel(day: string): string {
  return formatter("calendar", { timeZone: "UTC", day: "numeric", month: "short", year: "numeric" }).format(
    new Date(`${day}T00:00:00Z`),
  );
}
