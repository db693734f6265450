// The six prices Ledgerlink sells, in USD (the Sage 100 side's currency), per integration pair:
// Starter flat for one pair, Growth per pair with volume tiers, Practice per pair at a lower price.
// Yearly prices are ten times the monthly ones (two months free).
import type { Interval, PriceObj, ProductObj, Tier } from "./store/types";
import type { Store } from "./store/store";

export const CURRENCY = "usd";

const PRODUCTS = [
  { plan: "starter", name: "Ledgerlink Starter", description: "One integration pair." },
  { plan: "growth", name: "Ledgerlink Growth", description: "Per integration pair, cheaper as you grow." },
  { plan: "practice", name: "Ledgerlink Practice", description: "For accounting firms: per pair, from 5 pairs." },
] as const;

const tier = (upTo: number | null, unitAmount: number): Tier => ({
  up_to: upTo,
  unit_amount: unitAmount,
  unit_amount_decimal: String(unitAmount),
  flat_amount: null,
  flat_amount_decimal: null,
});

interface PriceSeed {
  plan: (typeof PRODUCTS)[number]["plan"];
  interval: Interval;
  unitAmount: number | null;
  tiers: Tier[] | null;
}

const MONTHLY: PriceSeed[] = [
  { plan: "starter", interval: "month", unitAmount: 2900, tiers: null },
  { plan: "growth", interval: "month", unitAmount: null, tiers: [tier(5, 4900), tier(20, 3900), tier(null, 2900)] },
  { plan: "practice", interval: "month", unitAmount: 2500, tiers: null },
];

const yearly = (p: PriceSeed): PriceSeed => ({
  ...p,
  interval: "year",
  unitAmount: p.unitAmount === null ? null : p.unitAmount * 10,
  tiers: p.tiers?.map((t) => tier(t.up_to, (t.unit_amount ?? 0) * 10)) ?? null,
});

export const SEEDED_LOOKUP_KEYS = [
  "starter_monthly",
  "starter_yearly",
  "growth_monthly",
  "growth_yearly",
  "practice_monthly",
  "practice_yearly",
] as const;

/** Adds the products and prices unless they are there already (a loaded state file keeps its own). */
export function seedCatalog(store: Store, created: number): void {
  for (const p of PRODUCTS) {
    const id = `prod_standin_${p.plan}`;
    if (store.products.has(id)) continue;
    const product: ProductObj = {
      id,
      object: "product",
      active: true,
      created,
      default_price: null,
      description: p.description,
      images: [],
      livemode: false,
      marketing_features: [],
      metadata: { plan: p.plan },
      name: p.name,
      package_dimensions: null,
      shippable: null,
      statement_descriptor: null,
      tax_code: null,
      tax_details: null,
      type: "service",
      unit_label: "integration pair",
      updated: created,
      url: null,
    };
    store.products.set(id, product);
  }
  for (const seed of [...MONTHLY, ...MONTHLY.map(yearly)]) {
    const lookupKey = `${seed.plan}_${seed.interval === "month" ? "monthly" : "yearly"}`;
    const id = `price_standin_${lookupKey}`;
    if (store.prices.has(id)) continue;
    const price: PriceObj = {
      id,
      object: "price",
      active: true,
      billing_scheme: seed.tiers ? "tiered" : "per_unit",
      created,
      currency: CURRENCY,
      custom_unit_amount: null,
      livemode: false,
      lookup_key: lookupKey,
      metadata: { plan: seed.plan },
      nickname: `${seed.plan[0]!.toUpperCase()}${seed.plan.slice(1)} ${seed.interval === "month" ? "monthly" : "yearly"}`,
      product: `prod_standin_${seed.plan}`,
      recurring: {
        interval: seed.interval,
        interval_count: 1,
        meter: null,
        trial_period_days: null,
        usage_type: "licensed",
      },
      tax_behavior: "exclusive",
      tiers_mode: seed.tiers ? "volume" : null,
      transform_quantity: null,
      type: "recurring",
      unit_amount: seed.unitAmount,
      unit_amount_decimal: seed.unitAmount === null ? null : String(seed.unitAmount),
      ...(seed.tiers ? { tiers: seed.tiers } : {}),
    };
    store.prices.set(id, price);
  }
}
