// Stripe's form encoding as the SDK writes it (indexed arrays, nested objects) and as curl users write it (`[]`).
import { describe, expect, it } from "vitest";
import { parseForm } from "../form";

describe("parseForm", () => {
  it("decodes indexed arrays of objects, nested objects and appended arrays", () => {
    const parsed = parseForm(
      "line_items[0][price]=price_a&line_items[0][quantity]=3&line_items[1][price]=price_b&metadata[orgId]=org_1&subscription_data[metadata][plan]=growth&expand[]=data.tiers&expand[]=data.product&mode=subscription",
    );
    expect(parsed).toEqual({
      line_items: [{ price: "price_a", quantity: "3" }, { price: "price_b" }],
      metadata: { orgId: "org_1" },
      subscription_data: { metadata: { plan: "growth" } },
      expand: ["data.tiers", "data.product"],
      mode: "subscription",
    });
  });

  it("keeps percent-encoded brackets and values, and orders arrays by index", () => {
    expect(
      parseForm(
        "lookup_keys%5B1%5D=b&lookup_keys%5B0%5D=a&success_url=http%3A%2F%2Fx%2F%3Fs%3D%7BCHECKOUT_SESSION_ID%7D",
      ),
    ).toEqual({
      lookup_keys: ["a", "b"],
      success_url: "http://x/?s={CHECKOUT_SESSION_ID}",
    });
  });

  it("drops keys that would reach Object.prototype", () => {
    const parsed = parseForm("__proto__[polluted]=1&metadata[__proto__][x]=1&constructor[prototype][y]=2&ok=1");
    expect(parsed).toEqual({ ok: "1" });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
