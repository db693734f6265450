// A product or service line that can be sold or bought, with its stock setting.
import { z } from "zod";
import { isoDateTime } from "./dates";
import { currencyCode, decimalString } from "./money";

export const itemSchema = z.object({
  /** KashFlow products are keyed by (nominal code, code): the same code can live under two nominals. */
  code: z.string().min(1),
  salesAccountCode: z.string().nullable(),
  name: z.string(),
  description: z.string().nullable(),
  currency: currencyCode,
  /** Unit prices keep KashFlow's 4 decimals, so they are exact decimals rather than minor units. */
  unitPrice: decimalString,
  wholesalePrice: decimalString.nullable(),
  /** VAT percentage ("20"), null when the item is VAT exempt. */
  vatRate: decimalString.nullable(),
  vatExempt: z.boolean(),
  isStockTracked: z.boolean(),
  quantityOnHand: decimalString.nullable(),
  reorderLevel: decimalString.nullable(),
  /** Purchases posted to this account add stock. */
  purchaseAccountCode: z.string().nullable(),
  isActive: z.boolean(),
  updatedAt: isoDateTime.nullable(),
});
export type Item = z.infer<typeof itemSchema>;

/** The ledger key of an item: "4000/WIDGET-A". */
export const itemKey = (i: Pick<Item, "code" | "salesAccountCode">): string => `${i.salesAccountCode ?? ""}/${i.code}`;
