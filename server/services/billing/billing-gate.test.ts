// Who may see and manage billing, and the go-live / resume gate: the plan must cover one more pair (the trial covers
// one; starter one; growth/practice their quantity, raised by an owner's add-pair); a lapsed organization resolves
// billing first; the demo is exempt. The set-up checklist is another slice's: here it is always ready.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/server/db";
import { createOrganization } from "@/server/services/orgs/create-organization";
import { addMember, callerFor, createCompany, createUser, trpcErrorOf } from "@/tests/factories";
import { PLAN_LIMIT_REASON } from "./contract";
import { startCheckout } from "./checkout";
import { payCheckout, startStripeHarness, type StripeHarness } from "./testing/stripe-harness";

vi.mock("@/server/services/setup/checklist", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/server/services/setup/checklist")>();
  const { db: client } = await import("@/server/db");
  return {
    ...original,
    getChecklist: async (o: { companyId: string }, tx = client) => {
      const c = await tx.company.findUniqueOrThrow({ where: { id: o.companyId } });
      return {
        status: c.status,
        timezone: c.timezone,
        live: c.wentLiveAt && c.status !== "SETTING_UP" ? { since: c.wentLiveAt, byName: null } : null,
        lines: [],
        startDate: null,
        ready: true,
        missing: [],
      };
    },
  };
});

let h: StripeHarness;
beforeAll(async () => {
  h = await startStripeHarness();
});
afterAll(async () => {
  await h?.close();
});

async function orgWith(label: string, live: number, setUp: number) {
  const owner = await createUser(`${label}-owner`);
  const org = await createOrganization({
    userId: owner.id,
    name: `${label} ${Math.random().toString(36).slice(2, 8)}`,
  });
  const admin = (await addMember(org, "ADMIN")).user;
  const accountant = (await addMember(org, "ACCOUNTANT")).user;
  const liveCompanies = [];
  for (let i = 0; i < live; i++) {
    const c = await createCompany(org);
    liveCompanies.push(
      await db.company.update({ where: { id: c.id }, data: { status: "LIVE", wentLiveAt: new Date() } }),
    );
  }
  const waiting = [];
  for (let i = 0; i < setUp; i++) waiting.push(await createCompany(org));
  return { owner, admin, accountant, org, live: liveCompanies, waiting };
}

const statusOf = async (id: string) => (await db.company.findUniqueOrThrow({ where: { id } })).status;

describe("billing roles", () => {
  it("an admin sees billing but cannot start Checkout or open the Portal; an accountant neither", async () => {
    const t = await orgWith("roles", 0, 0);
    const status = await callerFor(t.admin).billing.status({ orgId: t.org.id });
    expect(status).toMatchObject({ state: "trial", canManage: false, pairsUsed: 0, pairsPaid: 1, trialDaysLeft: 14 });
    expect(status.ownerNames).toEqual([t.owner.name]);
    expect((await callerFor(t.owner).billing.status({ orgId: t.org.id })).canManage).toBe(true);
    expect((await callerFor(t.admin).billing.plans({ orgId: t.org.id })).length).toBe(6);
    const input = { orgId: t.org.id, plan: "growth" as const, interval: "month" as const };
    expect((await trpcErrorOf(callerFor(t.admin).billing.startCheckout(input))).code).toBe("FORBIDDEN");
    expect((await trpcErrorOf(callerFor(t.admin).billing.openPortal({ orgId: t.org.id }))).code).toBe("FORBIDDEN");
    for (const call of [
      callerFor(t.accountant).billing.status({ orgId: t.org.id }),
      callerFor(t.accountant).billing.plans({ orgId: t.org.id }),
      callerFor(t.accountant).billing.startCheckout(input),
    ])
      expect((await trpcErrorOf(call)).code).toBe("FORBIDDEN");
    const checkout = await callerFor(t.owner).billing.startCheckout(input);
    expect(checkout.url).toContain(`${h.url}/checkout/`);
  });

  it("plans come priced from Stripe by lookup key, with the rules from code", async () => {
    const t = await orgWith("plans", 0, 0);
    const offers = await callerFor(t.owner).billing.plans({ orgId: t.org.id });
    const practice = offers.find((o) => o.plan === "practice" && o.interval === "month")!;
    expect(practice).toMatchObject({ lookupKey: "practice_monthly", minPairs: 5, maxPairs: null });
    expect(practice.unitAmount?.amount).toBeGreaterThan(0);
    expect(offers.find((o) => o.plan === "starter")).toMatchObject({ minPairs: 1, maxPairs: 1 });
  });
});

