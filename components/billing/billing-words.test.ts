import { describe, expect, it } from "vitest";
import type { BillingStatus, PairCheck, PlanOffer } from "@/server/services/billing/contract";
import {
  bannerWords,
  billingMoney,
  offerLimits,
  offerPrice,
  pairPromptWords,
  pairsWords,
  statusWords,
} from "./billing-words";

const base: BillingStatus = {
  state: "trial",
  plan: null,
  planName: null,
  interval: null,
  subscriptionStatus: null,
  pairsUsed: 1,
  pairsPaid: 1,
  trialEndsAt: "2026-12-20T10:00:00.000Z",
  trialDaysLeft: 10,
  currentPeriodEnd: null,
  cancelAtPeriodEnd: false,
  graceEndsAt: null,
  nextInvoice: null,
  recentInvoices: [],
  canManage: true,
  ownerNames: ["Ann Lee"],
};
const status = (s: Partial<BillingStatus>): BillingStatus => ({ ...base, ...s });

describe("billing in words", () => {
  it("says how many trial days are left and when it ends; the banner only in the last 3 days", () => {
    expect(statusWords(base).sentence).toContain("10 days left (ends 20 Dec 2026)");
    expect(bannerWords(base)).toBeNull();
    expect(bannerWords(status({ trialDaysLeft: 3 }))?.text).toBe(
      "The free trial ends in 3 days (20 Dec 2026): without a plan, sync pauses then.",
    );
    expect(bannerWords(status({ trialDaysLeft: 1 }))?.text).toContain("ends in 1 day ");
    expect(bannerWords(status({ trialDaysLeft: 0 }))?.text).toContain("ends today");
  });

  it("says when sync pauses after a failed payment, unless the card is fixed", () => {
    const grace = status({ state: "grace", subscriptionStatus: "past_due", graceEndsAt: "2027-01-08T00:00:00.000Z" });
    expect(statusWords(grace)).toMatchObject({ label: "Payment failed", tone: "red" });
    expect(bannerWords(grace)).toEqual({
      tone: "red",
      text: "Payment failed: sync pauses on 8 Jan 2027 unless the card is fixed.",
    });
  });

  it("says why sync is paused for billing: the trial ended, the subscription was cancelled, or a payment lapsed", () => {
    expect(statusWords(status({ state: "lapsed" })).sentence).toContain("the free trial ended without a plan");
    expect(statusWords(status({ state: "lapsed", subscriptionStatus: "canceled" })).sentence).toContain(
      "the subscription was cancelled",
    );
    expect(bannerWords(status({ state: "lapsed", subscriptionStatus: "unpaid" }))?.text).toContain(
      "a payment failed and was not fixed in time",
    );
  });

  it("says an active plan renews, or cancels at period end on its date; neither needs the banner", () => {
    const active = status({ state: "active", subscriptionStatus: "active", currentPeriodEnd: "2027-01-06T00:00:00Z" });
    expect(statusWords(active).sentence).toBe("Active: renews on 6 Jan 2027.");
    expect(statusWords({ ...active, cancelAtPeriodEnd: true }).sentence).toBe(
      "Cancels at period end on 6 Jan 2027: sync pauses then unless the plan is renewed.",
    );
    expect(bannerWords(active)).toBeNull();
    expect(bannerWords(status({ state: "exempt", pairsPaid: null }))).toBeNull();
  });

  it("shows pairs used of paid, and Stripe's minor units exactly with the currency", () => {
    expect(pairsWords({ pairsUsed: 2, pairsPaid: 3 })).toBe("2 of 3 pairs used");
    expect(pairsWords({ pairsUsed: 1, pairsPaid: 1 })).toBe("1 of 1 pair used");
    expect(pairsWords({ pairsUsed: 4, pairsPaid: null })).toBe("4 pairs (no limit)");
    expect(pairsWords({ pairsUsed: 2, pairsPaid: 0 })).toBe("2 pairs, none paid for");
    expect(billingMoney({ amount: 123456, currency: "gbp" })).toBe("1,234.56 GBP");
    expect(billingMoney({ amount: 1500, currency: "jpy" })).toBe("1,500 JPY");
  });

  it("prices an offer per pair or flat, with its limits", () => {
    const offer = (o: Partial<PlanOffer>): PlanOffer => ({
      plan: "growth",
      name: "Growth",
      description: "",
      interval: "month",
      lookupKey: "growth_monthly",
      unitAmount: { amount: 2900, currency: "gbp" },
      minPairs: 1,
      maxPairs: null,
      ...o,
    });
    expect(offerPrice(offer({}))).toBe("29.00 GBP per pair a month");
    expect(offerPrice(offer({ plan: "starter", maxPairs: 1, interval: "year" }))).toBe("29.00 GBP a year for 1 pair");
    expect(offerPrice(offer({ unitAmount: null }))).toBe("Price not available");
    expect(offerLimits(offer({ plan: "practice", minPairs: 5 }))).toBe("From 5 pairs");
    expect(offerLimits(offer({ maxPairs: 1 }))).toBe("Up to 1 pair");
  });

  it("asks an owner to upgrade or add a pair, and tells anyone else who can", () => {
    const check: PairCheck = { covered: false, needs: "upgrade", pairsUsed: 1, pairsPaid: 1, message: "" };
    const owner = { canManage: true, ownerNames: ["Ann Lee"] };
    const admin = { canManage: false, ownerNames: ["Ann Lee", "Bo Chan"] };
    expect(pairPromptWords(check, owner, null).body).toBe(
      "1 pair is syncing, and 1 is covered. Choose a plan that covers one more pair.",
    );
    expect(pairPromptWords(check, admin, null).body).toContain("Only an owner can change billing: Ann Lee, Bo Chan.");
    const add = { ...check, needs: "add-pair" as const, pairsUsed: 3, pairsPaid: 3 };
    expect(pairPromptWords(add, owner, "29.00 GBP per pair a month").body).toBe(
      "3 pairs are syncing, and 3 are covered. This adds one pair to your plan (29.00 GBP per pair a month, prorated).",
    );
    expect(pairPromptWords(add, admin, null).body).toContain("Only an owner can change billing");
  });
});
