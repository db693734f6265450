// How many of an item are on hand, as of when.
import { z } from "zod";
import { isoDateTime } from "./dates";
import { decimalString } from "./money";

export const stockLevelSchema = z.object({
  itemCode: z.string().min(1),
  /** KashFlow keys products by nominal too; null where the other system has no such split. */
  accountCode: z.string().nullable(),
  warehouseCode: z.string().nullable(),
  quantityOnHand: decimalString,
  asOf: isoDateTime,
});
export type StockLevel = z.infer<typeof stockLevelSchema>;