describe("the go-live and resume gate", () => {
  it("on trial: the first pair goes live, a second is refused with PlanLimitReached and an upgrade to offer", async () => {
    const t = await orgWith("trial-gate", 0, 2);
    const [a, b] = t.waiting;
    await callerFor(t.owner).company.startSyncing({ companyId: a!.id });
    expect(await statusOf(a!.id)).toBe("LIVE");
    expect(await callerFor(t.admin).billing.pairCheck({ companyId: b!.id })).toMatchObject({
      covered: false,
      needs: "upgrade",
      pairsUsed: 1,
      pairsPaid: 1,
    });
    const refused = await trpcErrorOf(callerFor(t.owner).company.startSyncing({ companyId: b!.id, addPair: true }));
    expect(refused.code).toBe("PRECONDITION_FAILED");
    expect((refused.cause as { reason?: string }).reason).toBe(PLAN_LIMIT_REASON);
    expect(await statusOf(b!.id)).toBe("SETTING_UP");
  });

  it("on growth: without addPair refused; an admin may not add a paid pair; the owner's addPair raises the quantity, then it goes live", async () => {
    const t = await orgWith("growth-gate", 1, 1);
    const { url } = await startCheckout({ orgId: t.org.id, userId: t.owner.id, plan: "growth", interval: "month" });
    await payCheckout(url);
    await h.standin.idle();
    const company = t.waiting[0]!;
    expect(await callerFor(t.owner).billing.pairCheck({ companyId: company.id })).toMatchObject({
      covered: false,
      needs: "add-pair",
    });
    const plain = await trpcErrorOf(callerFor(t.owner).company.startSyncing({ companyId: company.id }));
    expect((plain.cause as { reason?: string }).reason).toBe(PLAN_LIMIT_REASON);
    expect(
      (await trpcErrorOf(callerFor(t.admin).company.startSyncing({ companyId: company.id, addPair: true }))).code,
    ).toBe("FORBIDDEN");
    await callerFor(t.owner).company.startSyncing({ companyId: company.id, addPair: true });
    expect(await statusOf(company.id)).toBe("LIVE");
    const account = await db.billingAccount.findUniqueOrThrow({ where: { orgId: t.org.id } });
    expect(account.quantity).toBe(2);
    const stripe = (await import("@/server/integrations/stripe/client")).stripeClient();
    expect((await stripe.subscriptions.retrieve(account.stripeSubscriptionId!)).items.data[0]!.quantity).toBe(2);
  });

  it("lapsed: nothing goes live or resumes (resolve billing); the demo organization is exempt", async () => {
    const t = await orgWith("lapsed-gate", 1, 1);
    await db.company.update({ where: { id: t.live[0]!.id }, data: { status: "PAUSED", pauseReason: "PERSON" } });
    await db.billingAccount.update({ where: { orgId: t.org.id }, data: { trialEndsAt: new Date(Date.now() - 1000) } });
    expect(await callerFor(t.owner).billing.pairCheck({ companyId: t.waiting[0]!.id })).toMatchObject({
      covered: false,
      needs: "resolve-billing",
    });
    for (const call of [
      callerFor(t.owner).company.startSyncing({ companyId: t.waiting[0]!.id }),
      callerFor(t.owner).company.resume({ companyId: t.live[0]!.id }),
    ]) {
      const e = await trpcErrorOf(call);
      expect((e.cause as { reason?: string }).reason).toBe(PLAN_LIMIT_REASON);
    }
    expect(await statusOf(t.live[0]!.id)).toBe("PAUSED");

    const demo = await orgWith("demo-like", 3, 1);
    await db.billingAccount.update({ where: { orgId: demo.org.id }, data: { exempt: true } });
    await callerFor(demo.owner).company.startSyncing({ companyId: demo.waiting[0]!.id });
    expect(await statusOf(demo.waiting[0]!.id)).toBe("LIVE");
    expect(await callerFor(demo.owner).billing.status({ orgId: demo.org.id })).toMatchObject({
      state: "exempt",
      pairsUsed: 4,
      pairsPaid: null,
    });
  });

  it("a person resumes a pair they paused, on the trial that covers it", async () => {
    const t = await orgWith("resume", 1, 0);
    await callerFor(t.owner).company.pause({ companyId: t.live[0]!.id });
    await callerFor(t.owner).company.resume({ companyId: t.live[0]!.id });
    expect(await statusOf(t.live[0]!.id)).toBe("LIVE");
  });
});
