// A general-ledger journal: balanced debit and credit lines (e.g. the daily summarised GL posting).
import { z } from "zod";
import { isoDate } from "./dates";
import { currencyCode, moneySchema } from "./money";

export const journalLineSchema = z.object({
  accountCode: z.string().min(1),
  description: z.string().nullable(),
  /** Exactly one of debit / credit is non-zero. */
  debit: moneySchema,
  credit: moneySchema,
});
export type JournalLine = z.infer<typeof journalLineSchema>;

export const journalSchema = z
  .object({
    number: z.string().nullable(),
    date: isoDate,
    reference: z.string().nullable(),
    narrative: z.string().nullable(),
    currency: currencyCode,
    lines: z.array(journalLineSchema).min(2),
  })
  .refine((j) => j.lines.every((l) => l.debit.currency === j.currency && l.credit.currency === j.currency), {
    message: "every line must be in the journal's currency",
    path: ["lines"],
  })
  .refine((j) => j.lines.reduce((t, l) => t + l.debit.amountMinor - l.credit.amountMinor, 0) === 0, {
    message: "debits and credits must balance",
    path: ["lines"],
  });
export type Journal = z.infer<typeof journalSchema>;
