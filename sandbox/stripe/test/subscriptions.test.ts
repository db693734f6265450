// After Checkout: the portal's actions, subscription updates with idempotency keys, cancellation, and the
// next-invoice preview with its proration line.
import type Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Harness, payCheckout, portalAction, startReceiver, startStandin } from "./helpers";

let h: Harness;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const SECRET = "whsec_test_subscriptions";

beforeAll(async () => {
  receiver = await startReceiver(SECRET);
  h = await startStandin({ webhookSecret: SECRET, webhookUrl: receiver.url });
});
afterAll(async () => {
  await h.close();
  await receiver.close();
});
beforeEach(() => {
  receiver.received.length = 0;
});

async function subscribe(lookupKey = "growth_monthly", quantity = 2, trialDays?: number) {
  const customer = await h.stripe.customers.create({ email: `${lookupKey}-${Math.random()}@acme.test` });
  const [price] = (await h.stripe.prices.list({ lookup_keys: [lookupKey] })).data;
  const session = await h.stripe.checkout.sessions.create({
    mode: "subscription",
    customer: customer.id,
    line_items: [{ price: price!.id, quantity }],
    success_url: "http://app.test/ok",
    ...(trialDays ? { subscription_data: { trial_period_days: trialDays } } : {}),
  });
  await payCheckout(session.url!);
  const { subscription } = await h.stripe.checkout.sessions.retrieve(session.id);
  await h.standin.idle();
  receiver.received.length = 0;
  return {
    customer,
    sub: await h.stripe.subscriptions.retrieve(subscription as string, { expand: ["items.data.price.product"] }),
  };
}

describe("the customer portal", () => {
  it("shows the subscription and invoices, and its quantity change and cancel send updated, then deleted at period end", async () => {
    const { customer, sub } = await subscribe("growth_monthly", 2);
    expect((sub.items.data[0]!.price.product as Stripe.Product).name).toBe("Ledgerlink Growth");
    const portal = await h.stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: "http://app.test/o/acme/billing",
    });
    expect(portal.id).toMatch(/^bps_/);
    expect(portal.url).toBe(`${h.url}/portal/${portal.id}`);
    const html = await (await fetch(portal.url)).text();
    expect(html).toContain('data-testid="portal-quantity-value">2<');
    expect(html).toContain('data-testid="portal-status">active<');
    expect(html).toContain("Renews on");
    expect(html).toContain('data-testid="portal-invoices"');
    expect(html).toContain('<label for="quantity">Integration pairs</label>');
    expect(html).toContain('href="http://app.test/o/acme/billing"');

    const changed = await portalAction(portal.url, { action: "quantity", quantity: "4" });
    expect(changed.status).toBe(303);
    expect(changed.headers.get("location")).toBe(`/portal/${portal.id}?done=quantity`);
    expect((await h.stripe.subscriptions.retrieve(sub.id)).items.data[0]!.quantity).toBe(4);
    const updated = receiver.received.map((r) => r.event);
    expect(updated.map((e) => e.type)).toEqual(["customer.subscription.updated"]);
    expect(
      (updated[0]!.data as { previous_attributes?: { items?: { data: { quantity: number }[] } } }).previous_attributes
        ?.items?.data[0]?.quantity,
    ).toBe(2);

    // The quantity change waits on the next invoice as proration lines.
    const preview = await h.stripe.invoices.createPreview({ customer: customer.id, subscription: sub.id });
    const prorations = preview.lines.data.filter((l) => l.parent?.subscription_item_details?.proration);
    expect(prorations.length).toBe(2);
    expect(prorations.some((l) => l.amount < 0)).toBe(true);
    expect(
      preview.lines.data.some((l) => !l.parent?.subscription_item_details?.proration && l.amount === 4 * 4900),
    ).toBe(true);

    receiver.received.length = 0;
    expect((await portalAction(portal.url, { action: "cancel" })).status).toBe(303);
    const cancelling = await h.stripe.subscriptions.retrieve(sub.id);
    expect(cancelling.cancel_at_period_end).toBe(true);
    expect(cancelling.status).toBe("active");
    expect(receiver.received.map((r) => r.event.type)).toEqual(["customer.subscription.updated"]);
    expect(await (await fetch(portal.url)).text()).toContain("Cancels on");

    receiver.received.length = 0;
    const events = await h.standin.advance({
      seconds: cancelling.items.data[0]!.current_period_end - h.standin.clock.now() + 60,
      subscription: sub.id,
    });
    expect(events.map((e) => e.type)).toEqual(["customer.subscription.deleted"]);
    expect(receiver.received.map((r) => r.event.type)).toEqual(["customer.subscription.deleted"]);
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe("canceled");
  });

  it("undoes a cancellation, switches plan and interval, and replaces the card", async () => {
    const { customer, sub } = await subscribe("starter_monthly", 1);
    const portal = await h.stripe.billingPortal.sessions.create({ customer: customer.id });
    await portalAction(portal.url, { action: "cancel" });
    await portalAction(portal.url, { action: "renew" });
    expect((await h.stripe.subscriptions.retrieve(sub.id)).cancel_at_period_end).toBe(false);

    const [yearly] = (await h.stripe.prices.list({ lookup_keys: ["growth_yearly"] })).data;
    receiver.received.length = 0;
    expect((await portalAction(portal.url, { action: "plan", price: yearly!.id })).status).toBe(303);
    const switched = await h.stripe.subscriptions.retrieve(sub.id);
    expect(switched.items.data[0]!.price.lookup_key).toBe("growth_yearly");
    // A new interval restarts the billing period and invoices at once.
    const invoice = await h.stripe.invoices.retrieve(switched.latest_invoice as string);
    expect(invoice.billing_reason).toBe("subscription_update");
    expect(invoice.status).toBe("paid");
    expect(receiver.received.map((r) => r.event.type)).toEqual(["invoice.paid", "customer.subscription.updated"]);

    expect((await portalAction(portal.url, { action: "card", card_number: "4000 0000 0000 0341" })).status).toBe(303);
    expect(await (await fetch(portal.url)).text()).toContain("Visa ending 0341");
    const declined = await portalAction(portal.url, { action: "card", card_number: "4000 0000 0000 0002" });
    expect(declined.status).toBe(402);
    expect(await declined.text()).toContain("Your card was declined.");
  });
});

