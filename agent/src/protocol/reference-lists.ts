// Sage 100's reference lists the mapping forms pick from (G/L accounts, tax classes, bank codes): the
// readReferenceLists payload, one row schema per list, and the per-list outcome (a list Sage could not read does
// not spoil the others).
import { z } from "zod";
import { commandErrorSchema } from "./errors";

export const REFERENCE_LISTS = ["glAccounts", "taxClasses", "bankCodes"] as const;
export type ReferenceList = (typeof REFERENCE_LISTS)[number];

/** Rows read per list at most; a bigger list comes back cut at this many with `truncated: true`. */
export const MAX_REFERENCE_ROWS = 5_000;

export const readReferenceListsPayload = z.object({
  lists: z
    .array(z.enum(REFERENCE_LISTS))
    .min(1)
    .max(REFERENCE_LISTS.length)
    .default([...REFERENCE_LISTS]),
  maxRows: z.number().int().min(1).max(MAX_REFERENCE_ROWS).default(MAX_REFERENCE_ROWS),
});

const text = (max: number) => z.string().max(max);

export const glAccountRow = z.object({
  /** Formatted, as people type it (4000-00). */
  account: text(13).min(1),
  /** The surrogate other tables join on. */
  accountKey: text(9),
  description: text(50),
  /** A active, I inactive, D deleted. */
  status: text(1),
  type: text(1).optional(),
  group: text(20).optional(),
});
export const taxClassRow = z.object({ taxClass: text(2).min(1), description: text(30) });
export const bankCodeRow = z.object({
  bankCode: text(1).min(1),
  name: text(30),
  /** The formatted cash account, when Sage has one for the bank code. */
  cashAccount: text(13).optional(),
});

export const REFERENCE_ROW_SCHEMAS = {
  glAccounts: glAccountRow,
  taxClasses: taxClassRow,
  bankCodes: bankCodeRow,
} as const;
export type ReferenceRow<L extends ReferenceList> = z.infer<(typeof REFERENCE_ROW_SCHEMAS)[L]>;

const listOutcome = <R extends z.ZodType>(row: R) =>
  z.discriminatedUnion("ok", [
    z.object({ ok: z.literal(true), rows: z.array(row).max(MAX_REFERENCE_ROWS), truncated: z.boolean() }),
    z.object({ ok: z.literal(false), error: commandErrorSchema }),
  ]);

export const readReferenceListsResult = z.object({
  glAccounts: listOutcome(glAccountRow).optional(),
  taxClasses: listOutcome(taxClassRow).optional(),
  bankCodes: listOutcome(bankCodeRow).optional(),
});
export type ReadReferenceListsResult = z.infer<typeof readReferenceListsResult>;
