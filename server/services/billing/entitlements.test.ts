// The one place that decides where an organization stands, what it pays for, and whether one more pair may sync.
import { describe, expect, it } from "vitest";
import { type BillingFacts, decidePairCheck, entitlementState, entitlementsFrom, pairsPaidFor } from "./entitlements";

const now = new Date("2026-12-06T12:00:00Z");
const days = (n: number) => new Date(now.getTime() + n * 86_400_000);
const facts = (over: Partial<BillingFacts> = {}): BillingFacts => ({
  exempt: false,
  subscriptionStatus: null,
  plan: null,
  quantity: 0,
  trialEndsAt: days(10),
  pastDueSince: null,
  cancelAtPeriodEnd: false,
  currentPeriodEnd: null,
  ...over,
});

describe("entitlement state", () => {
  it("is trial until the trial ends without a subscription, then lapsed", () => {
    expect(entitlementState(facts(), now)).toBe("trial");
    expect(entitlementState(facts({ trialEndsAt: days(-1) }), now)).toBe("lapsed");
    // A Checkout whose first payment is still incomplete does not end the trial early, nor extend it.
    expect(entitlementState(facts({ subscriptionStatus: "incomplete" }), now)).toBe("trial");
    expect(entitlementState(facts({ subscriptionStatus: "incomplete", trialEndsAt: days(-1) }), now)).toBe("lapsed");
  });

  it("is active while Stripe says active or trialing, even after our trial ended", () => {
    expect(entitlementState(facts({ subscriptionStatus: "active", trialEndsAt: days(-30) }), now)).toBe("active");
    expect(entitlementState(facts({ subscriptionStatus: "trialing" }), now)).toBe("active");
  });

  it("gives a failed payment 7 days of grace, then lapses", () => {
    expect(entitlementState(facts({ subscriptionStatus: "past_due", pastDueSince: days(-6) }), now)).toBe("grace");
    expect(entitlementState(facts({ subscriptionStatus: "past_due", pastDueSince: days(-7) }), now)).toBe("lapsed");
  });

  it("lapses when cancelled, unpaid, or at the end of a period cancelled at period end", () => {
    for (const s of ["canceled", "unpaid", "incomplete_expired"])
      expect(entitlementState(facts({ subscriptionStatus: s }), now)).toBe("lapsed");
    const cancelling = { subscriptionStatus: "active", cancelAtPeriodEnd: true };
    expect(entitlementState(facts({ ...cancelling, currentPeriodEnd: days(3) }), now)).toBe("active");
    expect(entitlementState(facts({ ...cancelling, currentPeriodEnd: days(-0.01) }), now)).toBe("lapsed");
  });

  it("is exempt for the demo whatever else is stored", () => {
    expect(entitlementState(facts({ exempt: true, trialEndsAt: days(-100) }), now)).toBe("exempt");
  });
});

describe("pairs paid", () => {
  it("trial 1, starter 1, growth and practice their quantity (practice at least 5), lapsed 0, exempt no limit", () => {
    expect(pairsPaidFor("trial", facts())).toBe(1);
    expect(pairsPaidFor("active", facts({ plan: "starter", quantity: 1 }))).toBe(1);
    expect(pairsPaidFor("active", facts({ plan: "growth", quantity: 3 }))).toBe(3);
    expect(pairsPaidFor("grace", facts({ plan: "practice", quantity: 2 }))).toBe(5);
    expect(pairsPaidFor("lapsed", facts({ plan: "growth", quantity: 3 }))).toBe(0);
    expect(pairsPaidFor("exempt", facts())).toBeNull();
  });
});

describe("pair check", () => {
  it("on trial, a second pair needs an upgrade; resuming a paused pair does not", () => {
    const e = entitlementsFrom(facts(), 1, now);
    expect(decidePairCheck(e, "go-live")).toMatchObject({ covered: false, needs: "upgrade", pairsPaid: 1 });
    expect(decidePairCheck(e, "resume")).toMatchObject({ covered: true, needs: "none" });
    expect(decidePairCheck(entitlementsFrom(facts(), 0, now), "go-live").covered).toBe(true);
  });

  it("on growth, one more pair than paid is an add-pair; on starter an upgrade", () => {
    const growth = entitlementsFrom(facts({ subscriptionStatus: "active", plan: "growth", quantity: 2 }), 2, now);
    expect(decidePairCheck(growth, "go-live")).toMatchObject({ covered: false, needs: "add-pair" });
    const starter = entitlementsFrom(facts({ subscriptionStatus: "active", plan: "starter", quantity: 1 }), 1, now);
    expect(decidePairCheck(starter, "go-live")).toMatchObject({ covered: false, needs: "upgrade" });
  });

  it("lapsed refuses even resuming, and asks to resolve billing; grace refuses only new pairs; exempt covers all", () => {
    const lapsed = entitlementsFrom(facts({ trialEndsAt: days(-1) }), 0, now);
    expect(decidePairCheck(lapsed, "go-live").needs).toBe("resolve-billing");
    expect(decidePairCheck(lapsed, "resume").needs).toBe("resolve-billing");
    const grace = entitlementsFrom(
      facts({ subscriptionStatus: "past_due", pastDueSince: days(-1), plan: "growth", quantity: 2 }),
      2,
      now,
    );
    expect(decidePairCheck(grace, "resume").covered).toBe(true);
    expect(decidePairCheck(grace, "go-live").needs).toBe("resolve-billing");
    expect(decidePairCheck(entitlementsFrom(facts({ exempt: true }), 40, now), "go-live").covered).toBe(true);
  });

  it("tells someone who cannot manage billing to ask an owner", () => {
    const e = entitlementsFrom(facts(), 1, now);
    expect(decidePairCheck(e, "go-live", { canManage: false }).message).toMatch(/ask an owner/i);
  });
});
