// Keeps a per-pair subscription's quantity in step with the pairs in use: prorated, never below the plan's minimum,
// and idempotent — the key is (subscription, target quantity, reason), and a subscription already at the target is
// left alone, so the same change asked twice (a retry, two instances) changes Stripe once.
import { AppError } from "@/lib/errors";
import { db } from "@/server/db";
import { stripeClient } from "@/server/integrations/stripe/client";
import { planOf } from "./entitlements";
import { PLANS, quantityFor } from "./plans";

export type QuantityChange = { changed: boolean; quantity: number };

export async function setSubscriptionQuantity(o: {
  orgId: string;
  /** Pairs the subscription must cover. */
  pairs: number;
  /** What asked for it (e.g. `golive:<companyId>`): part of the idempotency key. */
  reasonId: string;
}): Promise<QuantityChange> {
  const account = await db.billingAccount.findUnique({ where: { orgId: o.orgId } });
  const plan = account ? planOf(account) : null;
  if (!account?.stripeSubscriptionId || !plan || !PLANS[plan].perPair) {
    throw new AppError("PRECONDITION_FAILED", "Only a Growth or Practice subscription is priced per pair.", {
      reason: "NotPerPair",
    });
  }
  const target = quantityFor(plan, o.pairs);
  const stripe = stripeClient();
  const subscription = await stripe.subscriptions.retrieve(account.stripeSubscriptionId);
  const item = subscription.items.data[0];
  if (!item) throw new AppError("UPSTREAM", "The Stripe subscription has no item to change.");
  let quantity = item.quantity ?? 0;
  let changed = false;
  if (quantity !== target) {
    const updated = await stripe.subscriptions.update(
      subscription.id,
      { items: [{ id: item.id, quantity: target }], proration_behavior: "create_prorations" },
      { idempotencyKey: `ledgerlink-quantity-${subscription.id}-${target}-${o.reasonId}` },
    );
    quantity = updated.items.data[0]?.quantity ?? target;
    changed = true;
  }
  // Stored now so the go-live that asked sees it at once; the webhook that follows re-reads the same.
  await db.billingAccount.update({ where: { orgId: o.orgId }, data: { quantity } });
  return { changed, quantity };
}
