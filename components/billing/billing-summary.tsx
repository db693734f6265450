// Where the organization stands: plan and interval, the state in a sentence, pairs used of paid, the next invoice.
// The billing page's "Your plan" card.
import type { ReactNode } from "react";
import type { BillingStatus } from "@/server/services/billing/contract";
import { BillingStatusBadge } from "./billing-status-badge";
import { billingDay, billingMoney, pairsWords, statusWords } from "./billing-words";

export function planWords(s: BillingStatus): string {
  if (s.state === "exempt") return "Demo (not billed)";
  if (!s.planName) return s.state === "trial" ? "Free trial" : "No plan";
  return s.interval ? `${s.planName}, billed ${s.interval === "year" ? "yearly" : "monthly"}` : s.planName;
}

export function BillingSummary({ status, actions }: { status: BillingStatus; actions?: ReactNode }) {
  const words = statusWords(status);
  return (
    <div className="space-y-4" data-testid="billing-summary">
      <div className="flex flex-wrap items-center gap-3">
        <p className="text-base font-semibold text-slate-900" data-testid="billing-plan">
          {planWords(status)}
        </p>
        <BillingStatusBadge status={status} />
      </div>
      <p className="text-sm text-slate-700" data-testid="billing-sentence">
        {words.sentence}
      </p>
      <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
        <div>
          <dt className="text-slate-500">Integration pairs</dt>
          <dd className="font-medium text-slate-900" data-testid="billing-pairs">
            {pairsWords(status)}
          </dd>
        </div>
        {status.nextInvoice ? (
          <div>
            <dt className="text-slate-500">Next invoice</dt>
            <dd className="font-medium text-slate-900" data-testid="billing-next-invoice">
              {billingMoney(status.nextInvoice.total)} on {billingDay(status.nextInvoice.at)}
            </dd>
          </div>
        ) : null}
      </dl>
      {actions ? <div className="flex flex-wrap items-center gap-3">{actions}</div> : null}
    </div>
  );
}
