// The normalised error of a command: a code both sides understand, a plain-English message, a retry class.
import { z } from "zod";

export const COMMAND_ERROR_CODES = [
  "NOT_FOUND", // a referenced customer, vendor, item, account, invoice, batch... is not on file
  "INVALID_VALUE", // Sage refused a value (enumeration, date, number format, item type)
  "REQUIRED", // a required column was blank on write
  "TOO_LONG", // a string is longer than the Sage column
  "INACTIVE", // customer, vendor, item or G/L account is inactive or deleted
  "LOCKED", // record in use by another Sage user
  "BATCH_IN_USE", // batch in use or private to another user
  "PERIOD_CLOSED", // date in a closed period, outside a fiscal year or the allowed posting window
  "DUPLICATE", // the number is taken by a document Ledgerlink did not create
  "OUT_OF_BALANCE", // journal, distribution or deposit does not balance
  "NO_LICENSE", // every Sage 100 user licence is in use
  "NO_ACCESS", // the agent's Sage user lacks rights
  "EXCLUSIVE_MODE", // period-end or another exclusive task holds the company
  "SESSION_DEAD", // the BOI session died (COM failure); a fresh session is used on retry
  "INVALID_COMMAND", // the command itself is malformed (agent-side validation)
  "UNSUPPORTED", // this agent or driver cannot do it
  "TIMEOUT",
  "INTERNAL", // anything unclassified: a bug until proven otherwise
] as const;
export type CommandErrorCode = (typeof COMMAND_ERROR_CODES)[number];

export const RETRY_CLASSES = ["TRANSIENT", "RATE_LIMITED", "NEEDS_USER", "BUG"] as const;
export type CommandRetryClass = (typeof RETRY_CLASSES)[number];

export const commandErrorSchema = z.object({
  code: z.enum(COMMAND_ERROR_CODES),
  /** Plain English for the person fixing it. */
  message: z.string().min(1).max(1000),
  retryClass: z.enum(RETRY_CLASSES),
  /** Sage's own text (sLastErrorMsg) and symbolic code (sLastErrorNum), kept verbatim for support. */
  sageMessage: z.string().max(1000).optional(),
  sageCode: z.string().max(60).optional(),
  /** The field (protocol name) the error is about, when known. */
  field: z.string().max(100).optional(),
});
export type CommandError = z.infer<typeof commandErrorSchema>;
