// Builders for Stripe objects in the shape API version 2026-10-28 (the SDK's pin) gives them: periods on
// subscription items, invoices pointing at their subscription through `parent.subscription_details`.
import { newId, randomToken } from "../ids";
import type {
  CustomerObj,
  Interval,
  InvoiceObj,
  ItemObj,
  Json,
  LineObj,
  PriceObj,
  ProductObj,
  SubscriptionObj,
} from "../store/types";

export function buildCustomer(
  now: number,
  p: { email?: string | null; name?: string | null; metadata?: Record<string, string>; description?: string | null },
): CustomerObj {
  return {
    id: newId("customer"),
    object: "customer",
    address: null,
    balance: 0,
    created: now,
    currency: null,
    default_source: null,
    delinquent: false,
    description: p.description ?? null,
    discount: null,
    email: p.email ?? null,
    invoice_prefix: randomToken(8).toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: p.metadata ?? {},
    name: p.name ?? null,
    next_invoice_sequence: 1,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: "none",
    test_clock: null,
  };
}

/** The legacy `plan` Stripe still puts beside each item's price. */
export function planFrom(price: PriceObj): Json {
  return {
    id: price.id,
    object: "plan",
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount === null ? null : String(price.unit_amount),
    billing_scheme: price.billing_scheme,
    created: price.created,
    currency: price.currency,
    interval: price.recurring.interval,
    interval_count: price.recurring.interval_count,
    livemode: false,
    metadata: price.metadata,
    meter: null,
    nickname: price.nickname,
    product: price.product,
    tiers_mode: price.tiers_mode,
    transform_usage: null,
    trial_period_days: null,
    usage_type: "licensed",
  };
}

export function buildItem(
  subscription: string,
  price: PriceObj,
  quantity: number,
  now: number,
  period: { start: number; end: number },
): ItemObj {
  return {
    id: newId("subscriptionItem"),
    object: "subscription_item",
    billing_thresholds: null,
    created: now,
    current_period_end: period.end,
    current_period_start: period.start,
    current_trial: null,
    discounts: [],
    metadata: {},
    plan: planFrom(price),
    price: structuredClone(price),
    quantity,
    subscription,
    tax_rates: [],
  };
}

export function setItemPrice(item: ItemObj, price: PriceObj): void {
  item.price = structuredClone(price);
  item.plan = planFrom(price);
}

export function buildSubscription(
  now: number,
  p: {
    customer: string;
    currency: string;
    metadata: Record<string, string>;
    trialEnd: number | null;
    automaticTax: boolean;
    paymentMethod: string | null;
    lines: { price: PriceObj; quantity: number }[];
    periodEnd: number;
  },
): SubscriptionObj {
  const id = newId("subscription");
  const period = { start: now, end: p.periodEnd };
  const items = p.lines.map((l) => buildItem(id, l.price, l.quantity, now, period));
  return {
    id,
    object: "subscription",
    application: null,
    application_fee_percent: null,
    automatic_tax: {
      disabled_reason: null,
      enabled: p.automaticTax,
      liability: p.automaticTax ? { type: "self" } : null,
    },
    billing_cycle_anchor: p.periodEnd,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: "classic" },
    billing_thresholds: null,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, reason: null },
    collection_method: "charge_automatically",
    created: now,
    currency: p.currency,
    customer: p.customer,
    customer_account: null,
    days_until_due: null,
    default_payment_method: p.paymentMethod,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    ended_at: null,
    invoice_settings: { account_tax_ids: null, issuer: { type: "self" } },
    items: {
      object: "list",
      data: items,
      has_more: false,
      total_count: items.length,
      url: `/v1/subscription_items?subscription=${id}`,
    },
    latest_invoice: null,
    livemode: false,
    metadata: p.metadata,
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: "off" },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: now,
    status: p.trialEnd ? "trialing" : "active",
    test_clock: null,
    transfer_data: null,
    trial_end: p.trialEnd,
    trial_settings: { end_behavior: { missing_payment_method: "create_invoice" } },
    trial_start: p.trialEnd ? now : null,
  };
}

const money = (amount: number, currency: string): string =>
  `${currency === "usd" ? "$" : `${currency.toUpperCase()} `}${(amount / 100).toFixed(2)}`;

