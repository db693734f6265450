// Controllable clock plus Sage date/time formats: dates are "YYYYMMDD", audit times are decimal hours as text.
// All simulator time is UTC so stamps are deterministic regardless of the host time zone.

export interface SimClock {
  now(): Date;
}

export interface ControllableClockOptions {
  /** Start time; defaults to the host's current time. */
  start?: Date | string | number;
  /** Frozen clocks only move through set()/advance() (what tests want). */
  frozen?: boolean;
}

/** Wall clock with an offset (or frozen instant) that admin endpoints and tests can move. */
export class ControllableClock implements SimClock {
  private offsetMs = 0;
  private frozenAt: number | null = null;

  constructor(options: ControllableClockOptions = {}) {
    const start = options.start === undefined ? Date.now() : new Date(options.start).getTime();
    if (Number.isNaN(start)) throw new Error(`Invalid clock start: ${String(options.start)}`);
    if (options.frozen) this.frozenAt = start;
    else this.offsetMs = start - Date.now();
  }

  now(): Date {
    return new Date(this.frozenAt ?? Date.now() + this.offsetMs);
  }

  set(time: Date | string | number): void {
    const t = new Date(time).getTime();
    if (Number.isNaN(t)) throw new Error(`Invalid time: ${String(time)}`);
    if (this.frozenAt !== null) this.frozenAt = t;
    else this.offsetMs = t - Date.now();
  }

  advance(ms: number): void {
    if (this.frozenAt !== null) this.frozenAt += ms;
    else this.offsetMs += ms;
  }

  freeze(): void {
    this.frozenAt = this.now().getTime();
  }

  unfreeze(): void {
    if (this.frozenAt === null) return;
    this.offsetMs = this.frozenAt - Date.now();
    this.frozenAt = null;
  }

  get frozen(): boolean {
    return this.frozenAt !== null;
  }
}

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/** "YYYYMMDD" (UTC). */
export function sageDate(d: Date): string {
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
}

/** Decimal hours as text, seconds resolution, at most 5 decimals, e.g. 15:30 -> "15.5", 08:29:32 -> "8.49222". */
export function sageTime(d: Date): string {
  const seconds = d.getUTCHours() * 3600 + d.getUTCMinutes() * 60 + d.getUTCSeconds();
  return formatDecimalHours(seconds / 3600);
}

export function formatDecimalHours(hours: number): string {
  const fixed = hours.toFixed(5);
  return fixed.includes(".") ? fixed.replace(/0+$/, "").replace(/\.$/, "") : fixed;
}

/** Validates a Sage "YYYYMMDD" date string (real calendar date). */
export function isValidSageDate(s: string): boolean {
  if (!/^\d{8}$/.test(s)) return false;
  const y = Number(s.slice(0, 4));
  const mo = Number(s.slice(4, 6));
  const da = Number(s.slice(6, 8));
  if (y < 1900 || mo < 1 || mo > 12 || da < 1) return false;
  return da <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/** "YYYYMMDD" + n days. */
export function addDays(date: string, days: number): string {
  const d = new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6, 8))));
  d.setUTCDate(d.getUTCDate() + days);
  return sageDate(d);
}

/** "YYYYMMDD" -> "YYYY-MM-DD" (ODBC date); blank stays blank. */
export function toIsoDate(date: string): string {
  return date.length === 8 ? `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}` : "";
}

/** Accepts "YYYY-MM-DD" or "YYYYMMDD"; returns "YYYYMMDD" or null. */
export function parseAnyDate(s: string): string | null {
  const compact = s.trim().replace(/^(\d{4})-(\d{2})-(\d{2})$/, "$1$2$3");
  return isValidSageDate(compact) ? compact : null;
}
