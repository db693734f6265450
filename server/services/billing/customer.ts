// The organization's Stripe customer: created once (an idempotency key per organization, so two owners pressing
// "Choose plan" at once make one customer) and reused by every Checkout and Portal session after.
import { db } from "@/server/db";
import { stripeClient } from "@/server/integrations/stripe/client";
import { lockBillingAccount } from "./entitlements";
import { ownersOf } from "./notify";
import { transaction } from "@/server/db";

export async function ensureStripeCustomer(orgId: string): Promise<string> {
  const account = await transaction((tx) => lockBillingAccount(tx, orgId));
  if (account.stripeCustomerId) return account.stripeCustomerId;
  const org = await db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { name: true } });
  const [owner] = await ownersOf(orgId);
  const customer = await stripeClient().customers.create(
    { name: org.name, email: owner?.email, metadata: { orgId } },
    { idempotencyKey: `ledgerlink-customer-${orgId}` },
  );
  // Only the first writer stores it; a racing second call got the same customer from the idempotency key.
  await db.billingAccount.updateMany({
    where: { orgId, stripeCustomerId: null },
    data: { stripeCustomerId: customer.id },
  });
  const stored = await db.billingAccount.findUniqueOrThrow({ where: { orgId }, select: { stripeCustomerId: true } });
  return stored.stripeCustomerId ?? customer.id;
}
