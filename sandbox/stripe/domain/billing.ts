// What Stripe Billing does, as far as Ledgerlink uses it: Checkout creating a subscription and its first invoice,
// updates with simplified prorations, renewals and trial ends as the clock passes them, failed payments leaving
// the subscription past_due, cancellation at period end. Every change is recorded as an event.
import type { Clock } from "../clock";
import { cardDeclined, invalid, missing, noSuch, StripeApiError } from "../errors";
import { newId, randomToken } from "../ids";
import type { Store } from "../store/store";
import type {
  CardRec,
  CheckoutSessionObj,
  CustomerObj,
  InvoiceObj,
  ItemObj,
  Json,
  LineObj,
  PortalSessionObj,
  PriceObj,
  SubscriptionObj,
} from "../store/types";
import { publicView, type Webhooks } from "../webhooks";
import {
  buildCustomer,
  buildInvoice,
  buildItem,
  buildLine,
  buildSubscription,
  describeItem,
  setItemPrice,
} from "./objects";
import { addInterval, amountFor, DAY } from "./pricing";

export interface RequestRef {
  id: string | null;
  key: string | null;
}

export interface ItemChange {
  id?: string;
  price?: string;
  quantity?: number;
  deleted?: boolean;
}

export interface SubscriptionChanges {
  items?: ItemChange[];
  prorationBehavior?: "create_prorations" | "none" | "always_invoice";
  paymentBehavior?: "allow_incomplete" | "error_if_incomplete" | "pending_if_incomplete" | "default_incomplete";
  cancelAtPeriodEnd?: boolean;
  metadata?: Record<string, string>;
  trialEnd?: number | "now";
}

export interface CheckoutInput {
  customer: string | null;
  customerEmail: string | null;
  lines: { price: string; quantity: number }[];
  successUrl: string;
  cancelUrl: string | null;
  clientReferenceId: string | null;
  metadata: Record<string, string>;
  subscriptionMetadata: Record<string, string>;
  trialEnd: number | null;
  trialPeriodDays: number | null;
  automaticTax: boolean;
}

/** Test cards: 4242… pays; 4000 0000 0000 0341 attaches but later charges fail; 4000 0000 0000 0002 is declined. */
export function cardBehaviour(number: string): CardRec["behaviour"] | null {
  const digits = number.replace(/[\s-]/g, "");
  if (!/^\d{12,19}$/.test(digits)) return null;
  if (digits === "4000000000000341") return "fail_later";
  if (digits === "4000000000000002" || digits === "4000000000009995") return "decline";
  return "good";
}

const MAX_PERIODS_PER_TICK = 400;

/** Top-level fields that changed, with their old values (Stripe's `previous_attributes`). */
function changedFields(before: Json, after: Json): Json {
  const previous: Json = {};
  for (const k of Object.keys(after))
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) previous[k] = before[k] ?? null;
  return previous;
}

