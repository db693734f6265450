// Documents dated after today in the company's time zone. Every one is carried; the company chooses when: at once
// ("now", the default) or when its date arrives there ("on_date"). Pure, so the first-sync preview counts them too.
import { dayInZone, formatDay, startOfDayInZone } from "@/lib/zoned-day";
import type { SyncSettings } from "../settings";
import type { FlowDefinition } from "./flow";

export type CompanyClock = { timeZone: string; now: Date };

/** The ledger's reason on a record that waits for its date (PENDING, due again when that day begins). */
export const WAITS_FOR_DATE = "WAITS_FOR_DATE";

/** Whether a document dated `date` (ISO day) is dated after today in the company's time zone. */
export function isForwardDated(date: string | null | undefined, company: CompanyClock): boolean {
  return Boolean(date) && date! > dayInZone(company.now, company.timeZone);
}

/** The date of a flow's canonical record when it is forward-dated for the company; null when it is not (or the flow's records have no date). */
export function forwardDateOf<C>(
  flow: Pick<FlowDefinition<C>, "documentDate">,
  record: C,
  company: CompanyClock,
): string | null {
  const date = flow.documentDate?.(record) ?? null;
  return isForwardDated(date, company) ? date : null;
}

export type DateWait = { day: string; until: Date; message: string };

/** When the company carries forward-dated documents on their date: the wait for this one, or null to carry it now. */
export function dateWaitFor<C>(
  flow: Pick<FlowDefinition<C>, "documentDate">,
  record: C,
  o: CompanyClock & { settings: Pick<SyncSettings, "documents"> },
): DateWait | null {
  if (o.settings.documents.futureDated !== "on_date") return null;
  const day = forwardDateOf(flow, record, o);
  return day
    ? { day, until: startOfDayInZone(day, o.timeZone), message: `Waits for its date, ${formatDay(day)}` }
    : null;
}
