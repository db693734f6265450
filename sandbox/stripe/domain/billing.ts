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
  Json,
  LineObj,
  PortalSessionObj,
  PriceObj,
  SubscriptionObj,
} from "../store/types";
import { publicView, STANDIN_URL, type Webhooks } from "../webhooks";
import { cardBehaviour } from "./cards";
import { createCheckoutSession, payCheckout } from "./checkout";
import type { CheckoutInput } from "./checkout-session";
import { buildCustomer, buildInvoice, buildLine, describeItem, mergeMetadata } from "./objects";
import { addInterval, amountFor, DAY } from "./pricing";
import {
  applyItems,
  type ChangeContext,
  type ItemChange,
  periodEnd,
  periodStart,
  planChange,
  type ProrationBehavior,
} from "./proration";
import { shiftSubscription } from "./time-shift";

export type { CheckoutInput, ItemChange };

export interface RequestRef {
  id: string | null;
  key: string | null;
}

export interface SubscriptionChanges {
  items?: ItemChange[];
  prorationBehavior?: ProrationBehavior;
  paymentBehavior?: "allow_incomplete" | "error_if_incomplete" | "pending_if_incomplete" | "default_incomplete";
  cancelAtPeriodEnd?: boolean;
  metadata?: Record<string, string>;
  trialEnd?: number | "now";
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
    readonly store: Store,
    private readonly clock: Clock,
    readonly webhooks: Webhooks,
    readonly baseUrl: () => string,
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

  // ---- Checkout (domain/checkout.ts) ---------------------------------------------------------------------

  createCheckoutSession(p: CheckoutInput): CheckoutSessionObj {
    return createCheckoutSession(this, p);
  }

  /** Where Checkout sends the payer afterwards: success_url with {CHECKOUT_SESSION_ID} filled in. */
  successUrl(s: CheckoutSessionObj): string {
    return (s.success_url ?? this.baseUrl()).replaceAll("{CHECKOUT_SESSION_ID}", s.id);
  }

  payCheckout(id: string, cardNumber: string): { ok: true; redirect: string } | { ok: false; error: string } {
    return payCheckout(this, id, cardNumber);
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
      url: `${STANDIN_URL}/portal/${id}`,
    };
    this.store.portalSessions.set(id, session);
    this.store.onChange();
    return session;
  }

  // ---- invoices -----------------------------------------------------------------------------------------

  /** A finalized (open) invoice with the next number of the customer's sequence. */
  createInvoice(
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
      hostedUrl: `${STANDIN_URL}/invoice/${id}`,
      status: "open",
    });
    this.store.invoices.set(invoice.id, invoice);
    return invoice;
  }

  /** Charges the customer's card: true when paid. The first charge of a 0341 card succeeds, later ones fail. */
  charge(invoice: InvoiceObj, o: { first: boolean; emit: boolean }): boolean {
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
      const change = planChange(this.changeContext(), draft, p.items, p.prorationBehavior ?? "create_prorations");
      pending.push(...change.lines);
      applyItems(draft, change.items, this.now());
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
    return periodStart(sub);
  }

  periodEnd(sub: SubscriptionObj): number {
    return periodEnd(sub);
  }

  private changeContext(): ChangeContext {
    return {
      now: this.now(),
      price: (id, param) => this.price(id, param),
      product: (id) => this.store.products.get(id),
    };
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
    const change = ch.items ? planChange(this.changeContext(), sub, ch.items, behaviour) : null;
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
          applyItems(sub, change.items, this.now());
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

  checkTrialWillEnd(sub: SubscriptionObj): void {
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
      shiftSubscription(this.store, sub, seconds);
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
