// Dates in the canonical model: ISO calendar dates ("2026-03-31") and ISO timestamps.
import { z } from "zod";

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date such as 2026-03-31")
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, "is not a real calendar date");
export type IsoDate = z.infer<typeof isoDate>;

/** "2026-03-31T12:00:00" with an optional offset or Z. */
export const isoDateTime = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?$/,
    "must be a timestamp such as 2026-03-31T12:00:00",
  );
export type IsoDateTime = z.infer<typeof isoDateTime>;
