// Entitlements, decided in ONE place: where an organization stands (trial, active, grace, lapsed, exempt), the pairs
// it uses and pays for, and whether one more pair may go live or resume. Go-live, resume, the billing page, the
// webhooks and the billing tick all read it from here. Stripe's webhooks only update the row this reads.
import { AppError } from "@/lib/errors";
import { db as defaultDb, type DbOrTx } from "@/server/db";
import type { BillingAccount } from "@/server/generated/prisma/client";
import { PLAN_LIMIT_REASON, planIdSchema, type EntitlementState, type PairCheck, type PlanId } from "./contract";
import { PLANS } from "./plans";

export const TRIAL_DAYS = 14;
export const GRACE_DAYS = 7;
const DAY_MS = 86_400_000;

/** What entitlements need of the billing row (a stored BillingAccount, or the trial an org without one is on). */
export type BillingFacts = Pick<
  BillingAccount,
  | "exempt"
  | "subscriptionStatus"
  | "plan"
  | "quantity"
  | "trialEndsAt"
  | "pastDueSince"
  | "cancelAtPeriodEnd"
  | "currentPeriodEnd"
>;

/** Stripe statuses that pay for the plan (Stripe's own trial included: a card is on file). */
const PAYING = new Set(["active", "trialing"]);
/** Stripe statuses of a subscription that is over, or will not be paid without a person. */
const ENDED = new Set(["canceled", "unpaid", "incomplete_expired", "paused"]);

export function trialEndsFrom(orgCreatedAt: Date): Date {
  return new Date(orgCreatedAt.getTime() + TRIAL_DAYS * DAY_MS);
}

export function graceEndsAt(facts: Pick<BillingFacts, "subscriptionStatus" | "pastDueSince">): Date | null {
  if (facts.subscriptionStatus !== "past_due" || !facts.pastDueSince) return null;
  return new Date(facts.pastDueSince.getTime() + GRACE_DAYS * DAY_MS);
}

export function entitlementState(facts: BillingFacts, now: Date): EntitlementState {
  if (facts.exempt) return "exempt";
  const status = facts.subscriptionStatus;
  if (status && PAYING.has(status)) {
    // Cancelled at period end: Stripe deletes it then; the period's end is the line even if that webhook is late.
    if (facts.cancelAtPeriodEnd && facts.currentPeriodEnd && facts.currentPeriodEnd <= now) return "lapsed";
    return "active";
  }
  if (status === "past_due") {
    const ends = graceEndsAt({ subscriptionStatus: status, pastDueSince: facts.pastDueSince ?? now });
    return ends && ends > now ? "grace" : "lapsed";
  }
  if (status && ENDED.has(status)) return "lapsed";
  // No subscription yet (or its first payment is still incomplete): the trial decides.
  return facts.trialEndsAt && facts.trialEndsAt > now ? "trial" : "lapsed";
}

export function planOf(facts: Pick<BillingFacts, "plan">): PlanId | null {
  const parsed = planIdSchema.safeParse(facts.plan);
  return parsed.success ? parsed.data : null;
}

/** Pairs covered: the trial 1, starter 1, growth/practice their quantity; nothing when lapsed; no limit when exempt. */
export function pairsPaidFor(state: EntitlementState, facts: BillingFacts): number | null {
  switch (state) {
    case "exempt":
      return null;
    case "lapsed":
      return 0;
    case "trial":
      return 1;
    case "active":
    case "grace": {
      const plan = planOf(facts);
      if (!plan) return Math.max(facts.quantity, 1);
      const rule = PLANS[plan];
      if (!rule.perPair) return rule.maxPairs ?? 1;
      return Math.max(facts.quantity, rule.minPairs);
    }
  }
}

/**
 * Pairs in use: companies LIVE or PAUSED (by a person, period-end, a revoked agent — and by billing, since those
 * are what would be live). SETTING_UP and ARCHIVED do not count.
 */
export async function countPairsUsed(orgId: string, db: DbOrTx = defaultDb): Promise<number> {
  return db.company.count({ where: { orgId, status: { in: ["LIVE", "PAUSED"] } } });
}

const FACTS_SELECT = {
  exempt: true,
  subscriptionStatus: true,
  plan: true,
  quantity: true,
  trialEndsAt: true,
  pastDueSince: true,
  cancelAtPeriodEnd: true,
  currentPeriodEnd: true,
} as const;

/** The org's billing facts; an org without a billing row (created before billing) is on its trial from creation. */
export async function loadBillingFacts(orgId: string, db: DbOrTx = defaultDb): Promise<BillingFacts> {
  const account = await db.billingAccount.findUnique({ where: { orgId }, select: FACTS_SELECT });
  if (account) return account;
  const org = await db.organization.findUnique({ where: { id: orgId }, select: { createdAt: true } });
  if (!org) throw AppError.notFound("Organization");
  return {
    exempt: false,
    subscriptionStatus: null,
    plan: null,
    quantity: 0,
    trialEndsAt: trialEndsFrom(org.createdAt),
    pastDueSince: null,
    cancelAtPeriodEnd: false,
    currentPeriodEnd: null,
  };
}

export type Entitlements = {
  state: EntitlementState;
  plan: PlanId | null;
  pairsUsed: number;
  pairsPaid: number | null;
  facts: BillingFacts;
};

