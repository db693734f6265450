// Billing against the Stripe stand-in over HTTP, its signed webhooks delivered to the real route handler: Checkout,
// the Portal, once-only and out-of-order events, and every entitlement transition with the companies following.
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/stripe/route";
import { db } from "@/server/db";
import { createOrganization } from "@/server/services/orgs/create-organization";
import { createCompany, createUser } from "@/tests/factories";
import { openPortal, startCheckout } from "./checkout";
import { entitlements } from "./entitlements";
import { setSubscriptionQuantity } from "./quantity";
import { billingStatus } from "./status";
import {
  payCheckout,
  portalAction,
  startStripeHarness,
  type StripeHarness,
  WEBHOOK_SECRET,
} from "./testing/stripe-harness";
import { runBillingTick } from "./tick";

let h: StripeHarness;

beforeAll(async () => {
  h = await startStripeHarness();
});
afterAll(async () => {
  await h?.close();
});

async function newOrg(label: string, livePairs = 1) {
  const owner = await createUser(`${label}-owner`);
  const org = await createOrganization({
    userId: owner.id,
    name: `${label} ${Math.random().toString(36).slice(2, 8)}`,
  });
  const companies = [];
  for (let i = 0; i < livePairs; i++) {
    const c = await createCompany(org);
    companies.push(await db.company.update({ where: { id: c.id }, data: { status: "LIVE", wentLiveAt: new Date() } }));
  }
  return { owner, org, companies };
}

async function subscribe(t: Awaited<ReturnType<typeof newOrg>>, plan: "starter" | "growth" | "practice") {
  const { url } = await startCheckout({ orgId: t.org.id, userId: t.owner.id, plan, interval: "month" });
  const paid = await payCheckout(url);
  expect(paid.status).toBe(303);
  await h.standin.idle();
  return db.billingAccount.findUniqueOrThrow({ where: { orgId: t.org.id } });
}

describe("Checkout", () => {
  it("a new organization on trial subscribes: one customer, reused; the webhooks make it active with its pairs", async () => {
    const t = await newOrg("checkout", 2);
    expect((await entitlements(t.org.id)).state).toBe("trial");
    // Two Checkouts started (a second tab) share the organization's one customer.
    const first = await startCheckout({ orgId: t.org.id, userId: t.owner.id, plan: "growth", interval: "month" });
    expect(first.url).toContain(h.url);
    const account = await subscribe(t, "growth");
    expect(account).toMatchObject({ subscriptionStatus: "active", plan: "growth", interval: "month", quantity: 2 });
    const customers = await h.standin.store.customers;
    expect([...customers.values()].filter((c) => c.metadata?.orgId === t.org.id)).toHaveLength(1);
    expect(await entitlements(t.org.id)).toMatchObject({ state: "active", pairsUsed: 2, pairsPaid: 2 });
    const status = await billingStatus({ orgId: t.org.id, userId: t.owner.id, canManage: true });
    expect(status).toMatchObject({ state: "active", plan: "growth", planName: "Growth", pairsUsed: 2, pairsPaid: 2 });
    expect(status.recentInvoices).toHaveLength(1);
    expect(status.recentInvoices[0]).toMatchObject({ status: "paid", total: { currency: "usd" } });
    expect(status.recentInvoices[0]!.total.amount).toBeGreaterThan(0);
    expect(status.nextInvoice?.total.amount).toBeGreaterThan(0);
    expect(new Date(status.nextInvoice!.at).getTime()).toBeGreaterThan(Date.now());
    const portal = await openPortal({ orgId: t.org.id, userId: t.owner.id });
    expect(portal.url).toContain(`${h.url}/portal/`);
    await expect(
      startCheckout({ orgId: t.org.id, userId: t.owner.id, plan: "growth", interval: "month" }),
    ).rejects.toMatchObject({ code: "CONFLICT", reason: "AlreadySubscribed" });
  });
});

const DAY_MS = 86_400_000;

