// A line of a sales or purchase invoice, with its tax.
import { z } from "zod";
import { decimalString, moneySchema } from "./money";

export const taxSchema = z.object({
  /** Percentage ("20", "5", "0"); null when exempt / outside the scope of VAT. */
  rate: decimalString.nullable(),
  exempt: z.boolean(),
  amount: moneySchema,
});
export type Tax = z.infer<typeof taxSchema>;

export const documentLineSchema = z.object({
  lineNumber: z.number().int().min(0),
  description: z.string(),
  quantity: decimalString,
  unitPrice: decimalString,
  /** Nominal / GL account the line posts to. */
  accountCode: z.string().nullable(),
  itemCode: z.string().nullable(),
  net: moneySchema,
  tax: taxSchema,
  projectNumber: z.number().int().nullable(),
});
export type DocumentLine = z.infer<typeof documentLineSchema>;
