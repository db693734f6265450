// The banner on every page and the org home read billing.status with `invoices: false`: the state, without a Stripe call.
import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/server/db";
import { createOrganization } from "@/server/services/orgs/create-organization";
import { createCompany, createUser } from "@/tests/factories";
import { startCheckout } from "./checkout";
import { billingStatus } from "./status";
import { payCheckout, startStripeHarness, type StripeHarness } from "./testing/stripe-harness";

let h: StripeHarness;
beforeAll(async () => {
  h = await startStripeHarness();
});
afterAll(async () => {
  await h?.close();
});

it("a subscribed organization's status: invoices from Stripe by default, none asked for with invoices: false", async () => {
  const owner = await createUser("status-owner");
  const org = await createOrganization({ userId: owner.id, name: `Status ${Math.random().toString(36).slice(2, 8)}` });
  const c = await createCompany(org);
  await db.company.update({ where: { id: c.id }, data: { status: "LIVE", wentLiveAt: new Date() } });
  const { url } = await startCheckout({ orgId: org.id, userId: owner.id, plan: "growth", interval: "month" });
  expect((await payCheckout(url)).status).toBe(303);
  await h.standin.idle();

  const full = await billingStatus({ orgId: org.id, userId: owner.id, canManage: true });
  expect(full).toMatchObject({ state: "active", planName: "Growth", pairsUsed: 1, pairsPaid: 1 });
  expect(full.recentInvoices.length).toBeGreaterThan(0);
  expect(full.nextInvoice).not.toBeNull();

  const light = await billingStatus({ orgId: org.id, userId: owner.id, canManage: true, invoices: false });
  expect(light).toMatchObject({ state: "active", planName: "Growth", pairsUsed: 1, pairsPaid: 1 });
  expect(light.recentInvoices).toEqual([]);
  expect(light.nextInvoice).toBeNull();
});
