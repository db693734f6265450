// POST /api/webhooks/stripe: only Stripe's signature over the exact bytes gets in; refusals store nothing; unknown
// event types are stored and ignored; other methods 405; without the webhook secret the route is not there (404).
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETE, GET, POST } from "@/app/api/webhooks/stripe/route";
import { resetEnvCache } from "@/lib/env";
import { db } from "@/server/db";
import { startStripeHarness, type StripeHarness, WEBHOOK_SECRET } from "./testing/stripe-harness";

let h: StripeHarness;
beforeAll(async () => {
  h = await startStripeHarness();
});
afterAll(async () => {
  await h?.close();
});

const URL_ = "http://app.test/api/webhooks/stripe";
const eventJson = (id: string, type = "customer.created") =>
  JSON.stringify({
    id,
    object: "event",
    type,
    created: Math.floor(Date.now() / 1000),
    api_version: "2026-10-28.endive",
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object: { id: "cus_probe", object: "customer", metadata: {} } },
  });

function post(body: string, signature?: string): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (signature !== undefined) headers["stripe-signature"] = signature;
  return POST(new Request(URL_, { method: "POST", headers, body }));
}

const signed = (payload: string, secret = WEBHOOK_SECRET) =>
  Stripe.webhooks.generateTestHeaderString({ payload, secret });

describe("the Stripe webhook route", () => {
  it("refuses a missing, forged or tampered signature with 400 and stores nothing", async () => {
    const id = `evt_refused_${Date.now()}`;
    const body = eventJson(id, "customer.subscription.deleted");
    expect((await post(body)).status).toBe(400);
    expect((await post(body, "t=1,v1=deadbeef")).status).toBe(400);
    expect((await post(body, signed(body, "whsec_someone_else"))).status).toBe(400);
    expect((await post(body.replace("customer.subscription.deleted", "invoice.paid"), signed(body))).status).toBe(400);
    expect(await db.stripeEvent.count({ where: { id } })).toBe(0);
  });

  it("stores an unknown event type once and ignores it; a replay is a 200 no-op", async () => {
    const id = `evt_unknown_${Date.now()}`;
    const body = eventJson(id, "customer.tax_id.created");
    const first = await post(body, signed(body));
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ received: true, outcome: "ignored" });
    const stored = await db.stripeEvent.findUniqueOrThrow({ where: { id } });
    expect(stored).toMatchObject({ type: "customer.tax_id.created", outcome: "ignored" });
    const again = await post(body, signed(body));
    expect(await again.json()).toMatchObject({ outcome: "duplicate" });
    expect((await db.stripeEvent.findUniqueOrThrow({ where: { id } })).processedAt).toEqual(stored.processedAt);
  });

  it("answers other methods 405, an oversized body 413, and is a 404 while the webhook secret is not set", async () => {
    expect((await GET()).status).toBe(405);
    expect((await DELETE()).status).toBe(405);
    const huge = "x".repeat(1024 * 1024 + 10);
    expect((await post(huge, "t=1,v1=00")).status).toBe(413);
    const secret = process.env.STRIPE_WEBHOOK_SECRET;
    delete process.env.STRIPE_WEBHOOK_SECRET;
    resetEnvCache();
    try {
      const body = eventJson(`evt_off_${Date.now()}`);
      expect((await post(body, signed(body))).status).toBe(404);
      expect((await GET()).status).toBe(404);
    } finally {
      process.env.STRIPE_WEBHOOK_SECRET = secret;
      resetEnvCache();
    }
  });
});
