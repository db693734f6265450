// What the stand-in keeps: Stripe objects in their wire shape (ids for references, expanded on the way out),
// plus the few facts Stripe hides (a customer's test card, line items of a session, pending prorations).

export type Interval = "month" | "year";
export type Json = Record<string, unknown>;

export interface Tier {
  up_to: number | null;
  unit_amount: number | null;
  unit_amount_decimal: string | null;
  flat_amount: number | null;
  flat_amount_decimal: string | null;
}

export interface PriceObj extends Json {
  id: string;
  object: "price";
  active: boolean;
  billing_scheme: "per_unit" | "tiered";
  currency: string;
  lookup_key: string | null;
  product: string;
  recurring: {
    interval: Interval;
    interval_count: number;
    meter: null;
    trial_period_days: null;
    usage_type: "licensed";
  };
  tiers_mode: "volume" | "graduated" | null;
  unit_amount: number | null;
  /** Only shown when expanded (`expand[]=data.tiers`), as Stripe does. */
  tiers?: Tier[];
}

export interface ProductObj extends Json {
  id: string;
  object: "product";
  name: string;
  active: boolean;
}

export interface CustomerObj extends Json {
  id: string;
  object: "customer";
  email: string | null;
  name: string | null;
  metadata: Record<string, string>;
  invoice_prefix: string;
  invoice_settings: { default_payment_method: string | null } & Json;
}

export interface ItemObj extends Json {
  id: string;
  object: "subscription_item";
  price: PriceObj;
  quantity: number;
  current_period_start: number;
  current_period_end: number;
  subscription: string;
}

export type SubscriptionStatus =
  | "trialing"
  | "active"
  | "past_due"
  | "canceled"
  | "unpaid"
  | "incomplete"
  | "incomplete_expired"
  | "paused";

export interface SubscriptionObj extends Json {
  id: string;
  object: "subscription";
  customer: string;
  status: SubscriptionStatus;
  cancel_at_period_end: boolean;
  cancel_at: number | null;
  canceled_at: number | null;
  ended_at: number | null;
  trial_start: number | null;
  trial_end: number | null;
  currency: string;
  metadata: Record<string, string>;
  latest_invoice: string | null;
  default_payment_method: string | null;
  items: { object: "list"; data: ItemObj[]; has_more: false; total_count: number; url: string };
}

export interface LineObj extends Json {
  id: string;
  object: "line_item";
  amount: number;
  currency: string;
  description: string | null;
  period: { start: number; end: number };
  quantity: number | null;
}

export interface InvoiceObj extends Json {
  id: string;
  object: "invoice";
  customer: string;
  status: "draft" | "open" | "paid" | "uncollectible" | "void";
  total: number;
  amount_due: number;
  amount_paid: number;
  amount_remaining: number;
  attempt_count: number;
  attempted: boolean;
  created: number;
  period_start: number;
  period_end: number;
  lines: { object: "list"; data: LineObj[]; has_more: false; total_count: number; url: string };
  status_transitions: {
    finalized_at: number | null;
    marked_uncollectible_at: number | null;
    paid_at: number | null;
    voided_at: number | null;
  };
  parent: {
    type: "subscription_details";
    quote_details: null;
    subscription_details: { metadata: Record<string, string>; subscription: string };
  } | null;
}

export interface CheckoutSessionObj extends Json {
  id: string;
  object: "checkout.session";
  customer: string | null;
  customer_email: string | null;
  status: "open" | "complete" | "expired";
  payment_status: "paid" | "unpaid" | "no_payment_required";
  subscription: string | null;
  invoice: string | null;
  success_url: string | null;
  cancel_url: string | null;
  url: string | null;
  expires_at: number;
  currency: string | null;
  metadata: Record<string, string>;
  client_reference_id: string | null;
  amount_total: number | null;
  amount_subtotal: number | null;
}

export interface PortalSessionObj extends Json {
  id: string;
  object: "billing_portal.session";
  customer: string;
  return_url: string | null;
  url: string;
}

export interface EventObj extends Json {
  id: string;
  object: "event";
  type: string;
  created: number;
  api_version: string;
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  data: { object: Json; previous_attributes?: Json };
}

/** What happened when an event was POSTed (HTTP status, or the network error). */
export interface Delivery {
  at: number;
  url: string;
  status: number | null;
  ok: boolean;
  error: string | null;
}

/** A card as the test cards behave: good; declined at once; attaches but later charges fail. */
export interface CardRec {
  paymentMethod: string;
  brand: string;
  last4: string;
  behaviour: "good" | "decline" | "fail_later";
}

/** Line items and subscription settings of an open Checkout session, applied when it is paid. */
export interface SessionPlan {
  lines: { price: string; quantity: number }[];
  subscriptionMetadata: Record<string, string>;
  trialEnd: number | null;
  trialPeriodDays: number | null;
  automaticTax: boolean;
}

export interface IdempotencyRec {
  method: string;
  path: string;
  fingerprint: string;
  status: number;
  body: string;
  at: number;
}

export interface StandinData {
  version: 1;
  clockOffsetSeconds: number;
  webhookSecret: string | null;
  products: ProductObj[];
  prices: PriceObj[];
  customers: CustomerObj[];
  cards: Record<string, CardRec>;
  checkoutSessions: CheckoutSessionObj[];
  sessionPlans: Record<string, SessionPlan>;
  portalSessions: PortalSessionObj[];
  subscriptions: SubscriptionObj[];
  invoices: InvoiceObj[];
  /** Proration lines waiting for a subscription's next invoice. */
  pendingLines: Record<string, LineObj[]>;
  /** Subscriptions whose trial_will_end event went out (for the trial end it was sent for). */
  trialWillEndSent: Record<string, number>;
  events: EventObj[];
  deliveries: Record<string, Delivery[]>;
  /** Events waiting while delivery is paused or no endpoint is configured. */
  undelivered: string[];
  idempotency: Record<string, IdempotencyRec>;
  invoiceSeq: Record<string, number>;
}
