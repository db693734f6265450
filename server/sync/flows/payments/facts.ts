// What a carried KashFlow payment was, in KashFlow's terms (a change to any of it after Sage 100 has it is held,
// never carried twice), and how a payment is named in the messages a person reads. Shared by receipts and checks.
import { stableStringify } from "@/server/integrations/kashflow/hash";
import { sageAmount } from "../../documents/support";
import type { KashflowPayment } from "./records";

export type PaymentFacts = { date: string; amountMinor: number; methodId: string | null; document: string };

export const factsOf = (p: KashflowPayment): PaymentFacts => ({
  date: p.date,
  amountMinor: p.amount.amountMinor,
  methodId: p.methodId,
  document: `${p.document.kind}:${p.document.number}`,
});

const documentNoun = (p: KashflowPayment): string =>
  p.document.kind === "purchase"
    ? p.document.isCreditNote
      ? "purchase credit note"
      : "purchase"
    : p.document.isCreditNote
      ? "credit note"
      : "invoice";

/** "the payment of 12.00 GBP on KashFlow invoice 42". */
export const label = (p: KashflowPayment): string =>
  `the payment of ${sageAmount(p.amount.amountMinor, p.amount.currency)} ${p.amount.currency} on KashFlow ${documentNoun(p)} ${p.document.number}`;

/** Same facts whatever the key order: stored facts come back from Postgres jsonb with their keys reordered. */
export const sameFacts = (a: PaymentFacts, b: PaymentFacts): boolean => stableStringify(a) === stableStringify(b);
