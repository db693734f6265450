// Payment lines on invoices and purchases ⇄ canonical Payment.
import { AppError } from "@/lib/errors";
import { money, moneyToDecimal } from "@/server/domain/canonical/money";
import { paymentSchema, type Payment } from "@/server/domain/canonical/payment";
import type { KfPaymentLine } from "../schemas/document";
import type { KfPaymentInput } from "../schemas/payloads";
import { isoDateOf, text, validated, wireDate } from "./common";

export type PaymentDocument = { kind: "invoice" | "purchase"; number: number; issueDate: string };

/** KashFlow books payments in the home currency (GBP; §8.4 "TotalPaidAmount is home currency"). */
export function paymentLineToPayment(line: KfPaymentLine, doc: PaymentDocument, homeCurrency = "GBP"): Payment {
  const amount = money(line.Amount, homeCurrency);
  return validated(
    paymentSchema,
    {
      id: line.Id != null ? String(line.Id) : null,
      direction: doc.kind === "invoice" ? "received" : "paid",
      // A payment line without a date is dated with its document rather than dropped.
      date: isoDateOf(line.Date) ?? doc.issueDate,
      amount,
      methodId: line.Method ? String(line.Method) : null,
      bankAccountId: line.AccountId ? String(line.AccountId) : null,
      reference: text(line.Reference),
      note: text(line.Note),
      isCreditApplication: line.IsPaymentCreditNote ?? false,
      allocations: [
        {
          documentType: doc.kind === "invoice" ? "sales_invoice" : "purchase_invoice",
          documentNumber: String(doc.number),
          amount,
        },
      ],
    },
    `a payment on ${doc.kind} ${doc.number}`,
  );
}

function requiredId(value: string | null, field: "methodId" | "bankAccountId", what: string): number {
  if (value && /^\d+$/.test(value)) return Number(value);
  const label = field === "methodId" ? "payment method" : "bank account";
  throw new AppError("BAD_REQUEST", `KashFlow needs a ${label} for ${what}. Map it to a KashFlow ${label}.`, {
    retryClass: "NEEDS_USER",
    reason: field === "methodId" ? "MissingPaymentMethod" : "MissingBankAccount",
    fieldErrors: { [field]: [`choose a KashFlow ${label}`] },
  });
}

/** A canonical payment as a PaymentLines entry; an id keeps an existing line, none adds one (§14). */
export function paymentToPaymentInput(p: Payment): KfPaymentInput {
  const what = `the payment of ${moneyToDecimal(p.amount)} ${p.amount.currency} on ${p.date}`;
  return {
    ...(p.id && /^\d+$/.test(p.id) ? { Id: Number(p.id) } : {}),
    Date: wireDate(p.date),
    Amount: Number(moneyToDecimal(p.amount)),
    Method: requiredId(p.methodId, "methodId", what),
    AccountId: requiredId(p.bankAccountId, "bankAccountId", what),
    ...(p.reference ? { Reference: p.reference } : {}),
    ...(p.note ? { Note: p.note } : {}),
  };
}
