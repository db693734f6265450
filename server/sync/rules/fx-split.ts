// The one rounding policy every flow and the tie-out convert documents by (README "Rounding"): each line's gross
// (net + VAT) is converted at the document's rate and rounded half away from zero to the target's minor units, and
// so is its VAT; the line's net is the difference, so net + VAT = gross on every line. The document's total is the
// sum of its converted lines' gross, its VAT the sum of their VAT. Integers and BigInt only, never floats.
// Converting back (Sage's dollars to KashFlow's pounds) is here too.
import { currencyExponent } from "@/server/domain/canonical/money";
import { convertMinor, type UsedRate } from "../mappings/fx";

/** A document line in its own currency's minor units. */
export type LineAmounts = { netMinor: number; vatMinor: number };
export type ConvertedLine = { grossMinor: number; vatMinor: number; netMinor: number };
export type ConvertedDocument = { lines: ConvertedLine[]; grossMinor: number; vatMinor: number; netMinor: number };

/** One line by the policy: gross and VAT converted and rounded on their own, net the difference. */
export function convertLine(line: LineAmounts, rate: UsedRate): ConvertedLine {
  const grossMinor = convertMinor(line.netMinor + line.vatMinor, rate);
  const vatMinor = convertMinor(line.vatMinor, rate);
  return { grossMinor, vatMinor, netMinor: grossMinor - vatMinor };
}

/** A whole document by the policy: its lines converted, its totals their sums (so the parts always add up). */
export function convertDocument(lines: readonly LineAmounts[], rate: UsedRate): ConvertedDocument {
  const out = lines.map((l) => convertLine(l, rate));
  const sum = (pick: (l: ConvertedLine) => number) => out.reduce((t, l) => t + pick(l), 0);
  return {
    lines: out,
    grossMinor: sum((l) => l.grossMinor),
    vatMinor: sum((l) => l.vatMinor),
    netMinor: sum((l) => l.netMinor),
  };
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
