// The wiring: scripts/lib/stripe-standin.ts (npm start, the e2e server) and tests/stripe-standin.ts (vitest files).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStripeStandin } from "@/scripts/lib/stripe-standin";
import { startTestStripeStandin } from "@/tests/stripe-standin";
import { startReceiver } from "./helpers";

const dir = mkdtempSync(join(tmpdir(), "stripe-standin-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The SDK as the app builds it from its environment. */
function appClient(env: Record<string, string>): Stripe {
  const u = new URL(env.STRIPE_API_URL!);
  return new Stripe(env.STRIPE_SECRET_KEY!, { host: u.hostname, port: u.port, protocol: "http" });
}

describe("startStripeStandin (local runs)", () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    // The webhook secret is only known once the stand-in starts: verify after the fact.
    receiver = await startReceiver("whsec_unknown_yet");
  });
  afterAll(() => receiver.close());

  it("gives the app its env, POSTs webhooks to <appUrl>/api/webhooks/stripe, and keeps state and secret in the data dir", async () => {
    const appUrl = new URL(receiver.url).origin;
    const first = await startStripeStandin({ appUrl, dataDir: dir, preferredPort: 0 });
    expect(first.env.STRIPE_SECRET_KEY).toMatch(/^sk_test_standin/);
    expect(first.env.STRIPE_WEBHOOK_SECRET).toMatch(/^whsec_/);
    expect(first.env.STRIPE_API_URL).toBe(first.url);
    expect(first.banner.join("\n")).toContain(first.url);
    const stripe = appClient(first.env);
    const customer = await stripe.customers.create({ email: "local@acme.test" });
    const [price] = (await stripe.prices.list({ lookup_keys: ["starter_monthly"] })).data;
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      customer: customer.id,
      line_items: [{ price: price!.id, quantity: 1 }],
      success_url: `${appUrl}/ok`,
    });
    const paid = await fetch(`${session.url}/pay`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "card_number=4242424242424242",
      redirect: "manual",
    });
    expect(paid.status).toBe(303);
    await first.stop();
    await first.stop();

    const second = await startStripeStandin({
      appUrl,
      dataDir: dir,
      preferredPort: Number(new URL(first.url).port) + 1,
    });
    try {
      expect(second.env.STRIPE_WEBHOOK_SECRET).toBe(first.env.STRIPE_WEBHOOK_SECRET);
      const again = appClient(second.env);
      expect((await again.customers.retrieve(customer.id)).id).toBe(customer.id);
      expect((await again.subscriptions.list({ customer: customer.id })).data).toHaveLength(1);
      // Links name the stand-in where it listens now, not where it listened when they were made.
      expect(second.url).not.toBe(first.url);
      const [invoice] = (await again.invoices.list({ customer: customer.id })).data;
      expect(invoice!.hosted_invoice_url).toBe(`${second.url}/invoice/${invoice!.id}`);
      expect((await again.checkout.sessions.retrieve(session.id)).url).toBe(`${second.url}/checkout/${session.id}`);
    } finally {
      await second.stop();
    }
    // The receiver could not verify (it had no secret): it answered 400, and the stand-in recorded that.
    const state = readFileSync(join(dir, "stripe-standin.json"), "utf8");
    expect(state).toContain("/api/webhooks/stripe");
    expect(state).toContain('"status":400');
  });
});

describe("startTestStripeStandin (vitest helper)", () => {
  it("collects events, signs a Request for a route handler, delivers to a URL, and sets the env", async () => {
    const standin = await startTestStripeStandin();
    const receiver = await startReceiver(standin.env.STRIPE_WEBHOOK_SECRET);
    try {
      const customer = await standin.stripe.customers.create({ email: "helper@acme.test" });
      const [price] = (await standin.stripe.prices.list({ lookup_keys: ["practice_monthly"] })).data;
      const session = await standin.stripe.checkout.sessions.create({
        mode: "subscription",
        customer: customer.id,
        line_items: [{ price: price!.id, quantity: 5 }],
        success_url: "http://app.test/ok?cs={CHECKOUT_SESSION_ID}",
      });
      expect(await standin.pay(session.id)).toEqual({ status: 303, location: `http://app.test/ok?cs=${session.id}` });
      const types = standin.events().map((e) => e.type);
      expect(types).toEqual(["checkout.session.completed", "customer.subscription.created", "invoice.paid"]);

      const request = standin.webhookRequest(standin.events()[0]!.id);
      const event = Stripe.webhooks.constructEvent(
        await request.text(),
        request.headers.get("stripe-signature")!,
        standin.env.STRIPE_WEBHOOK_SECRET,
      );
      expect(event.type).toBe("checkout.session.completed");

      const ids = standin
        .events()
        .map((e) => e.id)
        .reverse();
      await standin.deliver(ids, { to: receiver.url });
      expect(receiver.received.map((r) => r.event.id)).toEqual(ids);

      const portal = await standin.stripe.billingPortal.sessions.create({ customer: customer.id });
      expect((await standin.portal(portal.url, "quantity", { quantity: "7" })).status).toBe(303);
      expect(standin.events({ type: "customer.subscription.updated" })).toHaveLength(1);

      const restore = standin.applyEnv();
      expect(process.env.STRIPE_API_URL).toBe(standin.url);
      restore();
      expect(process.env.STRIPE_API_URL).not.toBe(standin.url);
    } finally {
      await receiver.close();
      await standin.stop();
    }
  });
});
