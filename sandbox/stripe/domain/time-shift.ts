// Advancing one subscription's clock: its dates, its invoices and its pending lines move back by the same amount,
// so "now" lands where the test wants in that subscription's life while every other subscription stays put.
import type { Store } from "../store/store";
import type { InvoiceObj, Json, SubscriptionObj } from "../store/types";

export function shiftSubscription(store: Store, sub: SubscriptionObj, seconds: number): void {
  const back = (v: unknown) => (typeof v === "number" ? v - seconds : v);
  for (const k of [
    "created",
    "start_date",
    "billing_cycle_anchor",
    "trial_start",
    "trial_end",
    "cancel_at",
    "canceled_at",
  ] as const)
    (sub as Json)[k] = back(sub[k]);
  for (const item of sub.items.data) {
    item.current_period_start -= seconds;
    item.current_period_end -= seconds;
  }
  // Its invoices move with it, so lists (newest first) and dates stay in step with the subscription.
  for (const inv of store.invoices.values())
    if (inv.parent?.subscription_details.subscription === sub.id) shiftInvoice(inv, seconds);
  for (const line of store.pendingLines.get(sub.id) ?? []) {
    line.period.start -= seconds;
    line.period.end -= seconds;
  }
}

function shiftInvoice(inv: InvoiceObj, seconds: number): void {
  const back = (v: unknown) => (typeof v === "number" ? v - seconds : v);
  inv.created -= seconds;
  inv.period_start -= seconds;
  inv.period_end -= seconds;
  inv.effective_at = back(inv.effective_at);
  inv.next_payment_attempt = back(inv.next_payment_attempt);
  const t = inv.status_transitions;
  inv.status_transitions = {
    finalized_at: back(t.finalized_at) as number | null,
    marked_uncollectible_at: back(t.marked_uncollectible_at) as number | null,
    paid_at: back(t.paid_at) as number | null,
    voided_at: back(t.voided_at) as number | null,
  };
  for (const line of inv.lines.data) {
    line.period.start -= seconds;
    line.period.end -= seconds;
  }
}
