// A sales invoice (or credit note: negative total) as both systems understand one.
import { z } from "zod";
import { isoDate, isoDateTime } from "./dates";
import { documentLineSchema } from "./document-line";
import { currencyCode, decimalString, moneySchema } from "./money";
import { addressSchema } from "./party";
import { paymentSchema } from "./payment";

export const documentStatusSchema = z.enum([
  "draft",
  "unpaid",
  "part_paid",
  "paid",
  "overpaid",
  "overdue",
  "zero_value",
]);
export type DocumentStatus = z.infer<typeof documentStatusSchema>;

/** Net, tax and gross in the document's currency. */
export const documentTotalsSchema = z.object({ net: moneySchema, tax: moneySchema, gross: moneySchema });

/** What has been paid and what is still due; each Money says its currency (KashFlow books payments in GBP, §8.4). */
export const documentBalanceSchema = z.object({ paid: moneySchema, due: moneySchema });

const documentBase = {
  /** The document number in the external system. */
  number: z.string().min(1),
  issueDate: isoDate,
  dueDate: isoDate.nullable(),
  currency: currencyCode,
  /** Units of the document currency per 1 home-currency unit (KashFlow: per 1 GBP). "1" for home currency. */
  exchangeRate: decimalString,
  isCreditNote: z.boolean(),
  lines: z.array(documentLineSchema),
  totals: documentTotalsSchema,
  balance: documentBalanceSchema,
  /** Totals in the home currency (GBP for KashFlow). */
  homeTotals: z.object({ net: moneySchema.nullable(), tax: moneySchema, gross: moneySchema }),
  status: documentStatusSchema,
  payments: z.array(paymentSchema),
  projectNumber: z.number().int().nullable(),
  createdAt: isoDateTime.nullable(),
  updatedAt: isoDateTime.nullable(),
};
export { documentBase };

export const salesInvoiceSchema = z.object({
  kind: z.literal("sales_invoice"),
  ...documentBase,
  customerCode: z.string().min(1),
  customerName: z.string().nullable(),
  /** The customer's purchase-order reference. */
  customerReference: z.string().nullable(),
  billingAddress: addressSchema.nullable(),
  deliveryAddress: addressSchema.nullable(),
});
export type SalesInvoice = z.infer<typeof salesInvoiceSchema>;
