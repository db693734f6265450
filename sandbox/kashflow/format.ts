// Wire formats: KashFlow dates ("YYYY-MM-DD HH:mm:ss"), fixed 4-decimal money and our own JSON writer.

/** A decimal held as integer units; scale 2 = pence, scale 4 = ten-thousandths. Serialised with 4 decimals. */
export class Dec {
  constructor(
    readonly units: number,
    readonly scale: 2 | 4,
  ) {}
  toString(): string {
    const neg = this.units < 0;
    const abs = Math.abs(this.units);
    const div = this.scale === 2 ? 100 : 10_000;
    const whole = Math.floor(abs / div);
    const frac = abs - whole * div;
    const fracText = this.scale === 2 ? String(frac).padStart(2, "0") + "00" : String(frac).padStart(4, "0");
    return `${neg && abs !== 0 ? "-" : ""}${whole}.${fracText}`;
  }
  toJSON(): string {
    return `${DEC_MARK}${this.toString()}\u0001`;
  }
  toNumber(): number {
    return this.units / (this.scale === 2 ? 100 : 10_000);
  }
}

/** Money in pence → wire decimal. */
export const money = (pence: number): Dec => new Dec(pence, 2);
/** Ten-thousandth units (rates, quantities, exchange rates, VAT levels) → wire decimal. */
export const dec4 = (units: number): Dec => new Dec(units, 4);
export const moneyOrNull = (pence: number | null | undefined): Dec | null => (pence == null ? null : money(pence));

const DEC_MARK = "\u0001D:";
/** Matches the serialised sentinel of a Dec (control characters are stripped from all input strings). */
const DEC_RE = /"\\u0001D:(-?\d+\.\d{4})\\u0001"/g;

/**
 * JSON writer that emits Dec values as bare numbers with 4 decimals (117.5000), as KashFlow's .NET
 * serialiser does; JSON.stringify alone cannot produce trailing zeros, so Dec serialises to a sentinel
 * string that is unquoted afterwards.
 */
export function toJson(value: unknown): string {
  return JSON.stringify(value ?? null).replace(DEC_RE, "$1");
}

// ---- dates -------------------------------------------------------------------------------------

const pad = (n: number, w = 2): string => String(n).padStart(w, "0");

/** A timestamp (ms) → "YYYY-MM-DD HH:mm:ss" in UTC (the sandbox runs its clock in UTC). */
export function formatTimestamp(ms: number): string {
  const d = new Date(ms);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  );
}

/** "YYYY-MM-DD" → KashFlow business date at noon. */
export const businessDate = (ymd: string): string => `${ymd} 12:00:00`;
export const ymdOf = (wire: string): string => wire.slice(0, 10);
export const todayYmd = (nowMs: number): string => formatTimestamp(nowMs).slice(0, 10);

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

export interface ParsedDate {
  ymd: string;
  /** "YYYY-MM-DD HH:mm:ss" as written (offset dropped: KashFlow business dates are calendar dates). */
  wire: string;
  hasTime: boolean;
}

/** Accepts "YYYY-MM-DD", with " " or "T" time, optional seconds/fraction and Z/±hh:mm offset. */
export function parseWireDate(input: string): ParsedDate | null {
  const m = DATE_RE.exec(input.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  const hh = h === undefined ? 12 : Number(h);
  const mm = mi === undefined ? 0 : Number(mi);
  const ss = s === undefined ? 0 : Number(s);
  if (hh > 23 || mm > 59 || ss > 59) return null;
  const ymd = `${y}-${mo}-${d}`;
  return { ymd, wire: `${ymd} ${pad(hh)}:${pad(mm)}:${pad(ss)}`, hasTime: h !== undefined };
}

export function ymdToMs(ymd: string): number {
  return Date.UTC(Number(ymd.slice(0, 4)), Number(ymd.slice(5, 7)) - 1, Number(ymd.slice(8, 10)));
}

export function addDays(ymd: string, days: number): string {
  return formatTimestamp(ymdToMs(ymd) + days * 86_400_000).slice(0, 10);
}

export function daysBetween(fromYmd: string, toYmd: string): number {
  return Math.round((ymdToMs(toYmd) - ymdToMs(fromYmd)) / 86_400_000);
}

export function endOfMonth(ymd: string): string {
  const y = Number(ymd.slice(0, 4));
  const m = Number(ymd.slice(5, 7));
  return formatTimestamp(Date.UTC(y, m, 0)).slice(0, 10);
}

/** KashFlow's "never" sentinel for customer/supplier first/last document dates. */
export const NEVER_1900 = "1900-01-01 12:00:00";
/** KashFlow's "never" sentinel for a bank account StartingDate. */
export const NEVER_1970 = "1970-01-01 12:00:00";
