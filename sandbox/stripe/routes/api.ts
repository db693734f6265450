// The /v1 endpoints a billing app uses: customers, products and prices, Checkout and portal sessions,
// subscriptions, invoices (with create_preview) and events.
import type { Hono } from "hono";
import { z } from "zod";
import type { Billing } from "../domain/billing";
import { amountFor as amountOf } from "../domain/pricing";
import { invalid, noSuch } from "../errors";
import type { FormObject } from "../form";
import { expandOf, newestFirst, params, sendList, sendObject, type Ctx, type StandinEnv } from "../http";
import { parseParams, zBool, zExpand, zInt, zMetadata, zPositiveInt, zStr, zTimestampOrNow } from "../params";
import type { Store } from "../store/store";
import type { SubscriptionStatus } from "../store/types";

const customerCreate = z.object({
  email: z.string().optional(),
  name: z.string().optional(),
  description: z.string().optional(),
  metadata: zMetadata.optional(),
  expand: zExpand,
});

const checkoutCreate = z.object({
  mode: z.enum(["subscription", "payment", "setup"]),
  customer: zStr.optional(),
  customer_email: zStr.optional(),
  line_items: z.array(z.object({ price: zStr, quantity: zPositiveInt.default(1) })).min(1),
  success_url: zStr,
  cancel_url: zStr.optional(),
  client_reference_id: zStr.max(200).optional(),
  metadata: zMetadata.default({}),
  subscription_data: z
    .object({
      metadata: zMetadata.default({}),
      trial_end: zInt.optional(),
      trial_period_days: zPositiveInt.optional(),
    })
    .default({ metadata: {} }),
  automatic_tax: z.object({ enabled: zBool }).optional(),
  expand: zExpand,
});

const portalCreate = z.object({ customer: zStr, return_url: zStr.optional(), expand: zExpand });

const itemChange = z.object({
  id: zStr.optional(),
  price: zStr.optional(),
  quantity: zInt.pipe(z.number().int().min(0)).optional(),
  deleted: zBool.optional(),
});
const prorationBehavior = z.enum(["create_prorations", "none", "always_invoice"]);

const subscriptionUpdate = z.object({
  items: z.array(itemChange).optional(),
  proration_behavior: prorationBehavior.optional(),
  payment_behavior: z
    .enum(["allow_incomplete", "error_if_incomplete", "pending_if_incomplete", "default_incomplete"])
    .optional(),
  cancel_at_period_end: zBool.optional(),
  metadata: zMetadata.optional(),
  trial_end: zTimestampOrNow.optional(),
  expand: zExpand,
});

const previewCreate = z.object({
  customer: zStr.optional(),
  subscription: zStr.optional(),
  subscription_details: z
    .object({ items: z.array(itemChange).optional(), proration_behavior: prorationBehavior.optional() })
    .optional(),
  expand: zExpand,
});

const str = (p: FormObject, name: string): string | undefined => {
  const v = p[name];
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw invalid(`Invalid string: ${name}`, name);
  return v;
};

const SUB_STATUSES = [
  "trialing",
  "active",
  "past_due",
  "canceled",
  "unpaid",
  "incomplete",
  "incomplete_expired",
  "paused",
  "all",
  "ended",
];

