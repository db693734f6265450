// Recent invoices, newest first, each with Stripe's hosted invoice page (where it can be paid or downloaded).
import { ExternalLink } from "lucide-react";
import { Badge } from "@/components/ui/card";
import type { BillingStatus } from "@/server/services/billing/contract";
import { billingDay, billingMoney } from "./billing-words";

const STATUS: Record<string, { label: string; tone: "green" | "amber" | "red" | "slate" }> = {
  paid: { label: "Paid", tone: "green" },
  open: { label: "Due", tone: "amber" },
  uncollectible: { label: "Unpaid", tone: "red" },
  void: { label: "Void", tone: "slate" },
  draft: { label: "Draft", tone: "slate" },
};

export function InvoiceList({ invoices }: { invoices: BillingStatus["recentInvoices"] }) {
  if (invoices.length === 0) return <p className="text-sm text-slate-500">No invoices yet.</p>;
  return (
    <ul className="divide-y divide-slate-100" aria-label="Recent invoices" data-testid="billing-invoices">
      {invoices.map((i) => {
        const status = STATUS[i.status] ?? { label: i.status, tone: "slate" as const };
        return (
          <li
            key={i.id}
            className="flex flex-wrap items-center justify-between gap-2 py-2.5"
            data-testid="billing-invoice"
          >
            <div className="min-w-0">
              <p className="text-sm font-medium text-slate-900">
                {billingMoney(i.total)} <span className="font-normal text-slate-500">· {billingDay(i.createdAt)}</span>
              </p>
              {i.number ? <p className="text-xs text-slate-500">Invoice {i.number}</p> : null}
            </div>
            <div className="flex items-center gap-3">
              <Badge tone={status.tone}>{status.label}</Badge>
              {i.url ? (
                <a
                  href={i.url}
                  target="_blank"
                  rel="noopener noreferrer"
                  className="inline-flex items-center gap-1 text-sm font-medium text-indigo-700 hover:underline"
                >
                  View invoice
                  <ExternalLink className="size-3.5" aria-hidden />
                  <span className="sr-only">(opens in a new tab)</span>
                </a>
              ) : null}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
