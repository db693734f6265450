// Exact decimal arithmetic on integer units (pence, ten-thousandths) with the §14 rounding rule.

/** Parses a JSON number or numeric string into integer units of 10^-scale, rounding half away from zero. */
export function toUnits(value: number | string, scale: number): number | null {
  let text: string;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return null;
    text = /e/i.test(String(value)) ? value.toFixed(Math.min(20, scale + 6)) : String(value);
  } else {
    text = value.trim();
  }
  const m = /^([+-])?(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[2] === "" && (m[3] === undefined || m[3] === ""))) return null;
  const sign = m[1] === "-" ? -1 : 1;
  const whole = m[2] || "0";
  const frac = (m[3] ?? "").padEnd(scale + 1, "0");
  const digits = whole + frac.slice(0, scale);
  let units = Number(digits);
  if (Number(frac[scale] ?? "0") >= 5) units += 1;
  if (!Number.isSafeInteger(units)) return null;
  return units === 0 ? 0 : sign * units;
}

/** Integer division rounding half away from zero (the §14 rule), in BigInt to stay exact. */
export function divRound(numerator: bigint, denominator: bigint): number {
  const neg = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  let q = n / d;
  if ((n % d) * 2n >= d) q += 1n;
  const result = Number(q);
  return neg && result !== 0 ? -result : result;
}

/** Line net in pence: quantity (10^-4) × rate (10^-4 pounds) rounded to the penny. */
export function lineNet(quantity4: number, rate4: number): number {
  return divRound(BigInt(quantity4) * BigInt(rate4), 1_000_000n);
}

/** Line VAT in pence: net × level% (level in 10^-4 percent), rounded per line. */
export function lineVat(netPence: number, level4: number): number {
  return divRound(BigInt(netPence) * BigInt(level4), 1_000_000n);
}

/** Document amount → home currency (GBP): amount ÷ exchange rate (foreign units per GBP, 10^-4). */
export function toHome(pence: number, exchangeRate4: number): number {
  if (exchangeRate4 === 10_000) return pence;
  return divRound(BigInt(pence) * 10_000n, BigInt(exchangeRate4));
}

/** A 10^-4 unit rate converted to home currency, kept at 10^-4 precision. */
export function rateToHome(rate4: number, exchangeRate4: number): number {
  if (exchangeRate4 === 10_000) return rate4;
  return divRound(BigInt(rate4) * 10_000n, BigInt(exchangeRate4));
}

/** VAT inside a VAT-inclusive bank amount: gross × rate / (100 + rate), rounded to the penny. */
export function vatFromGross(grossPence: number, level4: number): number {
  return divRound(BigInt(grossPence) * BigInt(level4), 1_000_000n + BigInt(level4));
}
