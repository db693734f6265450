// Words the sync screens use for models, statuses and retry classes (shared by server and client components).
import { recordNoun } from "@/lib/model-nouns";
import type { SyncRecordStatus } from "@/server/generated/prisma/enums";

export const RECORD_STATUSES = [
  "PENDING",
  "SYNCED",
  "HELD",
  "FAILED",
  "DEAD",
  "SKIPPED",
] as const satisfies readonly SyncRecordStatus[];
export type RecordStatus = (typeof RECORD_STATUSES)[number];

export const STATUS_LABEL: Record<RecordStatus, string> = {
  PENDING: "Waiting",
  SYNCED: "Synced",
  HELD: "Held",
  FAILED: "Failed",
  DEAD: "Dead",
  SKIPPED: "Skipped",
};

export const STATUS_TONE: Record<RecordStatus, "slate" | "green" | "amber" | "red" | "indigo"> = {
  PENDING: "indigo",
  SYNCED: "green",
  HELD: "amber",
  FAILED: "red",
  DEAD: "red",
  SKIPPED: "slate",
};

export const STATUS_MEANING: Record<RecordStatus, string> = {
  PENDING: "Changed at the source and waiting to be carried across.",
  SYNCED: "The other system holds this content.",
  HELD: "Stopped for a person: it is not retried by itself.",
  FAILED: "A temporary failure: Ledgerlink tries again by itself.",
  DEAD: "Out of retries, or refused as malformed: only tried again when you ask.",
  SKIPPED: "Deliberately not carried across.",
};

const capitalised = (text: string) => text.replace(/^./, (c) => c.toUpperCase());
export const modelLabel = (model: string): string => capitalised(recordNoun(model, 1));
export const modelPlural = (model: string): string => capitalised(recordNoun(model, 2));

export const RETRY_CLASS_TEXT: Record<string, string> = {
  TRANSIENT: "A temporary problem (a timeout or an outage). Ledgerlink retries by itself with growing pauses.",
  RATE_LIMITED: "The other system asked us to slow down. Ledgerlink retries after the pause it asked for.",
  NEEDS_USER: "Needs a person: fix the cause, then retry.",
  BUG: "The other system refused the request as malformed. It is not retried by itself; tell support if it keeps happening.",
};

export const retryClassText = (retryClass: string | null | undefined): string | null =>
  retryClass ? (RETRY_CLASS_TEXT[retryClass] ?? null) : null;

/** "billingAddress.postCode" → "billing address › post code". */
export function fieldLabel(field: string): string {
  // Lookups a record waits for ("mapping:nominal_to_gl:4000", "fx:EUR:USD:2026-11-20"): the message names the key.
  if (field.startsWith("mapping:")) return "mapping";
  if (field.startsWith("fx:")) return "exchange rate";
  return field
    .split(".")
    .map((part) =>
      /^\d+$/.test(part)
        ? `#${Number(part) + 1}`
        : part
            .replace(/([a-z])([A-Z])/g, "$1 $2")
            .replaceAll("_", " ")
            .toLowerCase(),
    )
    .join(" › ");
}

export const SYSTEM_NAMES = { KASHFLOW: "KashFlow", SAGE100: "Sage 100" } as const;
export type SystemName = keyof typeof SYSTEM_NAMES;
