// Malformed and hostile requests get Stripe's 4xx, never a 500.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, payCheckout, startStandin } from "./helpers";

let h: Harness;
let subId: string;
beforeAll(async () => {
  h = await startStandin();
  const [price] = (await h.stripe.prices.list({ lookup_keys: ["growth_monthly"] })).data;
  const session = await h.stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price: price!.id, quantity: 1 }],
    success_url: "http://app.test/ok",
  });
  await payCheckout(session.url!);
  subId = (await h.stripe.checkout.sessions.retrieve(session.id)).subscription as string;
});
afterAll(() => h.close());

const api = (method: string, path: string, body?: string) =>
  fetch(`${h.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${h.standin.apiKey}`, "content-type": "application/x-www-form-urlencoded" },
    body,
  });

describe("hostile input", () => {
  it.each([
    ["POST", "/v1/subscriptions/SUB", "items=notalist"],
    ["POST", "/v1/subscriptions/SUB", "items[0][quantity]=abc"],
    ["POST", "/v1/subscriptions/SUB", "items[0][quantity]=2"],
    ["POST", "/v1/subscriptions/SUB", "items[0][id]=si_nope&items[0][quantity]=2"],
    ["POST", "/v1/subscriptions/SUB", "cancel_at_period_end=maybe"],
    ["POST", "/v1/subscriptions/SUB", "metadata=flat"],
    [
      "POST",
      "/v1/checkout/sessions",
      "mode=subscription&success_url=x&line_items[0][price]=price_standin_growth_monthly&line_items[0][quantity]=-1",
    ],
    ["POST", "/v1/checkout/sessions", "mode=payment&success_url=x&line_items[0][price]=price_standin_growth_monthly"],
    ["POST", "/v1/customers", "email[0]=a&metadata[k][j]=v"],
    ["POST", "/v1/invoices/create_preview", ""],
    ["GET", "/v1/prices?lookup_keys=flat", undefined],
    ["GET", "/v1/customers?limit=1000", undefined],
    ["GET", "/v1/customers?starting_after=cus_nope", undefined],
    ["GET", "/v1/subscriptions?status=sideways", undefined],
    ["GET", "/v1/customers/%E0%A4%A", undefined],
    ["DELETE", "/v1/nothing", undefined],
  ])("%s %s %s → 4xx with Stripe's error shape", async (method, path, body) => {
    const res = await api(method, path.replace("SUB", subId), body);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const json = (await res.json()) as { error?: { type?: string; message?: string } };
    expect(json.error?.type).toBe("invalid_request_error");
    expect(json.error?.message).toBeTruthy();
  });

  it("answers unknown or garbled page requests with 4xx pages", async () => {
    expect((await fetch(`${h.url}/checkout/cs_test_nope`)).status).toBe(404);
    expect((await fetch(`${h.url}/checkout/cs_test_nope/pay`, { method: "POST", body: "card_number=1" })).status).toBe(
      404,
    );
    expect((await fetch(`${h.url}/portal/bps_nope`, { method: "POST", body: "action=cancel" })).status).toBe(404);
    expect((await fetch(`${h.url}/invoice/in_nope`)).status).toBe(404);
    const portal = await h.stripe.billingPortal.sessions.create({
      customer: (await h.stripe.subscriptions.retrieve(subId)).customer as string,
    });
    const post = (body: string) =>
      fetch(portal.url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body,
        redirect: "manual",
      });
    expect((await post("action=cancel&subscription=sub_other")).status).toBe(400);
    expect((await post(`action=quantity&subscription=${subId}&quantity=0`)).status).toBe(400);
    expect((await post(`action=plan&subscription=${subId}&price=price_nope`)).status).toBe(400);
    expect((await post(`action=explode&subscription=${subId}`)).status).toBe(400);
    expect((await post("%%%")).status).toBe(400);
  });

  it("refuses a body over 1 MB and bad admin JSON", async () => {
    expect((await api("POST", "/v1/customers", `name=${"x".repeat(1_100_000)}`)).status).toBe(413);
    const bad = await fetch(`${h.url}/_standin/clock/advance`, {
      method: "POST",
      headers: { "x-admin-key": "test-admin-key" },
      body: "{",
    });
    expect(bad.status).toBe(400);
  });
});
