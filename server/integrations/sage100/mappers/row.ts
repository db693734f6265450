// Reading Sage 100 rows as the agent returns them over ODBC: strings trimmed ('' for blank), numbers as numbers,
// dates YYYY-MM-DD (or YYYYMMDD through BOI), audit times as decimal hours ("15.5" = 15:30:00).
import { toDecimal, type DecimalString } from "@/server/domain/canonical/money";

export type SageRow = Record<string, unknown>;

export const text = (row: SageRow, column: string): string => String(row[column] ?? "").trim();

/** A numeric column as an exact decimal ("149.99"); 0 when blank. */
export function decimal(row: SageRow, column: string): DecimalString {
  const v = row[column];
  return (typeof v === "number" || typeof v === "string" ? toDecimal(v) : null) ?? "0";
}

/** DateX + TimeX as an ISO instant in UTC ("2025-01-01T09:00:00Z"); null when never stamped. */
export function stamp(row: SageRow, which: "Created" | "Updated"): string | null {
  const raw = text(row, `Date${which}`);
  const m = /^(\d{4})-?(\d{2})-?(\d{2})/.exec(raw);
  if (!m) return null;
  const hours = Number(text(row, `Time${which}`) || "0");
  const seconds = Number.isFinite(hours) ? Math.round(hours * 3600) : 0;
  const hh = String(Math.floor(seconds / 3600)).padStart(2, "0");
  const mm = String(Math.floor((seconds % 3600) / 60)).padStart(2, "0");
  const ss = String(seconds % 60).padStart(2, "0");
  return `${m[1]}-${m[2]}-${m[3]}T${hh}:${mm}:${ss}Z`;
}
