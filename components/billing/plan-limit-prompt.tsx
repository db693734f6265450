"use client";
// What Start syncing (or Resume) asks when the plan does not cover one more pair: upgrade (a plan, or a bigger one
// in the Portal), add one pair (growth, practice: prorated, once confirmed), or fix billing first. People who cannot
// change billing see who can.
import Link from "next/link";
import { Button, buttonClass } from "@/components/ui/button";
import type { PairCheck } from "@/server/services/billing/contract";
import { ManageBillingButton } from "./manage-billing-button";
import { pairPromptWords } from "./billing-words";

/** What the company page knows about billing, for owners and admins (the people who may start syncing). */
export type BillingContext = {
  orgId: string;
  check: PairCheck | null;
  canManage: boolean;
  ownerNames: string[];
  billingHref: string;
  /** A subscription exists: a bigger plan is chosen in the Portal, not in Checkout. */
  subscribed: boolean;
  /** "12.00 GBP per pair a month" for the current plan, when adding a pair has a price to show. */
  pairPrice: string | null;
};

export function PlanLimitPrompt({
  billing,
  check,
  busy,
  addPairLabel,
  onAddPair,
  onClose,
}: {
  billing: BillingContext;
  check: PairCheck;
  busy: boolean;
  /** "Add a pair and start syncing" / "Add a pair and resume". */
  addPairLabel: string;
  onAddPair: () => void;
  onClose: () => void;
}) {
  const words = pairPromptWords(check, billing, billing.pairPrice);
  return (
    <div
      className="rounded-md bg-amber-50 p-3 ring-1 ring-amber-200"
      role="alertdialog"
      aria-labelledby="plan-limit-title"
      aria-describedby="plan-limit-body"
      data-testid="plan-limit-prompt"
      data-needs={check.needs}
    >
      <p id="plan-limit-title" className="text-sm font-semibold text-amber-950">
        {words.title}
      </p>
      <p id="plan-limit-body" className="mt-1 text-sm text-amber-900">
        {words.body}
      </p>
      <div className="mt-3 flex flex-wrap items-start gap-2">
        {billing.canManage && check.needs === "add-pair" ? (
          <Button busy={busy} onClick={onAddPair} data-testid="plan-limit-add-pair">
            {addPairLabel}
          </Button>
        ) : null}
        {billing.canManage && check.needs === "upgrade" ? (
          billing.subscribed ? (
            <ManageBillingButton orgId={billing.orgId} label="Change plan" />
          ) : (
            <Link
              href={`${billing.billingHref}#plans`}
              className={buttonClass("primary")}
              data-testid="plan-limit-upgrade"
            >
              Choose a plan
            </Link>
          )
        ) : null}
        {billing.canManage && check.needs === "resolve-billing" ? (
          <Link href={billing.billingHref} className={buttonClass("primary")} data-testid="plan-limit-billing">
            Open billing
          </Link>
        ) : null}
        <Button variant="secondary" onClick={onClose}>
          Not now
        </Button>
      </div>
    </div>
  );
}
