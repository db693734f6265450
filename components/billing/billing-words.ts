// Billing in plain words, for the billing page, the banner and the org home: one place decides what each state says.
import { formatMinor } from "@/components/tie-out/money";
import type { BillingInterval, BillingStatus, PairCheck, PlanOffer } from "@/server/services/billing/contract";

/** Organizations have no time zone of their own and Stripe bills in UTC days, so billing dates are UTC days. */
const dayFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC",
  day: "numeric",
  month: "short",
  year: "numeric",
});

/** "20 Dec 2026"; "—" when there is no date. */
export function billingDay(iso: string | null | undefined): string {
  if (!iso) return "—";
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? "—" : dayFormat.format(at);
}

/** "12.00 GBP": Stripe's minor units and lower-case currency, shown exactly with the code in capitals. */
export const billingMoney = (m: { amount: number; currency: string }): string =>
  formatMinor(m.amount, m.currency.toUpperCase());

export const intervalWord = (i: BillingInterval): string => (i === "year" ? "a year" : "a month");

export type BillingTone = "green" | "amber" | "red" | "indigo" | "slate";

/** A state in a few words (a badge) and in a sentence (what it means and what happens next). */
export function statusWords(s: BillingStatus): { label: string; tone: BillingTone; sentence: string } {
  switch (s.state) {
    case "exempt":
      return { label: "Free", tone: "slate", sentence: "This organization is not billed." };
    case "trial": {
      const days = s.trialDaysLeft ?? 0;
      const left = days <= 0 ? "ends today" : days === 1 ? "1 day left" : `${days} days left`;
      return {
        label: `Trial · ${left}`,
        tone: days <= 3 ? "amber" : "indigo",
        sentence: `Free trial: ${left}${s.trialEndsAt ? ` (ends ${billingDay(s.trialEndsAt)})` : ""}. Choose a plan before it ends to keep syncing; no card was needed to start.`,
      };
    }
    case "active":
      return s.cancelAtPeriodEnd
        ? {
            label: "Cancels at period end",
            tone: "amber",
            sentence: `Cancels at period end on ${billingDay(s.currentPeriodEnd)}: sync pauses then unless the plan is renewed.`,
          }
        : {
            label: "Active",
            tone: "green",
            sentence: s.currentPeriodEnd ? `Active: renews on ${billingDay(s.currentPeriodEnd)}.` : "Active.",
          };
    case "grace":
      return {
        label: "Payment failed",
        tone: "red",
        sentence: `Payment failed: sync pauses on ${billingDay(s.graceEndsAt)} unless the card is fixed.`,
      };
    case "lapsed":
      return { label: "Paused for billing", tone: "red", sentence: `Sync is paused for billing: ${lapsedWhy(s)}` };
  }
}

function lapsedWhy(s: BillingStatus): string {
  const rest = "Your data is kept; paying resumes every company exactly where it stopped.";
  if (s.subscriptionStatus === "canceled") return `the subscription was cancelled. ${rest}`;
  if (s.subscriptionStatus === null) return `the free trial ended without a plan. ${rest}`;
  return `a payment failed and was not fixed in time. ${rest}`;
}

/** "2 of 3 pairs used"; "2 pairs (no limit)" when exempt; "2 pairs, none paid for" when lapsed. */
export function pairsWords(s: { pairsUsed: number; pairsPaid: number | null }): string {
  if (s.pairsPaid === null) return `${pairsCount(s.pairsUsed)} (no limit)`;
  // Lapsed: nothing is paid for, and "2 of 0" would read as a mistake.
  if (s.pairsPaid === 0) return `${pairsCount(s.pairsUsed)}, none paid for`;
  return `${s.pairsUsed.toLocaleString("en-GB")} of ${pairsCount(s.pairsPaid)} used`;
}

export const pairsCount = (n: number): string => `${n.toLocaleString("en-GB")} ${n === 1 ? "pair" : "pairs"}`;

/** Who can change billing, for people who cannot: "Only an owner can change billing: Ann Lee, Bo Chan." */
export function ownersWords(ownerNames: readonly string[]): string {
  return ownerNames.length
    ? `Only an owner can change billing: ${ownerNames.join(", ")}.`
    : "Only an owner can change billing.";
}

/** The banner's message, or null when billing needs nobody's attention (trial with more than 3 days, active, exempt). */
export function bannerWords(s: BillingStatus): { tone: "amber" | "red"; text: string } | null {
  if (s.state === "trial" && s.trialDaysLeft !== null && s.trialDaysLeft <= 3) {
    const left =
      s.trialDaysLeft <= 0 ? "ends today" : `ends in ${s.trialDaysLeft === 1 ? "1 day" : `${s.trialDaysLeft} days`}`;
    return {
      tone: "amber",
      text: `The free trial ${left}${s.trialEndsAt ? ` (${billingDay(s.trialEndsAt)})` : ""}: without a plan, sync pauses then.`,
    };
  }
  if (s.state === "grace") return { tone: "red", text: statusWords(s).sentence };
  if (s.state === "lapsed") return { tone: "red", text: statusWords(s).sentence };
  return null;
}

/** "12.00 GBP per pair a month", "19.00 GBP a month for 1 pair", from a plan offer. */
export function offerPrice(o: PlanOffer): string {
  if (!o.unitAmount) return "Price not available";
  const price = billingMoney(o.unitAmount);
  if (o.maxPairs === 1) return `${price} ${intervalWord(o.interval)} for 1 pair`;
  return `${price} per pair ${intervalWord(o.interval)}`;
}

/** The offer's limits: "Up to 1 pair", "From 5 pairs", "Any number of pairs; lower prices as you add pairs". */
export function offerLimits(o: PlanOffer): string {
  if (o.maxPairs !== null) return `Up to ${pairsCount(o.maxPairs)}`;
  if (o.minPairs > 1) return `From ${pairsCount(o.minPairs)}`;
  return "Any number of pairs";
}

/** What a plan-limit prompt says to the person who met it, by what the pair needs and who they are. */
export function pairPromptWords(
  check: PairCheck,
  who: { canManage: boolean; ownerNames: readonly string[] },
  price: string | null,
): { title: string; body: string } {
  // Neutral about trial or plan: the trial covers pairs too, without anything being paid.
  const used = `${pairsCount(check.pairsUsed)} ${check.pairsUsed === 1 ? "is" : "are"} syncing, and ${check.pairsPaid === null ? "any number" : check.pairsPaid.toLocaleString("en-GB")} ${check.pairsPaid === 1 ? "is" : "are"} covered.`;
  if (check.needs === "add-pair") {
    return {
      title: "Add a pair to your plan?",
      body: who.canManage
        ? `${used} This adds one pair to your plan${price ? ` (${price}, prorated)` : " (prorated)"}.`
        : `${used} Adding a pair changes the plan. ${ownersWords(who.ownerNames)}`,
    };
  }
  if (check.needs === "resolve-billing") {
    return {
      title: "Billing needs attention first",
      body: `${check.message}${who.canManage ? "" : ` ${ownersWords(who.ownerNames)}`}`,
    };
  }
  return {
    title: "Upgrade to sync this company",
    body: who.canManage ? `${used} Choose a plan that covers one more pair.` : `${used} ${ownersWords(who.ownerNames)}`,
  };
}