describe("subscriptions through the API", () => {
  it("updates the quantity with an idempotency key: a replay returns the same response and changes nothing", async () => {
    const { sub } = await subscribe("growth_monthly", 2);
    const item = sub.items.data[0]!;
    const params = { items: [{ id: item.id, quantity: 3 }], proration_behavior: "create_prorations" as const };
    const first = await h.stripe.subscriptions.update(sub.id, params, { idempotencyKey: `qty-${sub.id}-3` });
    const replay = await h.stripe.subscriptions.update(sub.id, params, { idempotencyKey: `qty-${sub.id}-3` });
    expect(replay).toEqual(first);
    expect(replay.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(first.items.data[0]!.quantity).toBe(3);
    await h.standin.idle();
    expect(receiver.received.filter((r) => r.event.type === "customer.subscription.updated")).toHaveLength(1);

    const clash = await h.stripe.subscriptions
      .update(sub.id, { items: [{ id: item.id, quantity: 5 }] }, { idempotencyKey: `qty-${sub.id}-3` })
      .catch((e: Stripe.errors.StripeError) => e);
    expect(clash).toMatchObject({ type: "StripeIdempotencyError", statusCode: 400 });
    expect((await h.stripe.subscriptions.retrieve(sub.id)).items.data[0]!.quantity).toBe(3);
  });

  it("lists by customer and status, retrieves with expanded prices, refuses adding a second item of the same price", async () => {
    const { customer, sub } = await subscribe("practice_monthly", 5);
    const list = await h.stripe.subscriptions.list({
      customer: customer.id,
      status: "active",
      expand: ["data.items.data.price"],
    });
    expect(list.data.map((s) => s.id)).toEqual([sub.id]);
    expect((await h.stripe.subscriptions.list({ customer: customer.id, status: "canceled" })).data).toEqual([]);
    const err = await h.stripe.subscriptions
      .update(sub.id, { items: [{ price: sub.items.data[0]!.price.id, quantity: 6 }] })
      .catch((e: Stripe.errors.StripeError) => e);
    expect(err).toMatchObject({ statusCode: 400, param: "items[0][price]" });
  });

  it("cancels now with DELETE and sends customer.subscription.deleted; invoices list by subscription", async () => {
    const { sub } = await subscribe("starter_yearly", 1);
    const invoices = await h.stripe.invoices.list({ subscription: sub.id, limit: 5 });
    expect(invoices.data).toHaveLength(1);
    expect(invoices.data[0]!.total).toBe(29000);
    const canceled = await h.stripe.subscriptions.cancel(sub.id);
    expect(canceled.status).toBe("canceled");
    await h.standin.idle();
    expect(receiver.received.map((r) => r.event.type)).toEqual(["customer.subscription.deleted"]);
    const frozen = await h.stripe.subscriptions
      .update(sub.id, { cancel_at_period_end: false })
      .catch((e: Stripe.errors.StripeError) => e);
    expect(frozen).toMatchObject({ statusCode: 400, type: "StripeInvalidRequestError" });
    expect((await h.stripe.subscriptions.update(sub.id, { metadata: { note: "kept" } })).metadata.note).toBe("kept");
    const none = await h.stripe.invoices
      .createPreview({ subscription: sub.id })
      .catch((e: Stripe.errors.StripeError) => e);
    expect(none).toMatchObject({ statusCode: 400, code: "invoice_upcoming_none" });
  });

  it("fails an always_invoice upgrade on a failing card with 402 when asked to error if incomplete", async () => {
    const { customer, sub } = await subscribe("growth_monthly", 1);
    await h.standin.setCard(customer.id, "failing");
    const item = sub.items.data[0]!;
    const err = await h.stripe.subscriptions
      .update(sub.id, {
        items: [{ id: item.id, quantity: 2 }],
        proration_behavior: "always_invoice",
        payment_behavior: "error_if_incomplete",
      })
      .catch((e: Stripe.errors.StripeError) => e);
    expect(err).toMatchObject({ type: "StripeCardError", statusCode: 402, code: "card_declined" });
    expect((await h.stripe.subscriptions.retrieve(sub.id)).items.data[0]!.quantity).toBe(1);
  });
});
