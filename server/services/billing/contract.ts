// What the billing screens read and send: the shapes every billing procedure returns, agreed before the services
// behind them (issue 13). Plans are priced per integration pair; prices live in Stripe, found by lookup key.
import { z } from "zod";

export const PLAN_IDS = ["starter", "growth", "practice"] as const;
export const planIdSchema = z.enum(PLAN_IDS);
export type PlanId = z.infer<typeof planIdSchema>;

export const intervalSchema = z.enum(["month", "year"]);
export type BillingInterval = z.infer<typeof intervalSchema>;

/**
 * Where an organization stands. `trial`: the 14-day trial without a card; `active`: paid (Stripe's active or
 * trialing); `grace`: a payment failed, sync goes on until the grace period ends; `lapsed`: trial over without a
 * subscription, grace over, or cancelled — every LIVE company is paused with reason BILLING; `exempt`: the demo.
 */
export const entitlementStateSchema = z.enum(["trial", "active", "grace", "lapsed", "exempt"]);
export type EntitlementState = z.infer<typeof entitlementStateSchema>;

/** Money as Stripe gives it: integer minor units and an ISO currency code (lower case, as Stripe writes it). */
export const moneySchema = z.object({ amount: z.number().int(), currency: z.string() });

export const billingInvoiceSchema = z.object({
  id: z.string(),
  number: z.string().nullable(),
  /** ISO date-time; screens show it in the company's one date format. */
  createdAt: z.string(),
  total: moneySchema,
  status: z.string(),
  /** Stripe's hosted invoice page, when there is one. */
  url: z.string().nullable(),
});

export const billingStatusSchema = z.object({
  state: entitlementStateSchema,
  plan: planIdSchema.nullable(),
  planName: z.string().nullable(),
  interval: intervalSchema.nullable(),
  /** Stripe's subscription status as last read (trialing, active, past_due, canceled, …), null before Checkout. */
  subscriptionStatus: z.string().nullable(),
  /** Pairs counted now: companies LIVE, or PAUSED by a person (SETTING_UP does not count). */
  pairsUsed: z.number().int(),
  /** Pairs the plan (or the trial) covers; null when unlimited (exempt). */
  pairsPaid: z.number().int().nullable(),
  trialEndsAt: z.string().nullable(),
  trialDaysLeft: z.number().int().nullable(),
  currentPeriodEnd: z.string().nullable(),
  cancelAtPeriodEnd: z.boolean(),
  /** When sync pauses if the failed payment is not fixed (past_due + 7 days). */
  graceEndsAt: z.string().nullable(),
  nextInvoice: z.object({ at: z.string(), total: moneySchema }).nullable(),
  recentInvoices: z.array(billingInvoiceSchema),
  /** Whether the viewer may manage billing (OWNER only); others see the plan and who can fix it. */
  canManage: z.boolean(),
  /** Names of the organization's owners, for "ask <name> to …" when the viewer cannot manage billing. */
  ownerNames: z.array(z.string()),
});
export type BillingStatus = z.infer<typeof billingStatusSchema>;

/** A plan as offered on the billing page: the name and rules from code, the price from Stripe. */
export const planOfferSchema = z.object({
  plan: planIdSchema,
  name: z.string(),
  description: z.string(),
  interval: intervalSchema,
  lookupKey: z.string(),
  /** Per pair (growth, practice: the first tier's unit price) or flat (starter). */
  unitAmount: moneySchema.nullable(),
  minPairs: z.number().int(),
  maxPairs: z.number().int().nullable(),
});
export type PlanOffer = z.infer<typeof planOfferSchema>;

export const startCheckoutInput = z.object({ plan: planIdSchema, interval: intervalSchema });
export const redirectSchema = z.object({ url: z.string() });

/**
 * What Start syncing needs when the plan does not cover one more pair: `upgrade` (trial or starter: Checkout or a
 * bigger plan), or `add-pair` (growth, practice: the quantity goes up by one, prorated, once the person confirms).
 */
export const pairCheckSchema = z.object({
  covered: z.boolean(),
  needs: z.enum(["none", "upgrade", "add-pair", "resolve-billing"]),
  pairsUsed: z.number().int(),
  pairsPaid: z.number().int().nullable(),
  message: z.string(),
});
export type PairCheck = z.infer<typeof pairCheckSchema>;

export { PLAN_LIMIT_REASON } from "./reasons";