export function entitlementsFrom(facts: BillingFacts, pairsUsed: number, now: Date): Entitlements {
  const state = entitlementState(facts, now);
  return { state, plan: planOf(facts), pairsUsed, pairsPaid: pairsPaidFor(state, facts), facts };
}

export async function entitlements(orgId: string, o: { db?: DbOrTx; now?: Date } = {}): Promise<Entitlements> {
  const db = o.db ?? defaultDb;
  const [facts, pairsUsed] = [await loadBillingFacts(orgId, db), await countPairsUsed(orgId, db)];
  return entitlementsFrom(facts, pairsUsed, o.now ?? new Date());
}

/** `go-live`: one more pair; `resume`: a paused pair (it already counts); `none`: nothing changes (a live company). */
export type PairChange = "go-live" | "resume" | "none";

const plural = (n: number) => `${n} integration pair${n === 1 ? "" : "s"}`;

/** Whether the change is covered, and if not what it needs, in words for the person pressing the button. */
export function decidePairCheck(e: Entitlements, change: PairChange, o: { canManage?: boolean } = {}): PairCheck {
  const base = { pairsUsed: e.pairsUsed, pairsPaid: e.pairsPaid };
  const ask = o.canManage === false ? " Ask an owner of the organization." : "";
  if (e.state === "exempt" || change === "none") return { ...base, covered: true, needs: "none", message: "Covered." };
  if (e.state === "lapsed") {
    return {
      ...base,
      covered: false,
      needs: "resolve-billing",
      message: `Syncing is paused for billing: choose a plan or update the payment details on the billing page.${ask}`,
    };
  }
  const needed = change === "go-live" ? e.pairsUsed + 1 : e.pairsUsed;
  if (e.pairsPaid !== null && needed <= e.pairsPaid) {
    return { ...base, covered: true, needs: "none", message: `Your plan covers ${plural(e.pairsPaid)}.` };
  }
  if (e.state === "grace") {
    return {
      ...base,
      covered: false,
      needs: "resolve-billing",
      message: `A payment failed: update the payment details on the billing page before adding a pair.${ask}`,
    };
  }
  if (e.state === "trial") {
    return {
      ...base,
      covered: false,
      needs: "upgrade",
      message: `The free trial covers 1 integration pair and it is in use. Choose a plan to sync more companies.${ask}`,
    };
  }
  const plan = e.plan ? PLANS[e.plan] : null;
  if (!plan?.perPair) {
    return {
      ...base,
      covered: false,
      needs: "upgrade",
      message: `The ${plan?.name ?? "current"} plan covers ${plural(e.pairsPaid ?? 1)}. Move to Growth or Practice to sync more companies.${ask}`,
    };
  }
  return {
    ...base,
    covered: false,
    needs: "add-pair",
    message: `Your ${plan.name} plan pays for ${plural(e.pairsPaid ?? 0)}, all in use. Syncing this company adds one pair to the subscription, charged pro rata for the rest of the period.${ask}`,
  };
}

/** What a company's Start syncing / Resume would change: a company in set-up adds a pair, a paused one resumes. */
export function pairChangeFor(status: string): PairChange {
  if (status === "SETTING_UP") return "go-live";
  if (status === "PAUSED") return "resume";
  return "none";
}

/** The check the Start syncing and Resume buttons show before they are pressed. */
export async function pairCheck(
  o: { orgId: string; companyId: string; canManage?: boolean },
  deps: { db?: DbOrTx; now?: Date } = {},
): Promise<PairCheck> {
  const db = deps.db ?? defaultDb;
  const company = await db.company.findFirst({ where: { id: o.companyId, orgId: o.orgId }, select: { status: true } });
  if (!company) throw AppError.notFound("Company");
  return decidePairCheck(await entitlements(o.orgId, { db, now: deps.now }), pairChangeFor(company.status), o);
}

/** The org's billing row, created on first need (its trial from the org's creation), locked for this transaction. */
export async function lockBillingAccount(tx: DbOrTx, orgId: string): Promise<BillingAccount> {
  await tx.$executeRaw`
    INSERT INTO "BillingAccount" ("id", "orgId", "trialEndsAt", "appliedState", "updatedAt")
    SELECT gen_random_uuid()::text, o."id", o."createdAt" + make_interval(days => ${TRIAL_DAYS}), 'trial', now()
      FROM "Organization" o WHERE o."id" = ${orgId}
    ON CONFLICT ("orgId") DO NOTHING`;
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "BillingAccount" WHERE "orgId" = ${orgId} FOR UPDATE`;
  if (rows.length === 0) throw AppError.notFound("Organization");
  return tx.billingAccount.findUniqueOrThrow({ where: { orgId } });
}

/**
 * Inside the go-live / resume transaction: refuses a pair the plan does not cover (reason PlanLimitReached). The
 * billing row lock puts two go-lives of one organization in one order, so both cannot take the last paid pair.
 */
export async function assertPairCovered(
  tx: DbOrTx,
  o: { orgId: string; change: PairChange; now?: Date },
): Promise<PairCheck> {
  const facts = await lockBillingAccount(tx, o.orgId);
  const check = decidePairCheck(
    entitlementsFrom(facts, await countPairsUsed(o.orgId, tx), o.now ?? new Date()),
    o.change,
  );
  if (!check.covered) {
    throw new AppError("PRECONDITION_FAILED", check.message, { reason: PLAN_LIMIT_REASON });
  }
  return check;
}
