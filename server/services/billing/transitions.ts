// When an organization's state changes, its companies follow: lapsed → every LIVE company PAUSED with reason
// BILLING (audited, data kept, nothing deleted); paid again → exactly the companies billing paused resume. Runs under
// the billing row lock and remembers the state it acted on, so many instances (webhooks, the tick) act once.
import { transaction, type DbOrTx } from "@/server/db";
import { syncPausedForBillingEmail, syncResumedEmail } from "@/server/email/templates/billing";
import { pauseCompany, resumeCompany } from "@/server/services/companies/lifecycle";
import { requestSync } from "@/server/sync/runner/due-flows";
import type { EntitlementState } from "./contract";
import { type BillingFacts, entitlementState, lockBillingAccount } from "./entitlements";
import { emailOwners } from "./notify";

type CompanyRef = { id: string; name: string };

export type Transition = {
  org: { id: string; name: string; slug: string };
  from: string | null;
  to: EntitlementState;
  why: string;
  paused: CompanyRef[];
  resumed: CompanyRef[];
};

/** Why an organization lapsed, in the words the email and the pause note use. */
export function lapseReason(facts: BillingFacts, now: Date): string {
  const status = facts.subscriptionStatus;
  if (status === "past_due" || status === "unpaid") return "A payment has been outstanding for 7 days.";
  if (status === "canceled" || (facts.cancelAtPeriodEnd && facts.currentPeriodEnd && facts.currentPeriodEnd <= now))
    return "The subscription was cancelled and its last paid period has ended.";
  if (!status || status === "incomplete") return "The free trial has ended without a plan.";
  return "The subscription has ended.";
}

/** Inside a transaction: brings the companies in line with the state now; null when nothing changed. */
export async function applyEntitlementsTx(tx: DbOrTx, orgId: string, now: Date): Promise<Transition | null> {
  const account = await lockBillingAccount(tx, orgId);
  const to = entitlementState(account, now);
  if (to === account.appliedState) return null;
  const org = await tx.organization.findUniqueOrThrow({
    where: { id: orgId },
    select: { id: true, name: true, slug: true },
  });
  const why = to === "lapsed" ? lapseReason(account, now) : "";
  const paused: CompanyRef[] = [];
  const resumed: CompanyRef[] = [];
  if (to === "lapsed") {
    const live = await tx.company.findMany({
      where: { orgId, status: "LIVE" },
      select: { id: true, name: true },
      orderBy: { name: "asc" },
    });
    for (const c of live) {
      const r = await pauseCompany({ orgId, companyId: c.id, userId: null, reason: "BILLING", note: why }, tx);
      if (r.changed) paused.push(c);
    }
  } else {
    const billingPaused = await tx.company.findMany({
      where: { orgId, status: "PAUSED", pauseReason: "BILLING" },
      select: { id: true, name: true },
      orderBy: { name: "asc" },
    });
    for (const c of billingPaused) {
      const r = await resumeCompany({ orgId, companyId: c.id, userId: null, onlyReason: "BILLING" }, tx);
      if (r.changed) resumed.push(c);
    }
  }
  await tx.billingAccount.update({ where: { orgId }, data: { appliedState: to } });
  return { org, from: account.appliedState, to, why, paused, resumed };
}

/** After the transaction: owners hear what changed, and resumed companies sync at once. */
export async function announceTransition(t: Transition | null): Promise<void> {
  if (!t) return;
  if (t.paused.length > 0) {
    const companyNames = t.paused.map((c) => c.name);
    await emailOwners(t.org, "billing.sync-paused", (o) =>
      syncPausedForBillingEmail({ ...o, companyNames, why: t.why }),
    );
  }
  if (t.resumed.length > 0) {
    const companyNames = t.resumed.map((c) => c.name);
    await emailOwners(t.org, "billing.sync-resumed", (o) => syncResumedEmail({ ...o, companyNames }));
    for (const c of t.resumed) await requestSync(c.id);
  }
}

/** Applies the state now, in its own transaction, then tells the owners. */
export async function applyEntitlements(orgId: string, now = new Date()): Promise<Transition | null> {
  const t = await transaction((tx) => applyEntitlementsTx(tx, orgId, now));
  await announceTransition(t);
  return t;
}