export function registerApiRoutes(api: Hono<StandinEnv>, store: Store, billing: Billing): void {
  const req = (c: Ctx) => c.get("request");

  // ---- customers ----
  api.post("/customers", (c) => {
    const p = parseParams(customerCreate, params(c));
    return sendObject(c, store, billing.createCustomer(p));
  });
  api.get("/customers", (c) => {
    const email = str(params(c), "email");
    const all = newestFirst(store.customers.values());
    return sendList(c, store, email === undefined ? all : all.filter((x) => x.email === email), "/v1/customers");
  });
  api.get("/customers/:id", (c) => sendObject(c, store, billing.customer(c.req.param("id"), "id")));
  api.post("/customers/:id", (c) => {
    const p = parseParams(customerCreate, params(c));
    return sendObject(c, store, billing.updateCustomer(c.req.param("id"), p));
  });

  // ---- products and prices ----
  api.get("/products", (c) => sendList(c, store, newestFirst(store.products.values()), "/v1/products"));
  api.get("/products/:id", (c) => {
    const p = store.products.get(c.req.param("id"));
    if (!p) throw noSuch("prod", c.req.param("id"));
    return sendObject(c, store, p);
  });
  api.get("/prices", (c) => {
    const p = params(c);
    const keys = p.lookup_keys;
    if (keys !== undefined && !(Array.isArray(keys) && keys.every((k) => typeof k === "string")))
      throw invalid("Invalid array", "lookup_keys");
    const active = str(p, "active");
    const product = str(p, "product");
    const currency = str(p, "currency");
    const type = str(p, "type");
    const interval = typeof p.recurring === "object" && !Array.isArray(p.recurring) ? p.recurring.interval : undefined;
    const list = newestFirst(store.prices.values()).filter(
      (x) =>
        (keys === undefined || (keys as string[]).includes(x.lookup_key ?? "")) &&
        (active === undefined || String(x.active) === active) &&
        (product === undefined || x.product === product) &&
        (currency === undefined || x.currency === currency.toLowerCase()) &&
        (type === undefined || x.type === type) &&
        (interval === undefined || x.recurring.interval === interval),
    );
    return sendList(c, store, list, "/v1/prices");
  });
  api.get("/prices/:id", (c) => sendObject(c, store, billing.price(c.req.param("id"), "id")));

  // ---- Checkout ----
  api.post("/checkout/sessions", (c) => {
    const p = parseParams(checkoutCreate, params(c));
    if (p.mode !== "subscription")
      throw invalid(`The Stripe stand-in only supports mode=subscription (got ${p.mode}).`, "mode");
    if (p.customer && p.customer_email)
      throw invalid("You may only specify one of these parameters: customer, customer_email.", "customer_email");
    const session = billing.createCheckoutSession({
      customer: p.customer ?? null,
      customerEmail: p.customer_email ?? null,
      lines: p.line_items,
      successUrl: p.success_url,
      cancelUrl: p.cancel_url ?? null,
      clientReferenceId: p.client_reference_id ?? null,
      metadata: p.metadata,
      subscriptionMetadata: p.subscription_data.metadata,
      trialEnd: p.subscription_data.trial_end ?? null,
      trialPeriodDays: p.subscription_data.trial_period_days ?? null,
      automaticTax: p.automatic_tax?.enabled ?? false,
    });
    return sendObject(c, store, session);
  });
  api.get("/checkout/sessions", (c) => {
    const customer = str(params(c), "customer");
    const subscription = str(params(c), "subscription");
    const list = newestFirst(store.checkoutSessions.values()).filter(
      (s) =>
        (customer === undefined || s.customer === customer) &&
        (subscription === undefined || s.subscription === subscription),
    );
    return sendList(c, store, list, "/v1/checkout/sessions");
  });
  api.get("/checkout/sessions/:id", (c) => {
    const s = billing.checkoutSession(c.req.param("id"));
    // line_items is includable: present only when expanded.
    const out = expandOf(c).includes("line_items")
      ? { ...s, line_items: lineItemsList(store, s.id, store.sessionPlans.get(s.id)?.lines ?? []) }
      : s;
    return sendObject(c, store, out);
  });
  api.get("/checkout/sessions/:id/line_items", (c) => {
    const s = billing.checkoutSession(c.req.param("id"));
    const list = lineItemsList(store, s.id, store.sessionPlans.get(s.id)?.lines ?? []);
    return sendList(c, store, list.data, list.url);
  });

  // ---- the customer portal ----
  api.post("/billing_portal/sessions", (c) => {
    const p = parseParams(portalCreate, params(c));
    return sendObject(c, store, billing.createPortalSession(p.customer, p.return_url ?? null));
  });

  // ---- subscriptions ----
  api.get("/subscriptions", (c) => {
    const p = params(c);
    const customer = str(p, "customer");
    const status = str(p, "status");
    const price = str(p, "price");
    if (status !== undefined && !SUB_STATUSES.includes(status))
      throw invalid(`Invalid status: must be one of ${SUB_STATUSES.join(", ")}`, "status");
    const ended: SubscriptionStatus[] = ["canceled", "incomplete_expired"];
    const list = newestFirst(store.subscriptions.values()).filter(
      (s) =>
        (customer === undefined || s.customer === customer) &&
        (price === undefined || s.items.data.some((i) => i.price.id === price)) &&
        (status === "all" ||
          (status === "ended"
            ? ended.includes(s.status)
            : status === undefined
              ? s.status !== "canceled"
              : s.status === status)),
    );
    return sendList(c, store, list, "/v1/subscriptions");
  });
  api.get("/subscriptions/:id", (c) => sendObject(c, store, billing.subscription(c.req.param("id"))));
  api.post("/subscriptions/:id", (c) => {
    const p = parseParams(subscriptionUpdate, params(c));
    const sub = billing.updateSubscription(
      c.req.param("id"),
      {
        items: p.items,
        prorationBehavior: p.proration_behavior,
        paymentBehavior: p.payment_behavior,
        cancelAtPeriodEnd: p.cancel_at_period_end,
        metadata: p.metadata,
        trialEnd: p.trial_end,
      },
      req(c),
    );
    return sendObject(c, store, sub);
  });
  api.delete("/subscriptions/:id", (c) => sendObject(c, store, billing.cancelSubscription(c.req.param("id"), req(c))));

  // ---- invoices ----
  api.post("/invoices/create_preview", (c) => {
    const p = parseParams(previewCreate, params(c));
    const invoice = billing.preview({
      customer: p.customer,
      subscription: p.subscription,
      items: p.subscription_details?.items,
      prorationBehavior: p.subscription_details?.proration_behavior,
    });
    return sendObject(c, store, invoice);
  });
  api.get("/invoices", (c) => {
    const p = params(c);
    const customer = str(p, "customer");
    const subscription = str(p, "subscription");
    const status = str(p, "status");
    const list = newestFirst(store.invoices.values()).filter(
      (i) =>
        (customer === undefined || i.customer === customer) &&
        (subscription === undefined || i.parent?.subscription_details.subscription === subscription) &&
        (status === undefined || i.status === status),
    );
    return sendList(c, store, list, "/v1/invoices");
  });
  api.get("/invoices/:id", (c) => sendObject(c, store, billing.invoice(c.req.param("id"))));

  // ---- events ----
  api.get("/events", (c) => {
    const p = params(c);
    const type = str(p, "type");
    const types = Array.isArray(p.types) ? (p.types as string[]) : undefined;
    const matches = (t: string) => (pattern: string) =>
      pattern.endsWith(".*") ? t.startsWith(pattern.slice(0, -1)) : t === pattern;
    const list = newestFirst(store.events.values()).filter(
      (e) => (type === undefined || matches(e.type)(type)) && (types === undefined || types.some(matches(e.type))),
    );
    return sendList(c, store, list, "/v1/events");
  });
  api.get("/events/:id", (c) => {
    const e = store.events.get(c.req.param("id"));
    if (!e) throw noSuch("evt", c.req.param("id"));
    return sendObject(c, store, e);
  });
}

function lineItemsList(store: Store, sessionId: string, lines: { price: string; quantity: number }[]) {
  const data = lines.map((l, i) => {
    const price = store.prices.get(l.price);
    const amount = price ? amountOf(price, l.quantity) : 0;
    return {
      id: `li_${sessionId.slice(8, 22)}${i}`,
      object: "item",
      amount_discount: 0,
      amount_subtotal: amount,
      amount_tax: 0,
      amount_total: amount,
      currency: price?.currency ?? "usd",
      description: price ? (store.products.get(price.product)?.name ?? price.product) : l.price,
      price: price ?? l.price,
      quantity: l.quantity,
    };
  });
  return { object: "list" as const, data, has_more: false, url: `/v1/checkout/sessions/${sessionId}/line_items` };
}
