// Home-currency amounts of a foreign-currency KashFlow document when KashFlow leaves them out: ExchangeRate is units
// of the document currency per 1 GBP (§8.4, §14), so home = document ÷ rate, rounded half away from zero to the
// home currency's minor units. Exact integer arithmetic on minor units and the rate's decimal digits, never floats.
import {
  currencyExponent,
  decimalToMinor,
  minorToDecimal,
  multiplyDecimal,
  type DecimalString,
  type Money,
} from "@/server/domain/canonical/money";

/** The rate as an integer and its decimal places: "1.1734" → [11734n, 4]. */
function scaled(rate: DecimalString): [bigint, number] {
  const [int = "0", frac = ""] = rate.replace(/^-/, "").split(".");
  return [BigInt(int + frac), frac.length];
}

export const usableRate = (rate: DecimalString | null | undefined): rate is DecimalString =>
  rate != null && scaled(rate)[0] !== 0n && !rate.startsWith("-");

/** A document amount in the home currency: amount ÷ rate, half away from zero to the home currency's digits. */
export function toHome(amount: Money, rate: DecimalString, homeCurrency: string): Money {
  const home = homeCurrency.toUpperCase();
  const [units, places] = scaled(rate);
  if (units === 0n) throw new Error("A zero exchange rate cannot convert an amount");
  // amount/10^eD ÷ (units/10^places) in home minor units = amount × 10^(eH − eD + places) ÷ units.
  const shift = currencyExponent(home) - currencyExponent(amount.currency) + places;
  const magnitude = BigInt(Math.abs(amount.amountMinor));
  const numerator = shift >= 0 ? magnitude * 10n ** BigInt(shift) : magnitude;
  const denominator = shift >= 0 ? units : units * 10n ** BigInt(-shift);
  const rounded = Number((numerator * 2n + denominator) / (denominator * 2n));
  return { amountMinor: amount.amountMinor < 0 ? -rounded : rounded, currency: home };
}

/** A home-currency amount in the document's currency: amount × rate, half away from zero. */
export function fromHome(amount: Money, rate: DecimalString, documentCurrency: string): Money {
  const code = documentCurrency.toUpperCase();
  const decimal = multiplyDecimal(minorToDecimal(amount.amountMinor, currencyExponent(amount.currency)), rate);
  return { amountMinor: decimalToMinor(decimal, currencyExponent(code)), currency: code };
}
