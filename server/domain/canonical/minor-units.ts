// Minor units and their currency's exponent, without zod: screens format money with these, and zod's schemas in the
// browser would probe `new Function` (a CSP violation under the app's script policy).

// ISO 4217 minor-unit exponents that are not 2; everything else KashFlow offers has pence/cents.
const EXPONENTS: Record<string, number> = {
  JPY: 0,
  KRW: 0,
  ISK: 0,
  HUF: 2,
  CLP: 0,
  VND: 0,
  BHD: 3,
  KWD: 3,
  OMR: 3,
  JOD: 3,
  TND: 3,
};
export const currencyExponent = (code: string): number => EXPONENTS[code.toUpperCase()] ?? 2;

/** Integer minor units → decimal string with exactly `exponent` fractional digits: 12345, 2 → "123.45". */
export function minorToDecimal(minor: number, exponent: number): string {
  if (!Number.isSafeInteger(minor)) throw new Error(`Not a whole number of minor units: ${minor}`);
  const neg = minor < 0;
  const digits = String(Math.abs(minor)).padStart(exponent + 1, "0");
  const int = digits.slice(0, digits.length - exponent);
  const frac = digits.slice(digits.length - exponent);
  return `${neg ? "-" : ""}${int}${exponent > 0 ? `.${frac}` : ""}`;
}
