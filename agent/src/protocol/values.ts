// Scalar schemas of the agent protocol: codes, dates, amounts. Amounts travel as decimal strings so no float ever
// decides a cent; the agent converts them to numbers only at the BOI call.
import { z } from "zod";

/** A Sage code (customer, vendor, item, account...): trimmed, non-blank; Sage itself enforces the column length. */
export const sageCode = (max: number) => z.string().trim().min(1).max(max);
/** Free text sent to Sage; Sage enforces its own (version dependent) lengths and says so in plain words. */
export const sageText = (max = 250) => z.string().max(max);
export const isoDate = z.iso.date();
export const division = z
  .string()
  .regex(/^\d{2}$/, "a 2-digit division such as 00")
  .default("00");
export const money = z.string().regex(/^-?\d{1,12}(\.\d{1,2})?$/, "an amount with at most 2 decimals, e.g. 123.45");
export const quantity = z.string().regex(/^-?\d{1,10}(\.\d{1,6})?$/, "a number with at most 6 decimals");
export const batchNo = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]{1,5}$/, "a batch number of up to 5 letters or digits");

/** DateUpdated + TimeUpdated as Sage stores them: an ISO date and decimal hours ("15.5" = 15:30:00). */
export const sageStamp = z.object({
  date: isoDate,
  time: z.string().regex(/^\d{1,2}(\.\d{1,6})?$/, "decimal hours such as 15.5"),
});
export type SageStamp = z.infer<typeof sageStamp>;

/** Where a document goes: an existing batch, or a new one; `post` runs the register update right after the write. */
export const batchSpec = z
  .object({
    batchNo: batchNo.optional(),
    comment: z.string().max(30).optional(),
    post: z.boolean().default(false),
    postingDate: isoDate.optional(),
  })
  .default({ post: false });
