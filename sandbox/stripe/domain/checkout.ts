// Checkout: a session for a subscription, and the hosted page's Pay — the card saved, the subscription and its first
// invoice created, the session completed, then checkout.session.completed, customer.subscription.created and
// invoice.paid, in that order.
import { invalid, missing } from "../errors";
import { randomToken } from "../ids";
import { STANDIN_URL } from "../webhooks";
import type { CheckoutSessionObj } from "../store/types";
import type { Billing } from "./billing";
import { cardBehaviour } from "./cards";
import { buildCheckoutSession, type CheckoutInput } from "./checkout-session";
import { buildLine, buildSubscription, describeItem } from "./objects";
import { addInterval, amountFor, DAY } from "./pricing";

export function createCheckoutSession(b: Billing, p: CheckoutInput): CheckoutSessionObj {
  if (p.customer) b.customer(p.customer);
  if (p.lines.length === 0) throw missing("line_items");
  const prices = p.lines.map((l, i) => b.price(l.price, `line_items[${i}][price]`));
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
  if (p.trialEnd !== null && p.trialEnd < b.now() + 2 * DAY)
    throw invalid("The `trial_end` date has to be at least 2 days in the future.", "subscription_data[trial_end]");
  const amount = p.lines.reduce((sum, l, i) => sum + amountFor(prices[i]!, l.quantity), 0);
  const trial = p.trialEnd !== null || (p.trialPeriodDays ?? 0) > 0;
  const id = `cs_test_${randomToken(58)}`;
  const now = b.now();
  const session = buildCheckoutSession(now, {
    id,
    input: p,
    amount: trial ? 0 : amount,
    currency,
    url: `${STANDIN_URL}/checkout/${id}`,
  });
  b.store.checkoutSessions.set(id, session);
  b.store.sessionPlans.set(id, {
    lines: p.lines,
    subscriptionMetadata: p.subscriptionMetadata,
    trialEnd: p.trialEnd,
    trialPeriodDays: p.trialPeriodDays,
    automaticTax: p.automaticTax,
  });
  b.store.onChange();
  return session;
}

/**
 * The hosted page's Pay button: the card is saved, the subscription and its first (paid) invoice are created,
 * the session completes, then checkout.session.completed, customer.subscription.created, invoice.paid.
 */
export function payCheckout(
  b: Billing,
  id: string,
  cardNumber: string,
): { ok: true; redirect: string } | { ok: false; error: string } {
  const s = b.checkoutSession(id);
  if (s.status === "complete") return { ok: true, redirect: b.successUrl(s) };
  if (s.status === "expired") return { ok: false, error: "This Checkout session has expired." };
  const behaviour = cardBehaviour(cardNumber);
  if (!behaviour) return { ok: false, error: "Your card number is incomplete." };
  if (behaviour === "decline") return { ok: false, error: "Your card was declined." };
  const plan = b.store.sessionPlans.get(id);
  if (!plan) return { ok: false, error: "This Checkout session cannot be paid." };
  const now = b.now();
  const customer = s.customer ? b.customer(s.customer) : b.createCustomer({ email: s.customer_email });
  const card = b.attachCard(customer.id, behaviour, cardNumber.replace(/\D/g, "").slice(-4));
  const lines = plan.lines.map((l) => ({ price: b.price(l.price), quantity: l.quantity }));
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
  b.store.subscriptions.set(sub.id, sub);
  const period = { start: now, end: trialEnd ?? addInterval(now, interval) };
  const invoiceLines = sub.items.data.map((item) => {
    const product = b.store.products.get(item.price.product);
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
  const invoice = b.createInvoice(sub, invoiceLines, "subscription_create", period.start, period.end, now);
  b.charge(invoice, { first: true, emit: false });
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
  b.webhooks.emit("checkout.session.completed", s);
  b.webhooks.emit("customer.subscription.created", sub);
  b.webhooks.emit(invoice.status === "paid" ? "invoice.paid" : "invoice.payment_failed", invoice);
  b.checkTrialWillEnd(sub);
  b.store.onChange();
  return { ok: true, redirect: b.successUrl(s) };
}
