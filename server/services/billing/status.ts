// What the billing page shows: the state from entitlements, the plan and pairs, and (when Stripe answers) the next
// invoice and the recent ones. No card details ever: Stripe's Portal shows those to owners.
import { db } from "@/server/db";
import { stripeClient, stripeConfigured, type Stripe } from "@/server/integrations/stripe/client";
import type { BillingStatus } from "./contract";
import { entitlements, graceEndsAt } from "./entitlements";
import { PLANS } from "./plans";

const DAY_MS = 86_400_000;
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const fromUnix = (s: number | null | undefined) => (s ? new Date(s * 1000).toISOString() : null);

type Invoices = Pick<BillingStatus, "nextInvoice" | "recentInvoices">;

/** Invoices from Stripe; the page still shows the plan and status when Stripe cannot be reached. */
async function invoicesOf(customerId: string | null, subscriptionId: string | null, live: boolean): Promise<Invoices> {
  const none: Invoices = { nextInvoice: null, recentInvoices: [] };
  if (!customerId || !stripeConfigured()) return none;
  const stripe = stripeClient();
  try {
    const list = await stripe.invoices.list({ customer: customerId, limit: 6 });
    const recentInvoices = list.data
      .filter((inv: Stripe.Invoice) => inv.status !== "draft")
      .map((inv: Stripe.Invoice) => ({
        id: inv.id ?? "",
        number: inv.number ?? null,
        createdAt: new Date(inv.created * 1000).toISOString(),
        total: { amount: inv.total, currency: inv.currency },
        status: inv.status ?? "open",
        url: inv.hosted_invoice_url ?? null,
      }));
    let nextInvoice: BillingStatus["nextInvoice"] = null;
    if (subscriptionId && live) {
      const preview = await stripe.invoices
        .createPreview({ customer: customerId, subscription: subscriptionId })
        .catch(() => null);
      const at = preview ? (fromUnix(preview.next_payment_attempt) ?? fromUnix(preview.period_end)) : null;
      if (preview && at) nextInvoice = { at, total: { amount: preview.total, currency: preview.currency } };
    }
    return { nextInvoice, recentInvoices };
  } catch (error) {
    console.warn(`[billing] invoices for ${customerId} unavailable:`, error instanceof Error ? error.message : error);
    return none;
  }
}

export async function billingStatus(o: {
  orgId: string;
  userId: string;
  canManage: boolean;
  /** false: skip Stripe (no next invoice, no recent invoices) for screens that show only the state. */
  invoices?: boolean;
  now?: Date;
}): Promise<BillingStatus> {
  const now = o.now ?? new Date();
  const e = await entitlements(o.orgId, { now });
  const account = await db.billingAccount.findUnique({ where: { orgId: o.orgId } });
  const owners = await db.membership.findMany({
    where: { orgId: o.orgId, role: "OWNER" },
    orderBy: { createdAt: "asc" },
    select: { user: { select: { name: true, email: true } } },
  });
  const trialEndsAt = e.state === "trial" ? e.facts.trialEndsAt : null;
  const live = e.state === "active" || e.state === "grace";
  const invoices = await invoicesOf(
    o.invoices === false ? null : (account?.stripeCustomerId ?? null),
    account?.stripeSubscriptionId ?? null,
    live && !account?.cancelAtPeriodEnd,
  );
  return {
    state: e.state,
    plan: live ? e.plan : null,
    planName: live && e.plan ? PLANS[e.plan].name : null,
    interval: live && (account?.interval === "month" || account?.interval === "year") ? account.interval : null,
    subscriptionStatus: account?.subscriptionStatus ?? null,
    pairsUsed: e.pairsUsed,
    pairsPaid: e.pairsPaid,
    trialEndsAt: iso(trialEndsAt),
    trialDaysLeft: trialEndsAt ? Math.max(0, Math.ceil((trialEndsAt.getTime() - now.getTime()) / DAY_MS)) : null,
    currentPeriodEnd: iso(account?.currentPeriodEnd),
    cancelAtPeriodEnd: account?.cancelAtPeriodEnd ?? false,
    graceEndsAt: iso(graceEndsAt(e.facts)),
    ...invoices,
    canManage: o.canManage,
    ownerNames: owners.map((m) => m.user.name ?? m.user.email),
  };
}