async function statusesOf(companies: { id: string }[]) {
  const rows = await db.company.findMany({
    where: { id: { in: companies.map((c) => c.id) } },
    select: { id: true, status: true, pauseReason: true },
  });
  return companies.map((c) => {
    const r = rows.find((x) => x.id === c.id)!;
    return r.pauseReason ? `${r.status}:${r.pauseReason}` : r.status;
  });
}

async function emailsOf(orgId: string, kind: string) {
  return db.emailMessage.findMany({ where: { orgId, kind }, orderBy: { createdAt: "asc" } });
}

const stripeEventsOf = (orgId: string) => db.stripeEvent.findMany({ where: { orgId }, orderBy: { receivedAt: "asc" } });

describe("webhook events", () => {
  it("a replayed event is a 200 no-op: stored once, applied once", async () => {
    const t = await newOrg("replay");
    await subscribe(t, "starter");
    const stored = await stripeEventsOf(t.org.id);
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.every((e) => e.processedAt && e.outcome === "applied")).toBe(true);
    const audits = await db.auditLog.count({ where: { orgId: t.org.id } });
    const answers = h.answers.length;
    const results = await h.standin.deliver(stored.map((e) => e.id));
    expect(results.map((r) => r.status)).toEqual(stored.map(() => 200));
    expect(h.answers.slice(answers).every((a) => JSON.parse(a.body).outcome === "duplicate")).toBe(true);
    const again = await stripeEventsOf(t.org.id);
    expect(again.map((e) => [e.id, e.processedAt?.toISOString()])).toEqual(
      stored.map((e) => [e.id, e.processedAt?.toISOString()]),
    );
    expect(await db.auditLog.count({ where: { orgId: t.org.id } })).toBe(audits);
  });

  it("out of order: updated before created, and an old 'active' after the cancellation — the re-read wins", async () => {
    const t = await newOrg("order");
    h.standin.pauseWebhooks();
    try {
      const { url } = await startCheckout({ orgId: t.org.id, userId: t.owner.id, plan: "growth", interval: "month" });
      await payCheckout(url);
      const account = await db.billingAccount.findUniqueOrThrow({ where: { orgId: t.org.id } });
      const ours = h.standin.events().filter((e) => JSON.stringify(e.data.object).includes(account.stripeCustomerId!));
      const created = ours.find((e) => e.type === "customer.subscription.created")!;
      const later = ours.filter((e) => e !== created);
      // Everything else first (updated, invoice, checkout), the creation last.
      await h.standin.deliver([...later.map((e) => e.id), created.id]);
      expect(await db.billingAccount.findUniqueOrThrow({ where: { orgId: t.org.id } })).toMatchObject({
        subscriptionStatus: "active",
        quantity: 1,
      });
      const subId = (created.data.object as { id: string }).id;
      // A quantity change (an "active" event), then the subscription cancelled now; delivered in reverse.
      const before = new Set(h.standin.events().map((e) => e.id));
      const stripe = (await import("@/server/integrations/stripe/client")).stripeClient();
      const sub = await stripe.subscriptions.retrieve(subId);
      await stripe.subscriptions.update(subId, { items: [{ id: sub.items.data[0]!.id, quantity: 3 }] });
      await stripe.subscriptions.cancel(subId);
      const fresh = h.standin.events().filter((e) => !before.has(e.id));
      const deleted = fresh.find((e) => e.type === "customer.subscription.deleted")!;
      const updated = fresh.find((e) => e.type === "customer.subscription.updated")!;
      expect((updated.data.object as { status: string }).status).toBe("active");
      await h.standin.deliver([deleted.id, updated.id]);
    } finally {
      await h.standin.resumeWebhooks();
      await h.standin.idle();
    }
    expect(await db.billingAccount.findUniqueOrThrow({ where: { orgId: t.org.id } })).toMatchObject({
      subscriptionStatus: "canceled",
    });
    expect((await entitlements(t.org.id)).state).toBe("lapsed");
    expect(await statusesOf(t.companies)).toEqual(["PAUSED:BILLING"]);
  });
});

