// Stripe's subscription, re-read and written to the billing row. Webhooks are triggers, not data: whatever event
// arrives, in whatever order, the subscription as Stripe has it now is what gets stored.
import type { DbOrTx } from "@/server/db";
import type { BillingAccount } from "@/server/generated/prisma/client";
import { stripeClient, type Stripe } from "@/server/integrations/stripe/client";
import { intervalSchema, type BillingInterval, type PlanId } from "./contract";
import { planOf } from "./entitlements";
import { planOfLookupKey } from "./plans";

/** Statuses of a subscription that is over for good: another one may replace it, it never comes back. */
const FINISHED = new Set(["canceled", "incomplete_expired"]);

const idOf = (v: string | { id: string } | null | undefined): string | null =>
  v == null ? null : typeof v === "string" ? v : v.id;

/** The subscription as Stripe has it now; null when Stripe no longer knows it. */
export async function readSubscription(id: string): Promise<Stripe.Subscription | null> {
  try {
    return await stripeClient().subscriptions.retrieve(id);
  } catch (error) {
    const e = error as { statusCode?: number; code?: string };
    if (e.statusCode === 404 || e.code === "resource_missing") return null;
    throw error;
  }
}

export type SubscriptionFacts = {
  subscriptionId: string;
  customerId: string | null;
  status: string;
  plan: PlanId | null;
  interval: BillingInterval | null;
  priceId: string | null;
  lookupKey: string | null;
  quantity: number;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
};

export function subscriptionFacts(sub: Stripe.Subscription): SubscriptionFacts {
  const item = sub.items?.data?.[0];
  const price = item?.price;
  const byKey = planOfLookupKey(price?.lookup_key);
  const metaPlan = planOf({ plan: sub.metadata?.plan ?? null });
  const interval = intervalSchema.safeParse(price?.recurring?.interval);
  // The period end moved from the subscription to its items in Stripe's 2025 API; read either.
  const periodEnd =
    (item as { current_period_end?: number } | undefined)?.current_period_end ??
    (sub as { current_period_end?: number }).current_period_end ??
    null;
  return {
    subscriptionId: sub.id,
    customerId: idOf(sub.customer),
    status: sub.status,
    plan: byKey?.plan ?? metaPlan,
    interval: byKey?.interval ?? (interval.success ? interval.data : null),
    priceId: price?.id ?? null,
    lookupKey: price?.lookup_key ?? null,
    quantity: item?.quantity ?? 0,
    currentPeriodEnd: periodEnd ? new Date(periodEnd * 1000) : null,
    cancelAtPeriodEnd: Boolean(sub.cancel_at_period_end || sub.cancel_at),
  };
}

/**
 * Writes what Stripe says of `subscriptionId` to the (locked) billing row. `sub` null: Stripe no longer has it, so
 * it is over. An ended subscription other than the org's current one is history and changes nothing.
 */
export async function applySubscriptionTx(
  tx: DbOrTx,
  account: BillingAccount,
  subscriptionId: string,
  sub: Stripe.Subscription | null,
  o: { now: Date; eventCreatedAt?: Date | null },
): Promise<"applied" | "ignored"> {
  const current = account.stripeSubscriptionId;
  const lastEventCreatedAt =
    o.eventCreatedAt && (!account.lastEventCreatedAt || o.eventCreatedAt > account.lastEventCreatedAt)
      ? o.eventCreatedAt
      : account.lastEventCreatedAt;
  if (!sub) {
    if (current !== subscriptionId) return "ignored";
    await tx.billingAccount.update({
      where: { id: account.id },
      data: { subscriptionStatus: "canceled", pastDueSince: null, stripeReadAt: o.now, lastEventCreatedAt },
    });
    return "applied";
  }
  const f = subscriptionFacts(sub);
  if (current && current !== f.subscriptionId && FINISHED.has(f.status)) return "ignored";
  // Someone else's customer (a subscription made outside Ledgerlink with our org id in its metadata) is not ours.
  if (account.stripeCustomerId && f.customerId && f.customerId !== account.stripeCustomerId) return "ignored";
  const pastDue = f.status === "past_due";
  await tx.billingAccount.update({
    where: { id: account.id },
    data: {
      stripeCustomerId: account.stripeCustomerId ?? f.customerId,
      stripeSubscriptionId: f.subscriptionId,
      subscriptionStatus: f.status,
      plan: f.plan,
      interval: f.interval,
      priceId: f.priceId,
      lookupKey: f.lookupKey,
      quantity: f.quantity,
      currentPeriodEnd: f.currentPeriodEnd,
      cancelAtPeriodEnd: f.cancelAtPeriodEnd,
      // Grace counts from when we first saw it past due; paying (or any other status) ends the episode.
      pastDueSince: pastDue
        ? ((account.subscriptionStatus === "past_due" ? account.pastDueSince : null) ?? o.now)
        : null,
      paymentFailedEmailAt: pastDue ? account.paymentFailedEmailAt : null,
      stripeReadAt: o.now,
      lastEventCreatedAt,
    },
  });
  return "applied";
}
