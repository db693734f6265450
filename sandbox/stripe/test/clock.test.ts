// Time and delivery controls: renewals paid or failed (past_due), trial_will_end and trial end, a good card
// settling what is owed, collected events delivered by hand in any order, and the admin API over HTTP.
import type Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DAY, type Harness, payCheckout, startReceiver, startStandin } from "./helpers";

let h: Harness;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const SECRET = "whsec_test_clock";

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

async function subscribe(opts: { card?: string; trialDays?: number; quantity?: number } = {}) {
  const customer = await h.stripe.customers.create({ email: `clock-${Math.random()}@acme.test` });
  const [price] = (await h.stripe.prices.list({ lookup_keys: ["growth_monthly"] })).data;
  const session = await h.stripe.checkout.sessions.create({
    mode: "subscription",
    customer: customer.id,
    line_items: [{ price: price!.id, quantity: opts.quantity ?? 1 }],
    success_url: "http://app.test/ok",
    ...(opts.trialDays ? { subscription_data: { trial_period_days: opts.trialDays } } : {}),
  });
  await payCheckout(session.url!, opts.card);
  const { subscription } = await h.stripe.checkout.sessions.retrieve(session.id);
  await h.standin.idle();
  receiver.received.length = 0;
  return { customer, sub: await h.stripe.subscriptions.retrieve(subscription as string) };
}

const periodEnd = (s: Stripe.Subscription) => s.items.data[0]!.current_period_end;

describe("the clock", () => {
  it("renews at period end: a new paid invoice, invoice.paid, the period moves on", async () => {
    const { sub } = await subscribe({ quantity: 6 });
    const end = periodEnd(sub);
    // Advancing one subscription moves its dates back by the same amount.
    const shift = end - h.standin.clock.now() + 3600;
    const events = await h.standin.advance({ seconds: shift, subscription: sub.id });
    expect(events.map((e) => e.type)).toEqual(["invoice.paid", "customer.subscription.updated"]);
    const renewed = await h.stripe.subscriptions.retrieve(sub.id);
    expect(renewed.status).toBe("active");
    expect(renewed.items.data[0]!.current_period_start).toBe(end - shift);
    expect(periodEnd(renewed)).toBeGreaterThan(h.standin.clock.now() + 27 * DAY);
    const invoice = await h.stripe.invoices.retrieve(renewed.latest_invoice as string);
    expect(invoice).toMatchObject({ status: "paid", billing_reason: "subscription_cycle", total: 6 * 3900 });
    expect(receiver.received.map((r) => r.event.type)).toEqual(["invoice.paid", "customer.subscription.updated"]);
    // The renewal lists first: the subscription's earlier invoices moved back with it.
    const listed = await h.stripe.invoices.list({ subscription: sub.id });
    expect(listed.data.map((i) => i.billing_reason)).toEqual(["subscription_cycle", "subscription_create"]);
    expect(listed.data[1]!.created).toBeLessThan(listed.data[0]!.created);
  });

  it("a renewal on a failing card sends invoice.payment_failed and leaves the subscription past_due; a good card pays it", async () => {
    const { customer, sub } = await subscribe({ card: "4000 0000 0000 0341" });
    expect(sub.status).toBe("active");
    await h.standin.advance({ seconds: periodEnd(sub) - h.standin.clock.now() + 60, subscription: sub.id });
    const types = receiver.received.map((r) => r.event.type);
    expect(types).toEqual(["invoice.payment_failed", "customer.subscription.updated"]);
    const updated = receiver.received[1]!.event.data as {
      object: Stripe.Subscription;
      previous_attributes?: Partial<Stripe.Subscription>;
    };
    expect(updated.object.status).toBe("past_due");
    expect(updated.previous_attributes?.status).toBe("active");
    const pastDue = await h.stripe.subscriptions.retrieve(sub.id);
    expect(pastDue.status).toBe("past_due");
    const open = await h.stripe.invoices.retrieve(pastDue.latest_invoice as string);
    expect(open).toMatchObject({ status: "open", attempt_count: 1, amount_remaining: 4900 });

    receiver.received.length = 0;
    await h.standin.setCard(customer.id, "good");
    expect(receiver.received.map((r) => r.event.type)).toEqual(["invoice.paid", "customer.subscription.updated"]);
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe("active");
    expect((await h.stripe.invoices.retrieve(open.id)).status).toBe("paid");
  });

  it("sends trial_will_end three days before the trial ends, then bills at trial end", async () => {
    const { sub } = await subscribe({ trialDays: 14, quantity: 2 });
    expect(sub.status).toBe("trialing");
    const trialEnd = sub.trial_end!;
    expect(await h.standin.advance({ days: 10, subscription: sub.id })).toEqual([]);
    const warned = await h.standin.advance({ days: 1.5, subscription: sub.id });
    expect(warned.map((e) => e.type)).toEqual(["customer.subscription.trial_will_end"]);
    expect(await h.standin.advance({ days: 1, subscription: sub.id })).toEqual([]);
    const billed = await h.standin.advance({ days: 1.5, subscription: sub.id });
    expect(billed.map((e) => e.type)).toEqual(["invoice.paid", "customer.subscription.updated"]);
    const active = await h.stripe.subscriptions.retrieve(sub.id);
    expect(active.status).toBe("active");
    expect(active.trial_end).toBe(trialEnd - 14 * DAY);
    expect((await h.stripe.invoices.retrieve(active.latest_invoice as string)).total).toBe(9800);
  });

  it("moves the whole stand-in's clock: every subscription due renews", async () => {
    const a = await subscribe();
    const b = await subscribe();
    const before = h.standin.clock.now();
    const events = await h.standin.advance({ days: 32 });
    expect(h.standin.clock.now()).toBeGreaterThanOrEqual(before + 32 * DAY);
    const renewed = events
      .filter((e) => e.type === "invoice.paid")
      .map(
        (e) =>
          (e.data.object as { parent: { subscription_details: { subscription: string } } }).parent.subscription_details
            .subscription,
      );
    expect(renewed).toEqual(expect.arrayContaining([a.sub.id, b.sub.id]));
    const later = await h.stripe.subscriptions.retrieve(a.sub.id);
    expect(periodEnd(later)).toBeGreaterThan(h.standin.clock.now());
  });
});

