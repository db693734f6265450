// Checkout: create a session with the SDK, pay on the hosted page like the browser form does, and receive the
// three webhooks with signatures the SDK's constructEvent accepts.
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY, type Harness, payCheckout, startReceiver, startStandin } from "./helpers";

let h: Harness;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const SECRET = "whsec_test_checkout_secret";

beforeAll(async () => {
  receiver = await startReceiver(SECRET);
  h = await startStandin({ webhookSecret: SECRET, webhookUrl: receiver.url });
});
afterAll(async () => {
  await h.close();
  await receiver.close();
});

async function growthPrice(): Promise<Stripe.Price> {
  const [price] = (await h.stripe.prices.list({ lookup_keys: ["growth_monthly"] })).data;
  return price!;
}

describe("Checkout", () => {
  it("pays on the hosted page: active subscription, paid invoice, three signed webhooks, redirect to success_url", async () => {
    const customer = await h.stripe.customers.create({ email: "owner@acme.test", name: "Acme" });
    const price = await growthPrice();
    const session = await h.stripe.checkout.sessions.create({
      mode: "subscription",
      customer: customer.id,
      line_items: [{ price: price.id, quantity: 3 }],
      success_url: "http://app.test/o/acme/billing?session={CHECKOUT_SESSION_ID}",
      cancel_url: "http://app.test/o/acme/billing?cancelled=1",
      client_reference_id: "org_acme",
      metadata: { orgId: "org_acme" },
      subscription_data: { metadata: { orgId: "org_acme" } },
      automatic_tax: { enabled: false },
    });
    expect(session.id).toMatch(/^cs_test_/);
    expect(session).toMatchObject({
      status: "open",
      payment_status: "unpaid",
      mode: "subscription",
      amount_total: 14700,
      currency: "usd",
    });
    expect(session.url).toBe(`${h.url}/checkout/${session.id}`);

    const page = await (await fetch(session.url!)).text();
    expect(page).toContain("$147.00");
    expect(page).toContain('data-testid="checkout-pay"');
    expect(page).toContain('href="http://app.test/o/acme/billing?cancelled=1"');

    const paid = await payCheckout(session.url!);
    expect(paid.status).toBe(303);
    expect(paid.headers.get("location")).toBe(`http://app.test/o/acme/billing?session=${session.id}`);

    const done = await h.stripe.checkout.sessions.retrieve(session.id, { expand: ["subscription"] });
    expect(done.status).toBe("complete");
    expect(done.payment_status).toBe("paid");
    const sub = done.subscription as Stripe.Subscription;
    expect(sub.id).toMatch(/^sub_/);
    expect(sub.status).toBe("active");
    expect(sub.customer).toBe(customer.id);
    expect(sub.metadata).toEqual({ orgId: "org_acme" });
    const item = sub.items.data[0]!;
    expect(item.id).toMatch(/^si_/);
    expect(item.quantity).toBe(3);
    expect(item.price.id).toBe(price.id);
    expect(item.current_period_end - item.current_period_start).toBeGreaterThanOrEqual(28 * DAY);

    const invoice = await h.stripe.invoices.retrieve(sub.latest_invoice as string);
    expect(invoice.id).toMatch(/^in_/);
    expect(invoice).toMatchObject({
      status: "paid",
      total: 14700,
      amount_paid: 14700,
      billing_reason: "subscription_create",
    });
    expect(invoice.parent?.subscription_details?.subscription).toBe(sub.id);
    expect(invoice.hosted_invoice_url).toBe(`${h.url}/invoice/${invoice.id}`);
    expect(await (await fetch(invoice.hosted_invoice_url!)).text()).toContain("$147.00");

    const types = receiver.received.map((r) => r.event.type);
    expect(types).toEqual(["checkout.session.completed", "customer.subscription.created", "invoice.paid"]);
    const [completed] = receiver.received;
    expect(completed!.event).toMatchObject({ object: "event", livemode: false, api_version: "2026-10-28.endive" });
    expect(completed!.event.id).toMatch(/^evt_/);
    expect((completed!.event.data.object as Stripe.Checkout.Session).client_reference_id).toBe("org_acme");
    // The stored event is the one delivered, and its delivery is recorded.
    const stored = await h.stripe.events.retrieve(completed!.event.id);
    expect(stored.type).toBe("checkout.session.completed");
    expect(h.standin.store.deliveries.get(completed!.event.id)?.[0]).toMatchObject({ status: 200, ok: true });
    expect((await h.stripe.events.list({ type: "invoice.paid" })).data.map((e) => e.id)).toContain(
      receiver.received[2]!.event.id,
    );
  });

  it("signs with the secret: constructEvent refuses the same payload with a wrong secret or a changed body", () => {
    const { raw, signature } = receiver.received[0]!;
    expect(Stripe.webhooks.constructEvent(raw, signature, SECRET).type).toBe("checkout.session.completed");
    expect(() => Stripe.webhooks.constructEvent(raw, signature, "whsec_wrong")).toThrow(/signature/i);
    expect(() => Stripe.webhooks.constructEvent(raw.replace("complete", "Complete"), signature, SECRET)).toThrow();
  });

  it("starts a trial: trialing subscription, a $0 paid invoice, next invoice at trial end", async () => {
    const price = await growthPrice();
    const trialEnd = Math.floor(Date.now() / 1000) + 14 * DAY;
    const session = await h.stripe.checkout.sessions.create({
      mode: "subscription",
      customer_email: "trial@acme.test",
      line_items: [{ price: price.id, quantity: 2 }],
      success_url: "http://app.test/ok",
      subscription_data: { trial_end: trialEnd },
    });
    expect(session.amount_total).toBe(0);
    expect(await (await fetch(session.url!)).text()).toContain("Free trial until");
    expect((await payCheckout(session.url!)).status).toBe(303);
    const done = await h.stripe.checkout.sessions.retrieve(session.id);
    expect(done.payment_status).toBe("no_payment_required");
    expect(done.customer).toMatch(/^cus_/);
    const sub = await h.stripe.subscriptions.retrieve(done.subscription as string);
    expect(sub).toMatchObject({ status: "trialing", trial_end: trialEnd });
    expect(sub.items.data[0]!.current_period_end).toBe(trialEnd);
    const invoice = await h.stripe.invoices.retrieve(sub.latest_invoice as string);
    expect(invoice).toMatchObject({ status: "paid", total: 0 });
    const next = await h.stripe.invoices.createPreview({ subscription: sub.id });
    expect(next.total).toBe(9800);
    expect(next.next_payment_attempt).toBe(trialEnd);
  });

  it("shows a declined card's error on the page and creates nothing", async () => {
    const price = await growthPrice();
    const session = await h.stripe.checkout.sessions.create({
      mode: "subscription",
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: "http://app.test/ok",
    });
    const res = await payCheckout(session.url!, "4000 0000 0000 0002");
    expect(res.status).toBe(402);
    expect(await res.text()).toContain("Your card was declined.");
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).status).toBe("open");
  });

  it("refuses a session without line items or with an unknown price, naming the parameter", async () => {
    const missing = await h.stripe.checkout.sessions
      .create({ mode: "subscription", success_url: "http://app.test/ok" })
      .catch((e: Stripe.errors.StripeError) => e);
    expect(missing).toMatchObject({ statusCode: 400, code: "parameter_missing", param: "line_items" });
    const unknown = await h.stripe.checkout.sessions
      .create({
        mode: "subscription",
        success_url: "http://app.test/ok",
        line_items: [{ price: "price_nope", quantity: 1 }],
      })
      .catch((e: Stripe.errors.StripeError) => e);
    expect(unknown).toMatchObject({ statusCode: 404, code: "resource_missing", param: "line_items[0][price]" });
  });

  it("renders the hosted pages for a phone: viewport meta, headings, labelled inputs", async () => {
    const price = await growthPrice();
    const session = await h.stripe.checkout.sessions.create({
      mode: "subscription",
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: "http://app.test/ok",
    });
    const html = await (await fetch(session.url!)).text();
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('<html lang="en">');
    expect(html).toMatch(/<h1>[^<]+<\/h1>/);
    expect(html).toContain('<label for="card_number">Card number</label>');
    expect(html).toContain('id="card_number"');
    // No fixed widths wider than a 390 px screen.
    expect(html).not.toMatch(/width:\s*(39[1-9]|[4-9]\d\d|\d{4,})px/);
  });
});
