import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { BillingStatus } from "@/server/services/billing/contract";
import { BillingBanner } from "./billing-banner";

const lapsed: BillingStatus = {
  state: "lapsed",
  plan: "growth",
  planName: "Growth",
  interval: "month",
  subscriptionStatus: "canceled",
  pairsUsed: 2,
  pairsPaid: 0,
  trialEndsAt: null,
  trialDaysLeft: null,
  currentPeriodEnd: "2027-01-06T00:00:00.000Z",
  cancelAtPeriodEnd: true,
  graceEndsAt: null,
  nextInvoice: null,
  recentInvoices: [],
  canManage: true,
  ownerNames: ["Ann Lee"],
};

describe("the billing banner", () => {
  it("gives an owner a one-click link to the billing page", () => {
    const html = renderToStaticMarkup(<BillingBanner status={lapsed} billingHref="/o/acme/billing" />);
    expect(html).toContain("Sync is paused for billing: the subscription was cancelled.");
    expect(html).toContain('href="/o/acme/billing"');
  });

  it("tells an admin who can fix it, with no link to act on", () => {
    const html = renderToStaticMarkup(
      <BillingBanner status={{ ...lapsed, canManage: false }} billingHref="/o/acme/billing" />,
    );
    expect(html).toContain("Only an owner can change billing: Ann Lee.");
    expect(html).not.toContain("href=");
  });

  it("tells an accountant how many companies are paused and who can fix it", () => {
    const html = renderToStaticMarkup(<BillingBanner pausedForBilling={2} ownerNames={["Ann Lee", "Bo Chan"]} />);
    expect(html).toContain("Sync is paused for billing on 2 companies.");
    expect(html).toContain("Only an owner can change billing: Ann Lee, Bo Chan.");
  });

  it("is not shown while nothing needs anyone", () => {
    const active = { ...lapsed, state: "active" as const, subscriptionStatus: "active", cancelAtPeriodEnd: false };
    expect(renderToStaticMarkup(<BillingBanner status={active} billingHref="/o/acme/billing" />)).toBe("");
    expect(renderToStaticMarkup(<BillingBanner pausedForBilling={0} ownerNames={[]} />)).toBe("");
  });
});
