// A payment received or made, with what it pays.
import { z } from "zod";
import { isoDate } from "./dates";
import { moneySchema } from "./money";

export const allocationSchema = z.object({
  documentType: z.enum(["sales_invoice", "purchase_invoice"]),
  documentNumber: z.string().min(1),
  amount: moneySchema,
});
export type Allocation = z.infer<typeof allocationSchema>;

export const paymentSchema = z.object({
  /** The external system's payment id; null for a payment not yet posted. */
  id: z.string().nullable(),
  direction: z.enum(["received", "paid"]),
  date: isoDate,
  /** Total of the payment, in home currency for KashFlow (payments are booked in GBP, spec §8.4). */
  amount: moneySchema,
  methodId: z.string().nullable(),
  bankAccountId: z.string().nullable(),
  reference: z.string().nullable(),
  note: z.string().nullable(),
  /** Credit-note applications net to zero in the bank and never touch it. */
  isCreditApplication: z.boolean(),
  allocations: z.array(allocationSchema).min(1),
});
export type Payment = z.infer<typeof paymentSchema>;
