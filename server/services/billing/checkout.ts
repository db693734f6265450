// Checkout and the Customer Portal: the owner leaves for Stripe's hosted pages and comes back to the billing page.
// Checkout opens a subscription for the chosen plan with one line: the plan's price × the pairs it must cover.
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { db } from "@/server/db";
import { stripeClient } from "@/server/integrations/stripe/client";
import type { BillingInterval, PlanId } from "./contract";
import { ensureStripeCustomer } from "./customer";
import { countPairsUsed } from "./entitlements";
import { billingUrl } from "./notify";
import { checkoutQuantity, lookupKeyOf, PLANS, pricesByLookupKey } from "./plans";

/** Stripe statuses under which the org already has a subscription to change (in the Portal), not buy again. */
const OPEN = new Set(["active", "trialing", "past_due", "unpaid", "paused"]);

async function orgOf(orgId: string) {
  const org = await db.organization.findUnique({
    where: { id: orgId },
    select: { slug: true, billing: { select: { exempt: true, subscriptionStatus: true, stripeSubscriptionId: true } } },
  });
  if (!org) throw AppError.notFound("Organization");
  if (org.billing?.exempt) {
    throw new AppError("PRECONDITION_FAILED", "The demo organization is not billed.", { reason: "BillingExempt" });
  }
  return org;
}

export async function startCheckout(o: {
  orgId: string;
  userId: string;
  plan: PlanId;
  interval: BillingInterval;
}): Promise<{ url: string }> {
  const stripe = stripeClient();
  const org = await orgOf(o.orgId);
  if (org.billing?.stripeSubscriptionId && OPEN.has(org.billing.subscriptionStatus ?? "")) {
    throw new AppError("CONFLICT", "This organization already has a subscription: change it from the billing portal.", {
      reason: "AlreadySubscribed",
    });
  }
  const rule = PLANS[o.plan];
  const pairsUsed = await countPairsUsed(o.orgId);
  if (rule.maxPairs !== null && pairsUsed > rule.maxPairs) {
    throw new AppError(
      "PRECONDITION_FAILED",
      `${rule.name} covers ${rule.maxPairs} integration pair, and ${pairsUsed} are in use. Choose Growth or Practice.`,
      { reason: "PlanTooSmall" },
    );
  }
  const lookupKey = lookupKeyOf(o.plan, o.interval);
  const price = (await pricesByLookupKey()).get(lookupKey);
  if (!price) {
    throw new AppError("UPSTREAM", `The ${rule.name} price is not set up in Stripe (lookup key ${lookupKey}).`, {
      reason: "PriceMissing",
    });
  }
  const customer = await ensureStripeCustomer(o.orgId);
  const back = billingUrl(org.slug);
  const automaticTax = env().STRIPE_AUTOMATIC_TAX === "1";
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    customer,
    client_reference_id: o.orgId,
    line_items: [{ price: price.id, quantity: checkoutQuantity(o.plan, pairsUsed) }],
    subscription_data: { metadata: { orgId: o.orgId, plan: o.plan } },
    metadata: { orgId: o.orgId, plan: o.plan, startedBy: o.userId },
    success_url: `${back}?checkout=success`,
    cancel_url: `${back}?checkout=cancelled`,
    ...(automaticTax
      ? { automatic_tax: { enabled: true }, customer_update: { address: "auto" as const, name: "auto" as const } }
      : {}),
  });
  if (!session.url) throw new AppError("UPSTREAM", "Stripe did not return a Checkout page.");
  return { url: session.url };
}

/** The Customer Portal: change plan or pairs, the card, invoices, cancel. Needs a Stripe customer (after Checkout). */
export async function openPortal(o: { orgId: string; userId: string }): Promise<{ url: string }> {
  const stripe = stripeClient();
  const org = await orgOf(o.orgId);
  const account = await db.billingAccount.findUnique({ where: { orgId: o.orgId }, select: { stripeCustomerId: true } });
  if (!account?.stripeCustomerId) {
    throw new AppError("PRECONDITION_FAILED", "Choose a plan first: the billing portal opens once there is one.", {
      reason: "NoSubscription",
    });
  }
  const session = await stripe.billingPortal.sessions.create({
    customer: account.stripeCustomerId,
    return_url: billingUrl(org.slug),
  });
  return { url: session.url };
}
