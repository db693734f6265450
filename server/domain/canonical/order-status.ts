// Where a sales order stands, for status propagated back to the selling system.
import { z } from "zod";
import { isoDateTime } from "./dates";

export const orderStatusValues = [
  "open",
  "on_hold",
  "partially_shipped",
  "shipped",
  "invoiced",
  "cancelled",
  "closed",
] as const;

export const orderStatusSchema = z.object({
  orderNumber: z.string().min(1),
  status: z.enum(orderStatusValues),
  /** Invoice numbers raised for the order so far. */
  invoiceNumbers: z.array(z.string()),
  trackingReference: z.string().nullable(),
  updatedAt: isoDateTime,
});
export type OrderStatus = z.infer<typeof orderStatusSchema>;
