// The org home's small plan card: plan, state, pairs, and the way to the billing page, on one line where it fits.
import Link from "next/link";
import type { BillingStatus } from "@/server/services/billing/contract";
import { BillingStatusBadge } from "./billing-status-badge";
import { planWords } from "./billing-summary";
import { pairsWords, statusWords } from "./billing-words";

export function BillingHomeCard({ status, billingHref }: { status: BillingStatus; billingHref: string }) {
  return (
    <section
      aria-label="Plan"
      className="mb-6 flex flex-wrap items-center justify-between gap-3 rounded-lg bg-white px-5 py-3 shadow-sm ring-1 ring-slate-200"
      data-testid="org-billing-card"
    >
      <div className="min-w-0 space-y-0.5">
        <p className="flex flex-wrap items-center gap-2 text-sm">
          <span className="font-semibold text-slate-900" data-testid="billing-plan">
            {planWords(status)}
          </span>
          <BillingStatusBadge status={status} />
          <span className="text-slate-600" data-testid="billing-pairs">
            {pairsWords(status)}
          </span>
        </p>
        <p className="text-sm text-slate-600" data-testid="billing-sentence">
          {statusWords(status).sentence}
        </p>
      </div>
      <Link href={billingHref} className="shrink-0 text-sm font-medium text-indigo-700 hover:underline">
        Billing →
      </Link>
    </section>
  );
}
