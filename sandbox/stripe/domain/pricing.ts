// What a price costs for a quantity: per unit, or tiered (volume: every unit at the tier the quantity falls in;
// graduated: each unit at its own tier), and calendar periods in UTC.
import type { Interval, PriceObj } from "../store/types";

export function amountFor(price: PriceObj, quantity: number): number {
  if (price.billing_scheme !== "tiered") return (price.unit_amount ?? 0) * quantity;
  const tiers = price.tiers ?? [];
  if (price.tiers_mode === "volume") {
    const t = tiers.find((x) => x.up_to === null || quantity <= x.up_to) ?? tiers[tiers.length - 1];
    if (!t) return 0;
    return (t.unit_amount ?? 0) * quantity + (t.flat_amount ?? 0);
  }
  let total = 0;
  let from = 0;
  for (const t of tiers) {
    const upTo = t.up_to ?? Number.POSITIVE_INFINITY;
    const inTier = Math.max(0, Math.min(quantity, upTo) - from);
    if (inTier > 0) total += (t.unit_amount ?? 0) * inTier + (t.flat_amount ?? 0);
    from = upTo;
    if (quantity <= upTo) break;
  }
  return total;
}

/** The same day next month/year (clamped to the month's last day), at the same time of day, in seconds. */
export function addInterval(ts: number, interval: Interval, count = 1): number {
  const d = new Date(ts * 1000);
  const day = d.getUTCDate();
  const target = new Date(d);
  target.setUTCDate(1);
  if (interval === "month") target.setUTCMonth(target.getUTCMonth() + count);
  else target.setUTCFullYear(target.getUTCFullYear() + count);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return Math.floor(target.getTime() / 1000);
}

export const DAY = 86_400;
