// The records view's URL (?model=&system=&status=&q=&after=|before=) as a filter; values that do not parse are ignored.
import { recordFilterSchema, type RecordFilter } from "@/server/services/sync/list-sync-records";

type Raw = Record<string, string | string[] | undefined>;
const KEYS = ["model", "system", "status", "q", "after", "before"] as const;

export function parseRecordSearch(raw: Raw): Omit<RecordFilter, "limit"> {
  const out: Record<string, string> = {};
  for (const key of KEYS) {
    const value = raw[key];
    const text = Array.isArray(value) ? value[0] : value;
    if (!text) continue;
    const parsed = recordFilterSchema.shape[key].safeParse(text);
    if (parsed.success && parsed.data) out[key] = parsed.data;
  }
  return out as Omit<RecordFilter, "limit">;
}

/** The same filter with another page cursor (or none), as a query string. */
export function recordsQuery(
  filter: Omit<RecordFilter, "limit">,
  page: { after?: string | null; before?: string | null } = {},
): string {
  const params = new URLSearchParams();
  for (const key of ["model", "system", "status", "q"] as const) if (filter[key]) params.set(key, String(filter[key]));
  if (page.after) params.set("after", page.after);
  else if (page.before) params.set("before", page.before);
  const s = params.toString();
  return s ? `?${s}` : "";
}
