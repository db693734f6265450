// Sage audit stamps: DateUpdated (a date) + TimeUpdated (decimal hours as TEXT, "15.5" = 15:30:00, second
// resolution). Compared as seconds since the epoch, never as strings ("10.5" < "9.5" lexically).
import type { SageStamp } from "../protocol";
import type { Row } from "../drivers/types";

const DAY = 86_400;

function isoOf(value: unknown): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  const s = String(value ?? "").trim();
  if (/^\d{4}-\d{2}-\d{2}/.test(s)) return s.slice(0, 10);
  if (/^\d{8}$/.test(s)) return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
  return null;
}

export function stampToSeconds(stamp: SageStamp): number {
  return Date.parse(`${stamp.date}T00:00:00Z`) / 1000 + Math.round(Number(stamp.time) * 3600);
}

export function secondsToStamp(seconds: number): SageStamp {
  const day = Math.floor(seconds / DAY) * DAY;
  const hours = (seconds - day) / 3600;
  return { date: new Date(day * 1000).toISOString().slice(0, 10), time: String(Number(hours.toFixed(6))) };
}

/** The row's DateUpdated + TimeUpdated in seconds, or null when the row was never stamped. */
export function rowStampSeconds(row: Row): number | null {
  const date = isoOf(row.DateUpdated);
  if (!date) return null;
  const time = Number(String(row.TimeUpdated ?? "0").trim() || "0");
  return Date.parse(`${date}T00:00:00Z`) / 1000 + (Number.isFinite(time) ? Math.round(time * 3600) : 0);
}

export function isoDateOfSeconds(seconds: number): string {
  return new Date(Math.floor(seconds / DAY) * DAY * 1000).toISOString().slice(0, 10);
}
