// The org layout's billing banner, on every org page when billing needs someone: the trial ends within 3 days, a
// payment failed (with the date sync pauses), or sync is paused for billing. It says why and who can fix it.
import Link from "next/link";
import type { BillingStatus } from "@/server/services/billing/contract";
import { bannerWords, ownersWords } from "./billing-words";

const TONES = {
  amber: "border-amber-200 bg-amber-50 text-amber-900",
  red: "border-red-200 bg-red-50 text-red-800",
} as const;

type Props =
  /** Owners and admins read the billing status. */
  | { status: BillingStatus; billingHref: string }
  /** Accountants and viewers do not: they see only that companies are paused for billing, and who can fix it. */
  | { pausedForBilling: number; ownerNames: string[] };

export function BillingBanner(props: Props) {
  const message =
    "status" in props
      ? bannerWords(props.status)
      : props.pausedForBilling > 0
        ? {
            tone: "red" as const,
            text: `Sync is paused for billing on ${props.pausedForBilling === 1 ? "1 company" : `${props.pausedForBilling} companies`}. Your data is kept.`,
          }
        : null;
  if (!message) return null;
  const fix =
    "status" in props ? (
      props.status.canManage ? (
        <Link
          href={props.status.state === "trial" ? `${props.billingHref}#plans` : props.billingHref}
          className="font-semibold underline underline-offset-2"
          data-testid="billing-banner-fix"
        >
          {props.status.state === "trial"
            ? "Choose a plan"
            : props.status.state === "grace"
              ? "Fix the payment"
              : "Resume with a plan"}{" "}
          →
        </Link>
      ) : (
        <span>{ownersWords(props.status.ownerNames)}</span>
      )
    ) : (
      <span>{ownersWords(props.ownerNames)}</span>
    );
  return (
    <div
      className={`border-b ${TONES[message.tone]}`}
      role="status"
      data-testid="billing-banner"
      data-tone={message.tone}
    >
      <p className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-3 gap-y-1 px-6 py-2.5 text-sm">
        <span>{message.text}</span>
        {fix}
      </p>
    </div>
  );
}