describe("webhook delivery controls", () => {
  it("collects events while paused and delivers chosen ones in a chosen order, again if asked", async () => {
    h.standin.pauseWebhooks();
    try {
      const { sub } = await subscribe();
      expect(receiver.received).toEqual([]);
      const [completed, created, paid] = [
        "checkout.session.completed",
        "customer.subscription.created",
        "invoice.paid",
      ].map((t) => h.standin.events({ type: t }).find((e) => JSON.stringify(e.data.object).includes(sub.id))!);
      const results = await h.standin.deliver([paid!.id, created!.id, completed!.id]);
      expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
      expect(receiver.received.map((r) => r.event.id)).toEqual([paid!.id, created!.id, completed!.id]);
      await h.standin.deliver([paid!.id]);
      expect(receiver.received.map((r) => r.event.id)).toEqual([paid!.id, created!.id, completed!.id, paid!.id]);
      expect(h.standin.store.deliveries.get(paid!.id)).toHaveLength(2);
    } finally {
      await h.standin.resumeWebhooks();
    }
  });

  it("sends each action's events reversed (or shuffled) when configured, for out-of-order tests", async () => {
    const [price] = (await h.stripe.prices.list({ lookup_keys: ["starter_monthly"] })).data;
    const session = await h.stripe.checkout.sessions.create({
      mode: "subscription",
      line_items: [{ price: price!.id, quantity: 1 }],
      success_url: "http://app.test/ok",
    });
    h.standin.configure({ order: "reversed" });
    try {
      await payCheckout(session.url!);
    } finally {
      h.standin.configure({ order: "created" });
    }
    expect(receiver.received.map((r) => r.event.type)).toEqual([
      "invoice.paid",
      "customer.subscription.created",
      "checkout.session.completed",
    ]);
  });

  it("records a failed delivery (endpoint refused) with its status", async () => {
    const [event] = h.standin.events().slice(-1);
    const results = await h.standin.deliver([event!.id], { to: `${h.url}/nowhere` });
    expect(results[0]).toMatchObject({ ok: false, status: 404 });
  });
});

