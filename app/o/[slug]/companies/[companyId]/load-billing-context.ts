import "server-only";
import { offerPrice } from "@/components/billing/billing-words";
import type { BillingContext } from "@/components/billing/plan-limit-prompt";
import type { loadOrg } from "../../load-org";

type Caller = Awaited<ReturnType<typeof loadOrg>>["caller"];

/**
 * What Start syncing and Resume need to know about the plan, for owners and admins (the people who may take a company
 * live): whether one more pair is covered, who can change billing, and what adding a pair costs.
 */
export async function loadBillingContext(
  caller: Caller,
  o: { orgId: string; companyId: string; billingHref: string; needsPair: boolean },
): Promise<BillingContext> {
  const [status, check] = await Promise.all([
    caller.billing.status({ orgId: o.orgId, invoices: false }),
    o.needsPair ? caller.billing.pairCheck({ companyId: o.companyId }) : null,
  ]);
  const offer =
    check?.needs === "add-pair" && status.canManage && status.plan && status.interval
      ? (await caller.billing.plans({ orgId: o.orgId })).find(
          (p) => p.plan === status.plan && p.interval === status.interval,
        )
      : undefined;
  return {
    orgId: o.orgId,
    check,
    canManage: status.canManage,
    ownerNames: status.ownerNames,
    billingHref: o.billingHref,
    subscribed: status.subscriptionStatus !== null && status.subscriptionStatus !== "canceled",
    pairPrice: offer?.unitAmount ? offerPrice(offer) : null,
  };
}