describe("trial_will_end", () => {
  it("emails the owners once that a Stripe trial is ending", async () => {
    const t = await newOrg("stripe-trial");
    const account = await subscribe(t, "starter");
    const stripe = (await import("@/server/integrations/stripe/client")).stripeClient();
    const sub = await stripe.subscriptions.retrieve(account.stripeSubscriptionId!);
    const trialEnd = Math.floor(Date.now() / 1000) + 3 * 86_400;
    const send = async (id: string) => {
      const payload = JSON.stringify({
        id,
        object: "event",
        type: "customer.subscription.trial_will_end",
        created: Math.floor(Date.now() / 1000),
        api_version: "2026-10-28.endive",
        livemode: false,
        pending_webhooks: 1,
        request: { id: null, idempotency_key: null },
        data: { object: { ...sub, trial_end: trialEnd } },
      });
      const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
      const response = await POST(
        new Request("http://app.test/api/webhooks/stripe", {
          method: "POST",
          headers: { "stripe-signature": signature, "content-type": "application/json" },
          body: payload,
        }),
      );
      expect(response.status).toBe(200);
    };
    await send(`evt_twe_a_${Date.now()}`);
    await send(`evt_twe_b_${Date.now()}`);
    const emails = await emailsOf(t.org.id, "billing.trial-ending");
    expect(emails).toHaveLength(1);
    expect(emails[0]!.to).toBe(t.owner.email);
  });
});

