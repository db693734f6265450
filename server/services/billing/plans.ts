// The plan catalogue: names, rules (pairs each plan allows) and lookup keys live here; prices live in Stripe, read by
// lookup key. Every plan is priced per integration pair, monthly or yearly, with no transaction fees.
import { env } from "@/lib/env";
import { stripeClient, stripeConfigured, type Stripe } from "@/server/integrations/stripe/client";
import type { BillingInterval, PlanId, PlanOffer } from "./contract";
import { PLAN_IDS } from "./contract";

export type PlanRule = {
  id: PlanId;
  name: string;
  description: string;
  /** Fewest pairs the plan is sold for (practice: 5). */
  minPairs: number;
  /** Most pairs the plan covers; null = as many as paid for. */
  maxPairs: number | null;
  /** Whether the subscription quantity follows the pairs (growth, practice) or is always 1 (starter, flat). */
  perPair: boolean;
};

export const PLANS: Record<PlanId, PlanRule> = {
  starter: {
    id: "starter",
    name: "Starter",
    description: "One integration pair: one KashFlow account kept in step with one Sage 100 company.",
    minPairs: 1,
    maxPairs: 1,
    perPair: false,
  },
  growth: {
    id: "growth",
    name: "Growth",
    description: "Priced per integration pair, cheaper per pair as you add more. Add pairs when you need them.",
    minPairs: 1,
    maxPairs: null,
    perPair: true,
  },
  practice: {
    id: "practice",
    name: "Practice",
    description: "For accounting firms: a lower price per pair, from 5 client pairs.",
    minPairs: 5,
    maxPairs: null,
    perPair: true,
  },
};

export const INTERVALS: readonly BillingInterval[] = ["month", "year"];

const ENV_KEY = {
  starter: { month: "STRIPE_PRICE_STARTER_MONTHLY", year: "STRIPE_PRICE_STARTER_YEARLY" },
  growth: { month: "STRIPE_PRICE_GROWTH_MONTHLY", year: "STRIPE_PRICE_GROWTH_YEARLY" },
  practice: { month: "STRIPE_PRICE_PRACTICE_MONTHLY", year: "STRIPE_PRICE_PRACTICE_YEARLY" },
} as const;

/** The Stripe price lookup key of a plan and interval: `growth_monthly`, or the STRIPE_PRICE_<KEY> override. */
export function lookupKeyOf(plan: PlanId, interval: BillingInterval): string {
  return env()[ENV_KEY[plan][interval]] ?? `${plan}_${interval === "month" ? "monthly" : "yearly"}`;
}

/** The plan and interval a lookup key stands for (defaults and overrides both), or null for a price we do not sell. */
export function planOfLookupKey(key: string | null | undefined): { plan: PlanId; interval: BillingInterval } | null {
  if (!key) return null;
  for (const plan of PLAN_IDS)
    for (const interval of INTERVALS) if (lookupKeyOf(plan, interval) === key) return { plan, interval };
  return null;
}

/** Pairs a Checkout for this plan asks for: every pair in use, never below the plan's minimum; starter is always 1. */
export function checkoutQuantity(plan: PlanId, pairsUsed: number): number {
  const rule = PLANS[plan];
  if (!rule.perPair) return 1;
  return Math.max(pairsUsed, rule.minPairs, 1);
}

/** The quantity a per-pair subscription should have for `pairs` in use (never below the plan's minimum). */
export function quantityFor(plan: PlanId, pairs: number): number {
  return checkoutQuantity(plan, pairs);
}

// Prices change rarely; a short per-process cache spares a Stripe call per page view (not coordination: a read).
const PRICE_TTL_MS = 5 * 60_000;
let priceCache: { at: number; byKey: Map<string, Stripe.Price> } | undefined;

export function forgetPrices(): void {
  priceCache = undefined;
}

/** The Stripe prices of every plan and interval, by lookup key. */
export async function pricesByLookupKey(now = Date.now()): Promise<Map<string, Stripe.Price>> {
  if (priceCache && now - priceCache.at < PRICE_TTL_MS) return priceCache.byKey;
  const keys = PLAN_IDS.flatMap((plan) => INTERVALS.map((interval) => lookupKeyOf(plan, interval)));
  const list = await stripeClient().prices.list({
    lookup_keys: keys,
    active: true,
    limit: 100,
    expand: ["data.tiers"],
  });
  const byKey = new Map<string, Stripe.Price>();
  for (const price of list.data) if (price.lookup_key) byKey.set(price.lookup_key, price);
  priceCache = { at: now, byKey };
  return byKey;
}

/** The price shown for a plan: the flat amount, or the first tier's unit amount of a tiered per-pair price. */
export function unitAmountOf(price: Stripe.Price | undefined): PlanOffer["unitAmount"] {
  if (!price) return null;
  const amount = price.unit_amount ?? price.tiers?.[0]?.unit_amount ?? price.tiers?.[0]?.flat_amount ?? null;
  return amount === null ? null : { amount, currency: price.currency };
}

/** Every plan in both intervals, priced from Stripe. A price Stripe does not have (or cannot tell now) has no amount. */
export async function planOffers(): Promise<PlanOffer[]> {
  const prices = stripeConfigured()
    ? await pricesByLookupKey().catch((error: unknown) => {
        console.warn("[billing] prices unavailable:", error instanceof Error ? error.message : error);
        return new Map<string, Stripe.Price>();
      })
    : new Map<string, Stripe.Price>();
  return PLAN_IDS.flatMap((plan) =>
    INTERVALS.map((interval) => {
      const rule = PLANS[plan];
      const lookupKey = lookupKeyOf(plan, interval);
      return {
        plan,
        name: rule.name,
        description: rule.description,
        interval,
        lookupKey,
        unitAmount: unitAmountOf(prices.get(lookupKey)),
        minPairs: rule.minPairs,
        maxPairs: rule.maxPairs,
      };
    }),
  );
}
