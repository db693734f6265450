// Converting a document in parts (lines, VAT) so the converted parts add up to the converted total exactly, and
// converting back (Sage's dollars to KashFlow's pounds). Integers and BigInt only; half away from zero throughout.
import { currencyExponent } from "@/server/domain/canonical/money";
import { convertMinor, type UsedRate } from "../mappings/fx";

/**
 * Each part converted on its own, then the rounding residue (converted total − Σ converted parts) moved onto the
 * largest part, so a distribution always balances to the converted invoice amount.
 */
export function convertParts(parts: readonly number[], rate: UsedRate): { total: number; parts: number[] } {
  const total = convertMinor(
    parts.reduce((a, b) => a + b, 0),
    rate,
  );
  const out = parts.map((p) => convertMinor(p, rate));
  const residue = total - out.reduce((a, b) => a + b, 0);
  if (residue !== 0 && out.length > 0) {
    let largest = 0;
    for (let i = 1; i < parts.length; i++) if (Math.abs(parts[i]!) > Math.abs(parts[largest]!)) largest = i;
    out[largest] = out[largest]! + residue;
  }
  return { total, parts: out };
}

/** An amount in `rate.to` back into `rate.from` (÷ rate), rounded half away from zero to `rate.from`'s digits. */
export function convertBackMinor(amountMinor: number, rate: UsedRate): number {
  const [int = "0", frac = ""] = rate.rate.split(".");
  const rateScaled = BigInt(int + frac);
  if (rateScaled === 0n) throw new Error("A zero exchange rate cannot be inverted");
  const shift = currencyExponent(rate.from) - currencyExponent(rate.to) + frac.length;
  const magnitude = BigInt(Math.abs(amountMinor));
  const numerator = shift >= 0 ? magnitude * 10n ** BigInt(shift) : magnitude;
  const denominator = shift >= 0 ? rateScaled : rateScaled * 10n ** BigInt(-shift);
  const quotient = (numerator * 2n + denominator) / (denominator * 2n);
  const out = Number(quotient);
  return amountMinor < 0 ? -out : out;
}
