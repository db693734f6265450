// A purchase invoice / bill (or supplier credit note: negative total).
import { z } from "zod";
import { documentBase } from "./sales-invoice";

export const purchaseInvoiceSchema = z.object({
  kind: z.literal("purchase_invoice"),
  ...documentBase,
  supplierCode: z.string().min(1),
  supplierName: z.string().nullable(),
  /** The supplier's own invoice number. */
  supplierReference: z.string().nullable(),
  /** KashFlow distinguishes purchases from expenses. */
  purchaseType: z.enum(["purchase", "expense"]),
});
export type PurchaseInvoice = z.infer<typeof purchaseInvoiceSchema>;
