// Exact decimal arithmetic for Sage's fixed-scale numbers (amounts 2 dp, quantities/prices/rates up to 6 dp).
// Stored values are plain JS numbers always normalised to their column scale; every sum or product is done in
// integer minor units (BigInt where a product can exceed 2^53) so no float drift ever reaches a stored value.

/** Fast path: values already at their scale (the normal case) convert without string work. */
function exactUnits(value: number, scale: number): number | null {
  const scaled = value * 10 ** scale;
  const r = Math.round(scaled);
  return Math.abs(scaled - r) < 1e-6 && Math.abs(r) < 2 ** 52 ? r : null;
}

/** Integer units of 10^-scale, rounding half away from zero (via the decimal string, not float maths). */
export function toUnits(value: number, scale: number): bigint {
  const fast = exactUnits(value, scale);
  if (fast !== null) return BigInt(fast);
  if (!Number.isFinite(value)) throw new Error(`Not a finite number: ${value}`);
  const negative = value < 0;
  const [intPart, fracRaw = ""] = Math.abs(value)
    .toFixed(Math.min(scale + 3, 20))
    .split(".");
  const frac = fracRaw.padEnd(scale + 1, "0");
  let units = BigInt((intPart ?? "0") + frac.slice(0, scale));
  if (Number(frac.charAt(scale)) >= 5) units += 1n;
  return negative ? -units : units;
}

export function fromUnits(units: bigint, scale: number): number {
  return Number(units) / 10 ** scale;
}

/** Round to `scale` decimals, half away from zero. */
export function roundTo(value: number, scale: number): number {
  return fromUnits(toUnits(value, scale), scale);
}

/** True when `value` has no more than `scale` significant decimals (tolerates binary float noise). */
export function fitsScale(value: number, scale: number): boolean {
  const scaled = value * 10 ** scale;
  return Math.abs(scaled - Math.round(scaled)) <= Math.max(1e-6, Math.abs(scaled) * 1e-12);
}

/** Sum of 2-dp amounts, exact. */
export function sumAmounts(values: Iterable<number>): number {
  let cents = 0; // integer cents stay exact in a double far beyond any ledger total (2^53)
  for (const v of values) cents += exactUnits(v, 2) ?? Number(toUnits(v, 2));
  return cents / 100;
}

const cents = (v: number): number => exactUnits(v, 2) ?? Number(toUnits(v, 2));

/** a - b for 2-dp amounts, exact. */
export function subAmounts(a: number, b: number): number {
  return (cents(a) - cents(b)) / 100;
}

/** Equality of 2-dp amounts. */
export function sameAmount(a: number, b: number): boolean {
  return cents(a) === cents(b);
}

/** Divides bigint n by d rounding half away from zero. */
function divRound(n: bigint, d: bigint): bigint {
  const negative = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  let q = an / ad;
  if ((an % ad) * 2n >= ad) q += 1n;
  return negative ? -q : q;
}

/** quantity x unit price rounded to 2 dp (both up to 6 dp), computed exactly. */
export function extension(quantity: number, unitPrice: number): number {
  const product = toUnits(quantity, 6) * toUnits(unitPrice, 6); // units of 1e-12
  return fromUnits(divRound(product, 10n ** 10n), 2);
}

/** amount x rate% rounded to 2 dp (rate up to 6 dp), computed exactly. */
export function percentOf(amount: number, ratePercent: number): number {
  const product = toUnits(amount, 2) * toUnits(ratePercent, 6); // units of 1e-8 percent-cents
  return fromUnits(divRound(product, 10n ** 8n), 2);
}