export class Billing {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly webhooks: Webhooks,
    private readonly baseUrl: () => string,
  ) {}

  now(): number {
    return this.clock.now();
  }

  // ---- lookups -------------------------------------------------------------------------------------------

  customer(id: string, param = "customer"): CustomerObj {
    const c = this.store.customers.get(id);
    if (!c) throw noSuch("cus", id, param);
    return c;
  }

  price(id: string, param = "price"): PriceObj {
    const p = this.store.prices.get(id);
    if (!p) throw noSuch("price", id, param);
    return p;
  }

  subscription(id: string, param = "id"): SubscriptionObj {
    const s = this.store.subscriptions.get(id);
    if (!s) throw noSuch("sub", id, param);
    return s;
  }

  invoice(id: string): InvoiceObj {
    const i = this.store.invoices.get(id);
    if (!i) throw noSuch("in", id);
    return i;
  }

  checkoutSession(id: string): CheckoutSessionObj {
    const s = this.store.checkoutSessions.get(id);
    if (!s) throw noSuch("cs", id);
    if (s.status === "open" && s.expires_at <= this.now()) s.status = "expired";
    return s;
  }

  portalSession(id: string): PortalSessionObj {
    const s = this.store.portalSessions.get(id);
    if (!s) throw noSuch("bps", id);
    return s;
  }

  subscriptionsOf(customer: string): SubscriptionObj[] {
    return [...this.store.subscriptions.values()]
      .filter((s) => s.customer === customer)
      .sort((a, b) => (b.created as number) - (a.created as number));
  }

  invoicesOf(customer: string): InvoiceObj[] {
    return [...this.store.invoices.values()]
      .filter((i) => i.customer === customer)
      .sort((a, b) => b.created - a.created);
  }

  // ---- customers and cards ------------------------------------------------------------------------------

  createCustomer(p: {
    email?: string | null;
    name?: string | null;
    metadata?: Record<string, string>;
    description?: string | null;
  }): CustomerObj {
    const c = buildCustomer(this.now(), p);
    this.store.customers.set(c.id, c);
    this.store.onChange();
    return c;
  }

  updateCustomer(
    id: string,
    p: { email?: string; name?: string; description?: string; metadata?: Record<string, string> },
  ): CustomerObj {
    const c = this.customer(id, "id");
    if (p.email !== undefined) c.email = p.email || null;
    if (p.name !== undefined) c.name = p.name || null;
    if (p.description !== undefined) c.description = p.description || null;
    if (p.metadata) c.metadata = mergeMetadata(c.metadata, p.metadata);
    this.store.onChange();
    return c;
  }

  /** Saves a card as the customer's default (Checkout, the portal, the admin API). */
  attachCard(customerId: string, behaviour: CardRec["behaviour"], last4: string): CardRec {
    const customer = this.customer(customerId);
    const card: CardRec = { paymentMethod: newId("paymentMethod"), brand: "visa", last4, behaviour };
    this.store.cards.set(customer.id, card);
    customer.invoice_settings.default_payment_method = card.paymentMethod;
    for (const sub of this.subscriptionsOf(customer.id))
      if (sub.status !== "canceled") sub.default_payment_method = card.paymentMethod;
    this.store.onChange();
    return card;
  }

  /** A new default card retries the customer's open invoices, as Stripe's automatic collection does. */
  replaceCard(customerId: string, number: string): { ok: true } | { ok: false; error: string } {
    const behaviour = cardBehaviour(number);
    if (!behaviour) return { ok: false, error: "Your card number is incomplete." };
    if (behaviour === "decline") return { ok: false, error: "Your card was declined." };
    this.attachCard(customerId, behaviour, number.replace(/\D/g, "").slice(-4));
    this.retryOpenInvoices(customerId);
    return { ok: true };
  }

  /** Admin: make the customer's card good or failing from now on (and retry open invoices when it becomes good). */
  setCardBehaviour(customerId: string, behaviour: "good" | "failing"): CardRec {
    const existing = this.store.cards.get(customerId);
    const card = existing
      ? { ...existing, behaviour: behaviour === "good" ? ("good" as const) : ("fail_later" as const) }
      : this.attachCard(
          customerId,
          behaviour === "good" ? "good" : "fail_later",
          behaviour === "good" ? "4242" : "0341",
        );
    this.store.cards.set(customerId, card);
    if (behaviour === "good") this.retryOpenInvoices(customerId);
    this.store.onChange();
    return card;
  }

  private retryOpenInvoices(customerId: string): void {
    for (const inv of this.invoicesOf(customerId).reverse()) {
      if (inv.status !== "open") continue;
      const sub = this.store.subscriptions.get(inv.parent?.subscription_details.subscription ?? "");
      if (!sub || sub.status === "canceled") continue;
      this.track(sub, () => {
        if (this.charge(inv, { first: false, emit: true }) && sub.status === "past_due" && !this.hasOpenInvoice(sub))
          sub.status = "active";
      });
    }
  }

  private hasOpenInvoice(sub: SubscriptionObj): boolean {
    return [...this.store.invoices.values()].some(
      (i) => i.status === "open" && i.parent?.subscription_details.subscription === sub.id,
    );
  }

  // ---- Checkout -----------------------------------------------------------------------------------------

  createCheckoutSession(p: CheckoutInput): CheckoutSessionObj {
    if (p.customer) this.customer(p.customer);
    if (p.lines.length === 0) throw missing("line_items");
    const prices = p.lines.map((l, i) => this.price(l.price, `line_items[${i}][price]`));
    const currency = prices[0]!.currency;
    const interval = prices[0]!.recurring.interval;
    prices.forEach((pr, i) => {
      if (!pr.active)
        throw invalid(
          `The price specified is inactive. This field only accepts active prices.`,
          `line_items[${i}][price]`,
        );
      if (pr.currency !== currency || pr.recurring.interval !== interval)
        throw invalid(
          "All prices on a subscription must have the same currency and recurring interval.",
          `line_items[${i}][price]`,
        );
    });
    if (p.trialEnd !== null && p.trialEnd < this.now() + 2 * DAY)
      throw invalid("The `trial_end` date has to be at least 2 days in the future.", "subscription_data[trial_end]");
    const amount = p.lines.reduce((sum, l, i) => sum + amountFor(prices[i]!, l.quantity), 0);
    const trial = p.trialEnd !== null || (p.trialPeriodDays ?? 0) > 0;
    const id = `cs_test_${randomToken(58)}`;
    const now = this.now();
    const session: CheckoutSessionObj = {
      id,
      object: "checkout.session",
      adaptive_pricing: null,
      after_expiration: null,
      allow_promotion_codes: null,
      amount_subtotal: trial ? 0 : amount,
      amount_total: trial ? 0 : amount,
      automatic_tax: {
        enabled: p.automaticTax,
        liability: p.automaticTax ? { type: "self" } : null,
        provider: null,
        status: null,
      },
      billing_address_collection: null,
      cancel_url: p.cancelUrl,
      client_reference_id: p.clientReferenceId,
      client_secret: null,
      collected_information: null,
      consent: null,
      consent_collection: null,
      created: now,
      currency,
      currency_conversion: null,
      custom_fields: [],
      custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
      customer: p.customer,
      customer_account: null,
      customer_creation: p.customer ? null : "always",
      customer_details: null,
      customer_email: p.customerEmail,
      discounts: [],
      expires_at: now + DAY,
      invoice: null,
      invoice_creation: null,
      livemode: false,
      locale: null,
      metadata: p.metadata,
      mode: "subscription",
      origin_context: null,
      payment_intent: null,
      payment_link: null,
      payment_method_collection: "always",
      payment_method_configuration_details: null,
      payment_method_options: { card: { request_three_d_secure: "automatic" } },
      payment_method_types: ["card"],
      payment_status: "unpaid",
      permissions: null,
      recovered_from: null,
      saved_payment_method_options: null,
      setup_intent: null,
      shipping_address_collection: null,
      shipping_cost: null,
      shipping_options: [],
      status: "open",
      submit_type: null,
      subscription: null,
      success_url: p.successUrl,
      total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
      ui_mode: "hosted",
      url: `${this.baseUrl()}/checkout/${id}`,
      wallet_options: null,
    };
    this.store.checkoutSessions.set(id, session);
    this.store.sessionPlans.set(id, {
      lines: p.lines,
      subscriptionMetadata: p.subscriptionMetadata,
      trialEnd: p.trialEnd,
      trialPeriodDays: p.trialPeriodDays,
      automaticTax: p.automaticTax,
    });
    this.store.onChange();
    return session;
  }

  /** Where Checkout sends the payer afterwards: success_url with {CHECKOUT_SESSION_ID} filled in. */
  successUrl(s: CheckoutSessionObj): string {
    return (s.success_url ?? this.baseUrl()).replaceAll("{CHECKOUT_SESSION_ID}", s.id);
  }

  /**
   * The hosted page's Pay button: the card is saved, the subscription and its first (paid) invoice are created,
   * the session completes, then checkout.session.completed, customer.subscription.created, invoice.paid.
   */
  payCheckout(id: string, cardNumber: string): { ok: true; redirect: string } | { ok: false; error: string } {
    const s = this.checkoutSession(id);
    if (s.status === "complete") return { ok: true, redirect: this.successUrl(s) };
    if (s.status === "expired") return { ok: false, error: "This Checkout session has expired." };
    const behaviour = cardBehaviour(cardNumber);
    if (!behaviour) return { ok: false, error: "Your card number is incomplete." };
    if (behaviour === "decline") return { ok: false, error: "Your card was declined." };
    const plan = this.store.sessionPlans.get(id);
    if (!plan) return { ok: false, error: "This Checkout session cannot be paid." };
    const now = this.now();
    const customer = s.customer ? this.customer(s.customer) : this.createCustomer({ email: s.customer_email });
    const card = this.attachCard(customer.id, behaviour, cardNumber.replace(/\D/g, "").slice(-4));
    const lines = plan.lines.map((l) => ({ price: this.price(l.price), quantity: l.quantity }));
    const interval = lines[0]!.price.recurring.interval;
    const trialEnd = plan.trialEnd ?? (plan.trialPeriodDays ? now + plan.trialPeriodDays * DAY : null);
    const sub = buildSubscription(now, {
      customer: customer.id,
      currency: lines[0]!.price.currency,
      metadata: plan.subscriptionMetadata,
      trialEnd,
      automaticTax: plan.automaticTax,
      paymentMethod: card.paymentMethod,
      lines,
      periodEnd: trialEnd ?? addInterval(now, interval),
    });
    this.store.subscriptions.set(sub.id, sub);
    const period = { start: now, end: trialEnd ?? addInterval(now, interval) };
    const invoiceLines = sub.items.data.map((item) => {
      const product = this.store.products.get(item.price.product);
      return buildLine({
        amount: trialEnd ? 0 : amountFor(item.price, item.quantity),
        currency: sub.currency,
        description: trialEnd
          ? `Trial period for ${product?.name ?? item.price.product}`
          : describeItem(item.price, item.quantity, product),
        period,
        quantity: item.quantity,
        price: item.price,
        subscription: sub.id,
        item: item.id,
        proration: false,
      });
    });
    const invoice = this.createInvoice(sub, invoiceLines, "subscription_create", period.start, period.end, now);
    this.charge(invoice, { first: true, emit: false });
    sub.latest_invoice = invoice.id;
    Object.assign(s, {
      status: "complete",
      payment_status: trialEnd ? "no_payment_required" : "paid",
      customer: customer.id,
      customer_details: {
        address: null,
        email: customer.email,
        name: customer.name,
        phone: null,
        tax_exempt: "none",
        tax_ids: [],
      },
      subscription: sub.id,
      invoice: invoice.id,
    });
    this.webhooks.emit("checkout.session.completed", s);
    this.webhooks.emit("customer.subscription.created", sub);
    this.webhooks.emit(invoice.status === "paid" ? "invoice.paid" : "invoice.payment_failed", invoice);
    this.checkTrialWillEnd(sub);
    this.store.onChange();
    return { ok: true, redirect: this.successUrl(s) };
  }

  // ---- the customer portal ------------------------------------------------------------------------------

  createPortalSession(customer: string, returnUrl: string | null): PortalSessionObj {
    this.customer(customer);
    const id = newId("portalSession");
    const session: PortalSessionObj = {
      id,
      object: "billing_portal.session",
      configuration: "bpc_standin_default",
      created: this.now(),
      customer,
      customer_account: null,
      flow: null,
      livemode: false,
      locale: null,
      on_behalf_of: null,
      return_url: returnUrl,
      url: `${this.baseUrl()}/portal/${id}`,
    };
    this.store.portalSessions.set(id, session);
    this.store.onChange();
    return session;
  }

  // ---- invoices -----------------------------------------------------------------------------------------

  private createInvoice(
    sub: SubscriptionObj,
    lines: LineObj[],
    reason: "subscription_create" | "subscription_cycle" | "subscription_update",
    periodStart: number,
    periodEnd: number,
    at: number,
  ): InvoiceObj {
    const customer = this.customer(sub.customer);
    const seq = (this.store.invoiceSeq.get(customer.id) ?? 0) + 1;
    this.store.invoiceSeq.set(customer.id, seq);
    const id = newId("invoice");
    const invoice = buildInvoice(at, {
      id,
      customer,
      subscription: sub,
      lines,
      reason,
      number: `${customer.invoice_prefix}-${String(seq).padStart(4, "0")}`,
      periodStart,
      periodEnd,
      hostedUrl: `${this.baseUrl()}/invoice/${id}`,
      status: "open",
    });
    this.store.invoices.set(invoice.id, invoice);
    return invoice;
  }

  /** Charges the customer's card: true when paid. The first charge of a 0341 card succeeds, later ones fail. */
  private charge(invoice: InvoiceObj, o: { first: boolean; emit: boolean }): boolean {
    const now = this.now();
    const card = this.store.cards.get(invoice.customer);
    const pays =
      invoice.amount_due === 0 ||
      (card !== undefined && (card.behaviour === "good" || (o.first && card.behaviour === "fail_later")));
    if (invoice.amount_due > 0) {
      invoice.attempt_count += 1;
      invoice.attempted = true;
    }
    if (pays) {
      Object.assign(invoice, {
        status: "paid",
        attempted: true,
        amount_paid: invoice.amount_due,
        amount_remaining: 0,
        next_payment_attempt: null,
        status_transitions: { ...invoice.status_transitions, paid_at: now },
      });
      if (o.emit) this.webhooks.emit("invoice.paid", invoice);
    } else {
      invoice.next_payment_attempt = null;
      if (o.emit) this.webhooks.emit("invoice.payment_failed", invoice);
    }
    this.store.onChange();
    return pays;
  }

  /** The next invoice of a subscription (POST /v1/invoices/create_preview), optionally after proposed changes. */
  preview(p: {
    customer?: string;
    subscription?: string;
    items?: ItemChange[];
    prorationBehavior?: SubscriptionChanges["prorationBehavior"];
  }): InvoiceObj {
    if (!p.customer && !p.subscription) throw missing("customer");
    const sub = p.subscription
      ? this.subscription(p.subscription, "subscription")
      : this.subscriptionsOf(this.customer(p.customer!).id).find((s) => s.status !== "canceled");
    const none = () =>
      new StripeApiError(
        400,
        "invalid_request_error",
        `No upcoming invoices for customer: ${p.customer ?? sub?.customer}`,
        "invoice_upcoming_none",
      );
    if (!sub || sub.status === "canceled" || (sub.cancel_at_period_end && !p.items)) throw none();
    const draft = structuredClone(sub);
    const pending = [...(this.store.pendingLines.get(sub.id) ?? [])];
    if (p.items) {
      const change = this.planChange(draft, p.items, p.prorationBehavior ?? "create_prorations");
      pending.push(...change.lines);
      this.applyItems(draft, change.items);
    }
    const start = this.periodEnd(draft);
    const end = addInterval(start, draft.items.data[0]!.price.recurring.interval);
    const lines = [...pending, ...this.periodLines(draft, start, end)];
    const invoice = buildInvoice(this.now(), {
      id: `upcoming_in_${randomToken(24)}`,
      customer: this.customer(sub.customer),
      subscription: draft,
      lines,
      reason: "upcoming",
      number: null,
      periodStart: this.periodStart(draft),
      periodEnd: start,
      hostedUrl: null,
      status: "draft",
    });
    invoice.created = start;
    invoice.next_payment_attempt = start;
    return invoice;
  }

  // ---- subscriptions ------------------------------------------------------------------------------------

  periodStart(sub: SubscriptionObj): number {
    return sub.items.data[0]?.current_period_start ?? (sub.created as number);
  }

  periodEnd(sub: SubscriptionObj): number {
    return sub.items.data[0]?.current_period_end ?? (sub.created as number);
  }

  private periodLines(sub: SubscriptionObj, start: number, end: number): LineObj[] {
    return sub.items.data.map((item) =>
      buildLine({
        amount: amountFor(item.price, item.quantity),
        currency: sub.currency,
        description: describeItem(item.price, item.quantity, this.store.products.get(item.price.product)),
        period: { start, end },
        quantity: item.quantity,
        price: item.price,
        subscription: sub.id,
        item: item.id,
        proration: false,
      }),
    );
  }

  /** Snapshots a subscription around a change and records customer.subscription.updated (or .deleted). */
  private track(sub: SubscriptionObj, change: () => void, request?: RequestRef): void {
    const before = publicView(sub) as Json;
    change();
    if (sub.status === "canceled" && before.status !== "canceled") {
      this.webhooks.emit("customer.subscription.deleted", sub, { request });
      return;
    }
    const previous = changedFields(before, publicView(sub) as Json);
    if (Object.keys(previous).length > 0)
      this.webhooks.emit("customer.subscription.updated", sub, { previous, request });
    this.store.onChange();
  }

  /** The items after a change, and the proration lines it creates (simplified: unused time credited, the rest charged). */
  private planChange(
    sub: SubscriptionObj,
    changes: ItemChange[],
    behaviour: NonNullable<SubscriptionChanges["prorationBehavior"]>,
  ): {
    items: { item: ItemObj | null; price: PriceObj; quantity: number; deleted: boolean }[];
    lines: LineObj[];
    resetsCycle: boolean;
  } {
    const now = this.now();
    const next = sub.items.data.map((item) => ({
      item: item as ItemObj | null,
      price: item.price,
      quantity: item.quantity,
      deleted: false,
    }));
    changes.forEach((ch, i) => {
      if (ch.id) {
        const entry = next.find((n) => n.item?.id === ch.id);
        if (!entry)
          throw invalid(`Invalid subscription item: '${ch.id}' is not an item of ${sub.id}.`, `items[${i}][id]`);
        if (ch.price) entry.price = this.price(ch.price, `items[${i}][price]`);
        if (ch.quantity !== undefined) entry.quantity = ch.quantity;
        if (ch.deleted) entry.deleted = true;
      } else {
        if (!ch.price) throw missing(`items[${i}][price]`);
        const price = this.price(ch.price, `items[${i}][price]`);
        if (next.some((n) => !n.deleted && n.price.id === price.id))
          throw invalid(
            `Cannot add multiple subscription items with the same price: ${price.id}. To change an item's quantity, pass its id (items[${i}][id]).`,
            `items[${i}][price]`,
          );
        next.push({ item: null, price, quantity: ch.quantity ?? 1, deleted: false });
      }
    });
    const kept = next.filter((n) => !n.deleted);
    if (kept.length === 0) throw invalid("A subscription must have at least one active item.", "items");
    const interval = kept[0]!.price.recurring.interval;
    kept.forEach((n, i) => {
      if (!n.price.active) throw invalid("The price specified is inactive.", `items[${i}][price]`);
      if (n.price.recurring.interval !== interval || n.price.currency !== sub.currency)
        throw invalid(
          "All prices on a subscription must have the same currency and recurring interval.",
          `items[${i}][price]`,
        );
    });
    const resetsCycle = interval !== sub.items.data[0]!.price.recurring.interval;
    const lines: LineObj[] = [];
    const billable = sub.status === "active" || sub.status === "past_due";
    if (billable) {
      const start = this.periodStart(sub);
      const end = this.periodEnd(sub);
      const left = end > start ? Math.min(1, Math.max(0, (end - now) / (end - start))) : 0;
      const newEnd = resetsCycle ? addInterval(now, interval) : end;
      for (const n of next) {
        const old = n.item;
        const changed = !old || n.deleted || old.price.id !== n.price.id || old.quantity !== n.quantity || resetsCycle;
        if (!changed) continue;
        const product = this.store.products.get(n.price.product);
        const itemId = old?.id ?? "si_pending";
        if (old && behaviour !== "none")
          lines.push(
            buildLine({
              amount: -Math.round(amountFor(old.price, old.quantity) * left),
              currency: sub.currency,
              description: `Unused time on ${describeItem(old.price, old.quantity, this.store.products.get(old.price.product))}`,
              period: { start: now, end },
              quantity: old.quantity,
              price: old.price,
              subscription: sub.id,
              item: itemId,
              proration: true,
            }),
          );
        if (!n.deleted && (behaviour !== "none" || resetsCycle))
          lines.push(
            buildLine({
              amount: resetsCycle ? amountFor(n.price, n.quantity) : Math.round(amountFor(n.price, n.quantity) * left),
              currency: sub.currency,
              description: `${resetsCycle ? "" : "Remaining time on "}${describeItem(n.price, n.quantity, product)}`,
              period: { start: now, end: newEnd },
              quantity: n.quantity,
              price: n.price,
              subscription: sub.id,
              item: itemId,
              proration: !resetsCycle,
            }),
          );
      }
    }
    return { items: next, lines, resetsCycle: billable && resetsCycle };
  }

  private applyItems(
    sub: SubscriptionObj,
    items: { item: ItemObj | null; price: PriceObj; quantity: number; deleted: boolean }[],
  ) {
    const period = { start: this.periodStart(sub), end: this.periodEnd(sub) };
    const data: ItemObj[] = [];
    for (const n of items) {
      if (n.deleted) continue;
      if (n.item) {
        if (n.item.price.id !== n.price.id) setItemPrice(n.item, n.price);
        n.item.quantity = n.quantity;
        data.push(n.item);
      } else data.push(buildItem(sub.id, n.price, n.quantity, this.now(), period));
    }
    sub.items = { ...sub.items, data, total_count: data.length };
  }

  private setPeriod(sub: SubscriptionObj, start: number, end: number): void {
    for (const item of sub.items.data) {
      item.current_period_start = start;
      item.current_period_end = end;
    }
  }

  /** POST /v1/subscriptions/:id (and the portal's forms). */
  updateSubscription(id: string, ch: SubscriptionChanges, request?: RequestRef): SubscriptionObj {
    const sub = this.subscription(id);
    const structural = ch.items !== undefined || ch.trialEnd !== undefined || ch.cancelAtPeriodEnd !== undefined;
    if (sub.status === "canceled" && structural)
      throw new StripeApiError(
        400,
        "invalid_request_error",
        "A canceled subscription can only update its cancellation_details and metadata.",
      );
    const behaviour = ch.prorationBehavior ?? "create_prorations";
    const change = ch.items ? this.planChange(sub, ch.items, behaviour) : null;
    const invoiceNow =
      change !== null && change.lines.length > 0 && (behaviour === "always_invoice" || change.resetsCycle);
    if (invoiceNow && ch.paymentBehavior === "error_if_incomplete") {
      const total = change.lines.reduce((s, l) => s + l.amount, 0);
      const card = this.store.cards.get(sub.customer);
      if (total > 0 && card?.behaviour !== "good") throw cardDeclined();
    }
    this.track(
      sub,
      () => {
        if (ch.metadata) sub.metadata = mergeMetadata(sub.metadata, ch.metadata);
        if (ch.cancelAtPeriodEnd !== undefined) {
          sub.cancel_at_period_end = ch.cancelAtPeriodEnd;
          sub.cancel_at = ch.cancelAtPeriodEnd ? this.periodEnd(sub) : null;
          sub.canceled_at = ch.cancelAtPeriodEnd ? this.now() : null;
          sub.cancellation_details = {
            comment: null,
            feedback: null,
            reason: ch.cancelAtPeriodEnd ? "cancellation_requested" : null,
          };
        }
        if (change) {
          this.applyItems(sub, change.items);
          if (change.resetsCycle) {
            const interval = sub.items.data[0]!.price.recurring.interval;
            this.setPeriod(sub, this.now(), addInterval(this.now(), interval));
            sub.billing_cycle_anchor = this.now();
          }
          if (invoiceNow) {
            const lines = [...(this.store.pendingLines.get(sub.id) ?? []), ...change.lines];
            this.store.pendingLines.delete(sub.id);
            const invoice = this.createInvoice(
              sub,
              lines,
              "subscription_update",
              this.now(),
              this.periodEnd(sub),
              this.now(),
            );
            sub.latest_invoice = invoice.id;
            if (!this.charge(invoice, { first: false, emit: true })) sub.status = "past_due";
          } else if (change.lines.length > 0) {
            this.store.pendingLines.set(sub.id, [...(this.store.pendingLines.get(sub.id) ?? []), ...change.lines]);
          }
        }
        if (ch.trialEnd !== undefined && sub.status === "trialing") {
          const end = ch.trialEnd === "now" ? this.now() : ch.trialEnd;
          sub.trial_end = end;
          this.setPeriod(sub, this.periodStart(sub), end);
        }
        if (sub.cancel_at_period_end) sub.cancel_at = this.periodEnd(sub);
      },
      request,
    );
    this.processSubscription(sub);
    return sub;
  }

  /** DELETE /v1/subscriptions/:id: ends it now. */
  cancelSubscription(id: string, request?: RequestRef): SubscriptionObj {
    const sub = this.subscription(id);
    if (sub.status === "canceled") return sub;
    this.track(
      sub,
      () => {
        const now = this.now();
        Object.assign(sub, { status: "canceled", canceled_at: sub.canceled_at ?? now, ended_at: now, cancel_at: null });
        sub.cancellation_details = { comment: null, feedback: null, reason: "cancellation_requested" };
        this.store.pendingLines.delete(sub.id);
      },
      request,
    );
    return sub;
  }

  // ---- time -------------------------------------------------------------------------------------------

  private checkTrialWillEnd(sub: SubscriptionObj): void {
    if (sub.status !== "trialing" || sub.trial_end === null) return;
    if (sub.trial_end - 3 * DAY > this.now()) return;
    if (this.store.trialWillEndSent.get(sub.id) === sub.trial_end) return;
    this.store.trialWillEndSent.set(sub.id, sub.trial_end);
    this.webhooks.emit("customer.subscription.trial_will_end", sub);
  }

  /** Bills every period (and trial end) the clock has passed, or ends the subscription when it cancels at period end. */
  processSubscription(sub: SubscriptionObj): void {
    for (let i = 0; i < MAX_PERIODS_PER_TICK; i++) {
      if (sub.status === "canceled" || sub.status === "incomplete_expired" || sub.status === "paused") return;
      this.checkTrialWillEnd(sub);
      const end = sub.status === "trialing" && sub.trial_end !== null ? sub.trial_end : this.periodEnd(sub);
      if (end > this.now()) return;
      if (sub.cancel_at_period_end) {
        this.track(sub, () => {
          Object.assign(sub, { status: "canceled", ended_at: end, cancel_at: end });
          this.store.pendingLines.delete(sub.id);
        });
        return;
      }
      this.track(sub, () => this.renew(sub, end));
    }
  }

  private renew(sub: SubscriptionObj, start: number): void {
    const interval = sub.items.data[0]!.price.recurring.interval;
    const end = addInterval(start, interval);
    this.setPeriod(sub, start, end);
    const lines = [...(this.store.pendingLines.get(sub.id) ?? []), ...this.periodLines(sub, start, end)];
    this.store.pendingLines.delete(sub.id);
    const invoice = this.createInvoice(sub, lines, "subscription_cycle", start, end, start);
    sub.latest_invoice = invoice.id;
    sub.status = this.charge(invoice, { first: false, emit: true }) ? "active" : "past_due";
  }

  /** Runs every subscription up to the clock (called before each request and after the clock moves). */
  tick(): void {
    for (const sub of this.store.subscriptions.values()) this.processSubscription(sub);
  }

  /**
   * Moves time forward: for the whole stand-in (a clock offset), or for one subscription (its dates move back,
   * as if its own clock ran ahead), then bills whatever came due.
   */
  advance(seconds: number, subscriptionId?: string): void {
    if (!Number.isFinite(seconds) || seconds < 0) throw invalid("seconds must be a positive number", "seconds");
    if (subscriptionId) {
      const sub = this.subscription(subscriptionId, "subscription");
      const shift = (v: unknown) => (typeof v === "number" ? v - seconds : v);
      for (const k of [
        "created",
        "start_date",
        "billing_cycle_anchor",
        "trial_start",
        "trial_end",
        "cancel_at",
        "canceled_at",
      ] as const)
        (sub as Json)[k] = shift(sub[k]);
      for (const item of sub.items.data) {
        item.current_period_start -= seconds;
        item.current_period_end -= seconds;
      }
      // Its invoices move with it, so lists (newest first) and dates stay in step with the subscription.
      for (const inv of this.store.invoices.values())
        if (inv.parent?.subscription_details.subscription === sub.id) shiftInvoice(inv, seconds);
      for (const line of this.store.pendingLines.get(sub.id) ?? []) {
        line.period.start -= seconds;
        line.period.end -= seconds;
      }
      const sent = this.store.trialWillEndSent.get(sub.id);
      if (sent !== undefined) this.store.trialWillEndSent.set(sub.id, sent - seconds);
      this.processSubscription(sub);
    } else {
      this.clock.advance(seconds);
      this.store.clockOffsetSeconds = this.clock.offsetSeconds;
      this.tick();
    }
    this.store.onChange();
  }
}

function shiftInvoice(inv: InvoiceObj, seconds: number): void {
  const back = (v: unknown) => (typeof v === "number" ? v - seconds : v);
  inv.created -= seconds;
  inv.period_start -= seconds;
  inv.period_end -= seconds;
  inv.effective_at = back(inv.effective_at);
  inv.next_payment_attempt = back(inv.next_payment_attempt);
  const t = inv.status_transitions;
  inv.status_transitions = {
    finalized_at: back(t.finalized_at) as number | null,
    marked_uncollectible_at: back(t.marked_uncollectible_at) as number | null,
    paid_at: back(t.paid_at) as number | null,
    voided_at: back(t.voided_at) as number | null,
  };
  for (const line of inv.lines.data) {
    line.period.start -= seconds;
    line.period.end -= seconds;
  }
}

/** Stripe's metadata update: keys merge, an empty value removes the key. */
export function mergeMetadata(current: Record<string, string>, patch: Record<string, string>): Record<string, string> {
  const out = { ...current };
  for (const [k, v] of Object.entries(patch)) {
    if (v === "") delete out[k];
    else out[k] = v;
  }
  return out;
}
