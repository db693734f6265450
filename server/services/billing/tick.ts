// The billing tick (every minute, with the alerts tick): time moves organizations between states without any
// webhook — a trial ends, a grace period runs out, a period cancelled at its end is over — and trials about to end
// get their email. Safe on many instances: each transition runs under the org's billing row lock and remembers the
// state it acted on; each email is claimed by a conditional update before it is sent.
import { db } from "@/server/db";
import { trialEndingEmail } from "@/server/email/templates/billing";
import { GRACE_DAYS } from "./entitlements";
import { emailOwners } from "./notify";
import { applyEntitlements } from "./transitions";

const DAY_MS = 86_400_000;
/** The trial-ending email goes this long before the trial ends. */
export const TRIAL_ENDING_NOTICE_DAYS = 3;
const NO_SUBSCRIPTION = [{ subscriptionStatus: null }, { subscriptionStatus: "incomplete" }];

export type BillingTickResult = { lapsed: number; resumed: number; trialEndingEmails: number };

export async function runBillingTick(o: { now?: Date; orgIds?: string[] } = {}): Promise<BillingTickResult> {
  const now = o.now ?? new Date();
  const scope = o.orgIds ? { orgId: { in: o.orgIds } } : {};
  const result: BillingTickResult = { lapsed: 0, resumed: 0, trialEndingEmails: 0 };
  // Organizations whose state time may have changed and that have not been acted on for it yet.
  const due = await db.billingAccount.findMany({
    where: {
      ...scope,
      exempt: false,
      OR: [{ appliedState: null }, { appliedState: { not: "lapsed" } }],
      AND: {
        OR: [
          { OR: NO_SUBSCRIPTION, trialEndsAt: { lte: now } },
          { subscriptionStatus: "past_due", pastDueSince: { lte: new Date(now.getTime() - GRACE_DAYS * DAY_MS) } },
          { cancelAtPeriodEnd: true, currentPeriodEnd: { lte: now } },
          { subscriptionStatus: { in: ["canceled", "unpaid", "incomplete_expired", "paused"] } },
        ],
      },
    },
    select: { orgId: true },
    take: 500,
  });
  for (const { orgId } of due) {
    const t = await applyEntitlements(orgId, now);
    if (t?.to === "lapsed") result.lapsed++;
    if (t && t.resumed.length > 0) result.resumed++;
  }
  // Trials ending within the notice period, not yet told.
  const ending = await db.billingAccount.findMany({
    where: {
      ...scope,
      exempt: false,
      OR: NO_SUBSCRIPTION,
      trialEndingEmailAt: null,
      trialEndsAt: { gt: now, lte: new Date(now.getTime() + TRIAL_ENDING_NOTICE_DAYS * DAY_MS) },
    },
    select: { id: true, trialEndsAt: true, org: { select: { id: true, name: true, slug: true } } },
    take: 500,
  });
  for (const a of ending) {
    const claimed = await db.billingAccount.updateMany({
      where: { id: a.id, trialEndingEmailAt: null },
      data: { trialEndingEmailAt: now },
    });
    if (claimed.count !== 1 || !a.trialEndsAt) continue;
    const trialEndsAt = a.trialEndsAt;
    await emailOwners(a.org, "billing.trial-ending", (x) => trialEndingEmail({ ...x, trialEndsAt }));
    result.trialEndingEmails++;
  }
  return result;
}

export function describeBillingTick(r: BillingTickResult): string | null {
  const parts = [
    r.lapsed ? `${r.lapsed} organizations paused for billing` : "",
    r.resumed ? `${r.resumed} organizations resumed` : "",
    r.trialEndingEmails ? `${r.trialEndingEmails} trial-ending emails` : "",
  ].filter(Boolean);
  return parts.length ? parts.join(", ") : null;
}
