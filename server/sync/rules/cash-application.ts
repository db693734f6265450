// How much of a KashFlow payment a Sage 100 cash receipt applies to the invoice it pays, and where the rest goes:
// over-payments stay as unapplied cash; when KashFlow says the payment settles the invoice, what the rates leave
// open (or over-cover) in Sage is an exchange difference. Pure: amounts in Sage's minor units, signs as in Sage
// (a refund on a credit memo is negative cash against a negative balance).

/** Past this share of the cash, a difference is not an exchange difference: held for a person, never booked. */
export const FX_DIFFERENCE_LIMIT = 0.1;

export type ApplicationInput = {
  /** The payment converted at its own date's rate. */
  cashMinor: number;
  /** What the Sage invoice still has open for receipts (Balance − PaymentsToday). */
  openMinor: number;
  /** KashFlow shows the document paid (or over-paid) once this payment is counted. */
  settles: boolean;
  /** The part of this payment KashFlow counts as over-payment, converted. */
  overpaidMinor: number;
};

export type ApplicationPlan =
  | { appliedMinor: number; unappliedMinor: number; fxDifferenceMinor: number }
  | { tooLarge: { differenceMinor: number } };

/** `sign * x` without JavaScript's -0. */
const signed = (sign: number, x: number): number => sign * x || 0;

export function planApplication(i: ApplicationInput): ApplicationPlan {
  const sign = i.cashMinor < 0 || (i.cashMinor === 0 && i.openMinor < 0) ? -1 : 1;
  const cash = sign * i.cashMinor;
  const open = Math.max(0, sign * i.openMinor);
  if (!i.settles) {
    const applied = Math.min(cash, open);
    return { appliedMinor: signed(sign, applied), unappliedMinor: signed(sign, cash - applied), fxDifferenceMinor: 0 };
  }
  const unapplied = Math.min(cash, Math.max(0, sign * i.overpaidMinor));
  const fx = cash - open - unapplied;
  if (Math.abs(fx) > Math.max(1, Math.round(cash * FX_DIFFERENCE_LIMIT)))
    return { tooLarge: { differenceMinor: signed(sign, fx) } };
  return {
    appliedMinor: signed(sign, open),
    unappliedMinor: signed(sign, unapplied),
    fxDifferenceMinor: signed(sign, fx),
  };
}

/** A credit note applied to an invoice: the same amount off both, never more than either still has open. */
export function planCreditApplication(o: {
  amountMinor: number;
  openInvoiceMinor: number;
  openCreditMinor: number;
  settles: boolean;
}): number {
  const room = Math.min(Math.max(0, o.openInvoiceMinor), Math.max(0, -o.openCreditMinor));
  return o.settles ? room : Math.min(Math.abs(o.amountMinor), room);
}

export type CheckApplicationPlan =
  | { appliedMinor: number; fxDifferenceMinor: number }
  | { tooLarge: { differenceMinor: number } }
  | { exceeds: { unappliedMinor: number } };

/**
 * A supplier payment as an A/P manual check: A/P keeps no unapplied cash, so the check pays the bill up to what it
 * has open and, when KashFlow says the payment settles the bill, books what the rates leave as an exchange
 * difference; anything beyond the bill is for a person.
 */
export function planCheckApplication(i: ApplicationInput): CheckApplicationPlan {
  const plan = planApplication(i);
  if ("tooLarge" in plan) return plan;
  if (plan.unappliedMinor !== 0) return { exceeds: { unappliedMinor: plan.unappliedMinor } };
  return { appliedMinor: plan.appliedMinor, fxDifferenceMinor: plan.fxDifferenceMinor };
}
