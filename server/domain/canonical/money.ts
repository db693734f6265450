// Money as integer minor units + ISO currency, and exact decimal strings for rates and quantities.
// KashFlow sends decimals as JSON numbers ("117.5000"); JSON.parse gives the nearest double, whose shortest
// round-trip form (String(n)) is the decimal that was sent for up to 15 significant digits, so all arithmetic
// here is done on decimal strings and integers, never on floats.
import { z } from "zod";

/** "-12.5", "0.0001", "1200": a decimal without exponent, sign optional. */
export const decimalString = z.string().regex(/^-?\d+(\.\d+)?$/, "must be a decimal number such as 12.50");
export type DecimalString = z.infer<typeof decimalString>;

export const currencyCode = z.string().regex(/^[A-Z]{3}$/, "must be a three-letter ISO 4217 code such as GBP");

export const moneySchema = z.object({
  amountMinor: z.number().int().refine(Number.isSafeInteger, "is too large"),
  currency: currencyCode,
});
export type Money = z.infer<typeof moneySchema>;

export { currencyExponent, minorToDecimal } from "./minor-units";
import { currencyExponent, minorToDecimal } from "./minor-units";

/** Expands "1.5e-7" / "2e21" (what String(n) gives for very small or large doubles) into plain decimals. */
function expandExponent(text: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]?\d+)$/i.exec(text);
  if (!m) return text;
  const [, sign, int = "", frac = "", expText = "0"] = m;
  const exp = Number(expText);
  const digits = int + frac;
  const point = int.length + exp;
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${"0".repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Strips leading zeros and trailing fractional zeros: "-0012.3400" → "-12.34", "-0.000" → "0". */
function tidy(sign: string, int: string, frac: string): DecimalString {
  const i = int.replace(/^0+(?=\d)/, "") || "0";
  const f = frac.replace(/0+$/, "");
  const zero = /^0$/.test(i) && f === "";
  return `${zero ? "" : sign}${i}${f ? `.${f}` : ""}`;
}

/**
 * A KashFlow number (JSON number, or a string such as "117.5000", "1,234.56", "£-3.00", "(3.00)") as an exact
 * decimal string; null when it is not a number at all.
 */
export function toDecimal(value: number | string): DecimalString | null {
  let text: string;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return null;
    text = expandExponent(String(value));
  } else {
    text = value.trim().replace(/[,\s£€$]/g, "");
    const bracketed = /^\((.*)\)$/.exec(text);
    if (bracketed) text = `-${bracketed[1]}`;
    text = text.replace(/^\+/, "");
    text = expandExponent(text);
  }
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (!m[2] && !m[3])) return null;
  return tidy(m[1] ?? "", m[2] ?? "", m[3] ?? "");
}

/** Exact decimal → integer minor units, rounding half away from zero beyond the currency's digits (spec §14). */
export function decimalToMinor(decimal: DecimalString, exponent: number): number {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(decimal);
  if (!m) throw new Error(`Not a decimal: ${decimal}`);
  const [, sign, int = "0", frac = ""] = m;
  const kept = (frac + "0".repeat(exponent)).slice(0, exponent);
  const rest = frac.slice(exponent);
  let units = BigInt(int + kept);
  if (rest && rest.charCodeAt(0) >= 53 /* "5" */) units += 1n;
  const out = Number(sign === "-" ? -units : units);
  if (!Number.isSafeInteger(out)) throw new Error(`Amount too large: ${decimal}`);
  return out === 0 ? 0 : out;
}

export function money(decimal: DecimalString, currency: string): Money {
  const code = currency.toUpperCase();
  return { amountMinor: decimalToMinor(decimal, currencyExponent(code)), currency: code };
}

export const zeroMoney = (currency: string): Money => ({ amountMinor: 0, currency: currency.toUpperCase() });

export function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw new Error(`Cannot add ${a.currency} to ${b.currency}`);
  return { amountMinor: a.amountMinor + b.amountMinor, currency: a.currency };
}

/** Money back to a decimal string for a payload ("123.45"). */
export const moneyToDecimal = (m: Money): DecimalString => minorToDecimal(m.amountMinor, currencyExponent(m.currency));

/** Compares two decimal strings exactly: -1, 0, 1. */
export function compareDecimal(a: DecimalString, b: DecimalString): number {
  const scale = Math.max(a.split(".")[1]?.length ?? 0, b.split(".")[1]?.length ?? 0);
  const x = BigInt(minorOf(a, scale));
  const y = BigInt(minorOf(b, scale));
  return x < y ? -1 : x > y ? 1 : 0;
}

const minorOf = (d: DecimalString, scale: number): string => {
  const [int = "0", frac = ""] = d.replace("-", "").split(".");
  return `${d.startsWith("-") ? "-" : ""}${int}${frac.padEnd(scale, "0")}`;
};

/** Exact product of two decimals: "1.5" × "140.0000" → "210". */
export function multiplyDecimal(a: DecimalString, b: DecimalString): DecimalString {
  const [ai, as] = split(a);
  const [bi, bs] = split(b);
  const product = ai * bi;
  const scale = as + bs;
  const neg = product < 0n;
  const digits = (neg ? -product : product).toString().padStart(scale + 1, "0");
  const int = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale);
  return tidy(neg ? "-" : "", int, frac);
}

/** Exact sum of decimals. */
export function addDecimal(...values: DecimalString[]): DecimalString {
  const scale = Math.max(0, ...values.map((v) => split(v)[1]));
  const total = values.reduce((t, v) => t + BigInt(minorOf(v, scale)), 0n);
  const neg = total < 0n;
  const digits = (neg ? -total : total).toString().padStart(scale + 1, "0");
  return tidy(neg ? "-" : "", digits.slice(0, digits.length - scale), digits.slice(digits.length - scale));
}

export const isNegativeDecimal = (d: DecimalString): boolean => d.startsWith("-") && d !== "-0";

function split(d: DecimalString): [bigint, number] {
  const [int = "0", frac = ""] = d.replace("-", "").split(".");
  const units = BigInt(int + frac);
  return [d.startsWith("-") ? -units : units, frac.length];
}
