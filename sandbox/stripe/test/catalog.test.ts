// Prices by lookup key (with tiers), customers, auth and Stripe's error shape, through the official SDK.
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, sdkFor, startStandin } from "./helpers";

let h: Harness;
beforeAll(async () => {
  h = await startStandin();
});
afterAll(() => h.close());

describe("prices", () => {
  it("lists the six seeded prices by lookup key, with volume tiers and products when expanded", async () => {
    const prices = await h.stripe.prices.list({
      lookup_keys: ["starter_monthly", "growth_monthly", "growth_yearly", "practice_yearly"],
      active: true,
      expand: ["data.tiers", "data.product"],
    });
    expect(prices.object).toBe("list");
    expect(prices.url).toBe("/v1/prices");
    expect(prices.has_more).toBe(false);
    const byKey = new Map(prices.data.map((p) => [p.lookup_key, p]));
    expect([...byKey.keys()].sort()).toEqual(["growth_monthly", "growth_yearly", "practice_yearly", "starter_monthly"]);
    const growth = byKey.get("growth_monthly")!;
    expect(growth.id).toMatch(/^price_/);
    expect(growth.currency).toBe("usd");
    expect(growth.billing_scheme).toBe("tiered");
    expect(growth.tiers_mode).toBe("volume");
    expect(growth.recurring?.interval).toBe("month");
    expect(growth.tiers?.map((t) => [t.up_to, t.unit_amount])).toEqual([
      [5, 4900],
      [20, 3900],
      [null, 2900],
    ]);
    expect((growth.product as Stripe.Product).name).toBe("Ledgerlink Growth");
    expect((growth.product as Stripe.Product).id).toMatch(/^prod_/);
    expect(byKey.get("growth_yearly")!.tiers?.[0]?.unit_amount).toBe(49000);
    expect(byKey.get("starter_monthly")!.unit_amount).toBe(2900);
    expect(byKey.get("practice_yearly")!.unit_amount).toBe(25000);
  });

  it("hides tiers unless expanded, and retrieves a price by id", async () => {
    const [growth] = (await h.stripe.prices.list({ lookup_keys: ["growth_monthly"] })).data;
    expect(growth?.tiers).toBeUndefined();
    expect(typeof growth?.product).toBe("string");
    const again = await h.stripe.prices.retrieve(growth!.id, { expand: ["tiers"] });
    expect(again.tiers).toHaveLength(3);
  });

  it("answers an unknown price with Stripe's 404 resource_missing", async () => {
    const err = await h.stripe.prices.retrieve("price_nope").catch((e: Stripe.errors.StripeError) => e);
    expect(err).toMatchObject({
      type: "StripeInvalidRequestError",
      statusCode: 404,
      code: "resource_missing",
      param: "id",
    });
  });
});

describe("customers", () => {
  it("creates, retrieves, updates and lists a customer by email", async () => {
    const email = `owner-${Date.now()}@example.com`;
    const created = await h.stripe.customers.create({ email, name: "Acme Ltd", metadata: { orgId: "org_1" } });
    expect(created.id).toMatch(/^cus_/);
    expect(created.object).toBe("customer");
    const got = await h.stripe.customers.retrieve(created.id);
    expect(got).toMatchObject({ id: created.id, email, name: "Acme Ltd", metadata: { orgId: "org_1" } });
    const updated = await h.stripe.customers.update(created.id, {
      name: "Acme Holdings",
      metadata: { orgId: "", plan: "growth" },
    });
    expect(updated.name).toBe("Acme Holdings");
    expect(updated.metadata).toEqual({ plan: "growth" });
    const list = await h.stripe.customers.list({ email });
    expect(list.data.map((c) => c.id)).toEqual([created.id]);
    expect((await h.stripe.customers.list({ email: "nobody@example.com" })).data).toEqual([]);
  });

  it("pages through lists with limit and starting_after", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await h.stripe.customers.create({ email: "page@example.com" })).id);
    const first = await h.stripe.customers.list({ email: "page@example.com", limit: 2 });
    expect(first.data.map((c) => c.id)).toEqual([ids[2], ids[1]]);
    expect(first.has_more).toBe(true);
    const rest = await h.stripe.customers.list({ email: "page@example.com", limit: 2, starting_after: ids[1] });
    expect(rest.data.map((c) => c.id)).toEqual([ids[0]]);
    expect(rest.has_more).toBe(false);
  });

  it("refuses a request without the secret key, or with another key, with Stripe's 401", async () => {
    const res = await fetch(`${h.url}/v1/customers`);
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe("invalid_request_error");
    expect(body.error.message).toMatch(/did not provide an API key/);
    const err = await sdkFor(h.url, "sk_test_wrong")
      .customers.list()
      .catch((e: Stripe.errors.StripeError) => e);
    expect(err).toMatchObject({ type: "StripeAuthenticationError", statusCode: 401 });
  });

  it("answers a bad parameter with a 400 naming it", async () => {
    const res = await fetch(`${h.url}/v1/customers?limit=abc`, {
      headers: { authorization: `Bearer ${h.standin.apiKey}` },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { type: "invalid_request_error", param: "limit" } });
  });
});