describe("entitlement transitions", () => {
  it("active → payment fails (grace, owners emailed) → grace over (paused for billing) → paid → exactly those resume", async () => {
    const t = await newOrg("dunning", 2);
    // A third pair a person paused: it stays paused through all of it.
    const byPerson = await createCompany(t.org);
    await db.company.update({
      where: { id: byPerson.id },
      data: { status: "PAUSED", pauseReason: "PERSON", pausedAt: new Date() },
    });
    const account = await subscribe(t, "growth");
    expect(account.quantity).toBe(3);
    const all = [...t.companies, byPerson];

    await h.standin.setCard(account.stripeCustomerId!, "failing");
    await h.standin.advance({ days: 32, subscription: account.stripeSubscriptionId! });
    await h.standin.idle();
    const pastDue = await db.billingAccount.findUniqueOrThrow({ where: { orgId: t.org.id } });
    expect(pastDue.subscriptionStatus).toBe("past_due");
    expect(pastDue.pastDueSince).not.toBeNull();
    expect((await entitlements(t.org.id)).state).toBe("grace");
    expect(await statusesOf(all)).toEqual(["LIVE", "LIVE", "PAUSED:PERSON"]);
    const failed = await emailsOf(t.org.id, "billing.payment-failed");
    expect(failed).toHaveLength(1);
    expect(failed[0]!.to).toBe(t.owner.email);
    expect(failed[0]!.text).toContain(`/o/${t.org.slug}/billing`);

    // Six days on: still grace. Eight: lapsed, the live pairs paused for billing, owners told once.
    expect((await runBillingTick({ now: new Date(Date.now() + 6 * DAY_MS), orgIds: [t.org.id] })).lapsed).toBe(0);
    const later = new Date(Date.now() + 8 * DAY_MS);
    expect((await runBillingTick({ now: later, orgIds: [t.org.id] })).lapsed).toBe(1);
    expect((await runBillingTick({ now: later, orgIds: [t.org.id] })).lapsed).toBe(0);
    expect(await statusesOf(all)).toEqual(["PAUSED:BILLING", "PAUSED:BILLING", "PAUSED:PERSON"]);
    expect(await emailsOf(t.org.id, "billing.sync-paused")).toHaveLength(1);
    expect(await db.auditLog.count({ where: { orgId: t.org.id, action: "company.paused", actorUserId: null } })).toBe(
      2,
    );

    // The owner fixes the card: Stripe retries the invoice, invoice.paid arrives, exactly the billing pauses lift.
    await h.standin.setCard(account.stripeCustomerId!, "good");
    await h.standin.idle();
    expect((await entitlements(t.org.id)).state).toBe("active");
    expect(await statusesOf(all)).toEqual(["LIVE", "LIVE", "PAUSED:PERSON"]);
    const resumed = await emailsOf(t.org.id, "billing.sync-resumed");
    expect(resumed).toHaveLength(1);
    expect(resumed[0]!.text).toContain(t.companies[0]!.name);
  });

  it("cancelled at period end in the Portal: syncing goes on until the period ends, then pauses", async () => {
    const t = await newOrg("cancel");
    const account = await subscribe(t, "starter");
    const { url } = await openPortal({ orgId: t.org.id, userId: t.owner.id });
    expect((await portalAction(url, { action: "cancel" })).status).toBe(303);
    await h.standin.idle();
    expect(await db.billingAccount.findUniqueOrThrow({ where: { orgId: t.org.id } })).toMatchObject({
      subscriptionStatus: "active",
      cancelAtPeriodEnd: true,
    });
    expect((await entitlements(t.org.id)).state).toBe("active");
    expect(await statusesOf(t.companies)).toEqual(["LIVE"]);
    await h.standin.advance({ days: 32, subscription: account.stripeSubscriptionId! });
    await h.standin.idle();
    expect((await db.billingAccount.findUniqueOrThrow({ where: { orgId: t.org.id } })).subscriptionStatus).toBe(
      "canceled",
    );
    expect(await statusesOf(t.companies)).toEqual(["PAUSED:BILLING"]);
    expect(await emailsOf(t.org.id, "billing.sync-paused")).toHaveLength(1);
  });

  it("the trial: an email three days before it ends (once), then without a card every live pair pauses", async () => {
    const t = await newOrg("trial-end");
    const trialEndsAt = new Date(Date.now() + 2 * DAY_MS);
    await db.billingAccount.update({ where: { orgId: t.org.id }, data: { trialEndsAt } });
    await runBillingTick({ orgIds: [t.org.id] });
    await runBillingTick({ orgIds: [t.org.id] });
    const ending = await emailsOf(t.org.id, "billing.trial-ending");
    expect(ending).toHaveLength(1);
    expect(ending[0]!.to).toBe(t.owner.email);
    expect(await statusesOf(t.companies)).toEqual(["LIVE"]);
    const after = new Date(trialEndsAt.getTime() + 60_000);
    expect(await runBillingTick({ now: after, orgIds: [t.org.id] })).toMatchObject({ lapsed: 1 });
    expect(await statusesOf(t.companies)).toEqual(["PAUSED:BILLING"]);
    expect((await emailsOf(t.org.id, "billing.sync-paused"))[0]!.text).toContain("trial has ended");
    // Choosing a plan afterwards resumes it.
    await subscribe(t, "starter");
    expect(await statusesOf(t.companies)).toEqual(["LIVE"]);
  });
});

describe("quantity", () => {
  it("the same change asked twice changes Stripe once; practice never goes below 5 pairs", async () => {
    const t = await newOrg("quantity", 2);
    const account = await subscribe(t, "growth");
    const subId = account.stripeSubscriptionId!;
    const updates = () =>
      h.standin.events({ type: "customer.subscription.updated" }).filter((e) => e.data.object.id === subId).length;
    const before = updates();
    expect(await setSubscriptionQuantity({ orgId: t.org.id, pairs: 3, reasonId: "golive-x" })).toEqual({
      changed: true,
      quantity: 3,
    });
    expect(await setSubscriptionQuantity({ orgId: t.org.id, pairs: 3, reasonId: "golive-x" })).toEqual({
      changed: false,
      quantity: 3,
    });
    await h.standin.idle();
    expect(updates() - before).toBe(1);
    const stripe = (await import("@/server/integrations/stripe/client")).stripeClient();
    expect((await stripe.subscriptions.retrieve(subId)).items.data[0]!.quantity).toBe(3);

    const firm = await newOrg("practice", 2);
    expect((await subscribe(firm, "practice")).quantity).toBe(5);
    expect((await setSubscriptionQuantity({ orgId: firm.org.id, pairs: 3, reasonId: "r" })).quantity).toBe(5);
  });
});