/** "3 × Ledgerlink Growth (at $49.00 / month)", as Stripe describes a subscription line. */
export function describeItem(price: PriceObj, quantity: number, product: ProductObj | undefined): string {
  const name = product?.name ?? price.product;
  const per = price.recurring.interval;
  if (price.billing_scheme === "tiered") return `${quantity} × ${name} (tiered, ${per}ly)`;
  return `${quantity} × ${name} (at ${money(price.unit_amount ?? 0, price.currency)} / ${per})`;
}

export function buildLine(p: {
  amount: number;
  currency: string;
  description: string;
  period: { start: number; end: number };
  quantity: number | null;
  price: PriceObj;
  subscription: string;
  item: string;
  proration: boolean;
}): LineObj {
  return {
    id: newId("invoiceLine"),
    object: "line_item",
    amount: p.amount,
    currency: p.currency,
    description: p.description,
    discount_amounts: [],
    discountable: !p.proration,
    discounts: [],
    invoice: null,
    livemode: false,
    metadata: {},
    parent: {
      type: "subscription_item_details",
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: p.proration ? newId("invoiceItem") : null,
        proration: p.proration,
        proration_details: { credited_items: null },
        subscription: p.subscription,
        subscription_item: p.item,
      },
    },
    period: p.period,
    pretax_credit_amounts: [],
    pricing: {
      type: "price_details",
      price_details: { price: p.price.id, product: p.price.product },
      unit_amount_decimal: p.price.unit_amount === null ? null : String(p.price.unit_amount),
    },
    quantity: p.quantity,
    quantity_decimal: p.quantity === null ? null : String(p.quantity),
    subscription: p.subscription,
    subtotal: p.amount,
    taxes: [],
  };
}

export function buildInvoice(
  now: number,
  p: {
    id?: string;
    customer: { id: string; email: string | null; name: string | null };
    subscription: SubscriptionObj;
    lines: LineObj[];
    reason: "subscription_create" | "subscription_cycle" | "subscription_update" | "upcoming";
    number: string | null;
    periodStart: number;
    periodEnd: number;
    hostedUrl: string | null;
    status: InvoiceObj["status"];
  },
): InvoiceObj {
  const id = p.id ?? newId("invoice");
  const total = p.lines.reduce((sum, l) => sum + l.amount, 0);
  const lines = p.lines.map((l) => ({ ...l, invoice: id }));
  const due = Math.max(0, total);
  return {
    id,
    object: "invoice",
    account_country: "US",
    account_name: "Ledgerlink (Stripe stand-in)",
    account_tax_ids: null,
    amount_due: due,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: due,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: p.status !== "draft",
    automatic_tax: {
      disabled_reason: null,
      enabled: Boolean((p.subscription.automatic_tax as { enabled?: boolean }).enabled),
      liability: null,
      provider: null,
      status: null,
    },
    automatically_finalizes_at: null,
    billing_reason: p.reason,
    collection_method: "charge_automatically",
    created: now,
    currency: p.subscription.currency,
    custom_fields: null,
    customer: p.customer.id,
    customer_account: null,
    customer_address: null,
    customer_email: p.customer.email,
    customer_name: p.customer.name,
    customer_phone: null,
    customer_shipping: null,
    customer_tax_exempt: "none",
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    due_date: null,
    effective_at: p.status === "draft" ? null : now,
    ending_balance: p.status === "draft" ? null : 0,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: p.hostedUrl,
    invoice_pdf: null,
    issuer: { type: "self" },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: "list", data: lines, has_more: false, total_count: lines.length, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: {},
    next_payment_attempt: null,
    number: p.number,
    on_behalf_of: null,
    parent: {
      type: "subscription_details",
      quote_details: null,
      subscription_details: { metadata: { ...p.subscription.metadata }, subscription: p.subscription.id },
    },
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: p.periodEnd,
    period_start: p.periodStart,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: p.status,
    status_transitions: {
      finalized_at: p.status === "draft" ? null : now,
      marked_uncollectible_at: null,
      paid_at: null,
      voided_at: null,
    },
    subtotal: total,
    subtotal_excluding_tax: total,
    test_clock: null,
    total,
    total_discount_amounts: [],
    total_excluding_tax: total,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: null,
  };
}

export type { Interval };

/** Stripe's metadata update: keys merge, an empty value removes the key. */
export function mergeMetadata(current: Record<string, string>, patch: Record<string, string>): Record<string, string> {
  const out = { ...current };
  for (const [k, v] of Object.entries(patch)) {
    if (v === "") delete out[k];
    else out[k] = v;
  }
  return out;
}