describe("the admin API", () => {
  it("needs the admin key", async () => {
    const res = await fetch(`${h.url}/_standin/events`);
    expect(res.status).toBe(401);
  });

  it("advances the clock, flips a card, lists and re-delivers events over HTTP", async () => {
    const { customer, sub } = await subscribe();
    expect((await h.admin("POST", `/customers/${customer.id}/card`, { card: "failing" })).status).toBe(200);
    const advanced = await h.admin("POST", "/clock/advance", {
      seconds: periodEnd(sub) - h.standin.clock.now() + 60,
      subscription: sub.id,
    });
    expect(advanced.status).toBe(200);
    const body = (await advanced.json()) as { events: { id: string; type: string }[] };
    expect(body.events.map((e) => e.type)).toEqual(["invoice.payment_failed", "customer.subscription.updated"]);
    const listed = (await (await h.admin("GET", "/events?type=invoice.payment_failed")).json()) as { id: string }[];
    expect(listed.map((e) => e.id)).toContain(body.events[0]!.id);
    receiver.received.length = 0;
    const again = await h.admin("POST", `/events/${body.events[0]!.id}/deliver`, {});
    expect(again.status).toBe(200);
    expect(receiver.received.map((r) => r.event.id)).toEqual([body.events[0]!.id]);
    const ordered = await h.admin("POST", "/events/deliver", { ids: [body.events[1]!.id, body.events[0]!.id] });
    expect(((await ordered.json()) as { id: string }[]).map((r) => r.id)).toEqual([
      body.events[1]!.id,
      body.events[0]!.id,
    ]);
    expect((await h.admin("POST", "/clock/advance", { seconds: -5 })).status).toBe(400);
    expect((await h.admin("POST", "/clock/advance", {})).status).toBe(400);
    expect((await h.admin("POST", "/events/deliver", { ids: ["evt_nope"] })).status).toBe(400);
  });
});

describe("finding a subscription by its metadata and running it to period end (for journeys)", () => {
  it("lists subscriptions with metadata and advances one past its period end", async () => {
    const customer = await h.stripe.customers.create({ email: "journey@acme.test" });
    const [price] = (await h.stripe.prices.list({ lookup_keys: ["growth_monthly"] })).data;
    const session = await h.stripe.checkout.sessions.create({
      mode: "subscription",
      customer: customer.id,
      line_items: [{ price: price!.id, quantity: 1 }],
      success_url: "http://app.test/ok",
      subscription_data: { metadata: { orgId: "org_journey" } },
    });
    await payCheckout(session.url!);
    const subs = (await (await h.admin("GET", "/subscriptions")).json()) as {
      id: string;
      metadata: Record<string, string>;
      currentPeriodEnd: number;
    }[];
    const mine = subs.find((s) => s.metadata.orgId === "org_journey")!;
    expect(mine.id).toMatch(/^sub_/);
    await h.stripe.subscriptions.update(mine.id, { cancel_at_period_end: true });
    const res = await h.admin("POST", "/clock/advance", { subscription: mine.id, toPeriodEnd: true });
    const body = (await res.json()) as { events: { type: string }[] };
    expect(body.events.map((e) => e.type)).toEqual(["customer.subscription.deleted"]);
    expect((await h.stripe.subscriptions.retrieve(mine.id)).status).toBe("canceled");
  });
});
