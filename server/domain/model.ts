// The names every part speaks in: systems, canonical models, field groups, record warnings.
import type { SyncSystem } from "@/server/generated/prisma/enums";

export type { SyncSystem };

export const MODELS = [
  "customer",
  "supplier",
  "item",
  "sales_invoice",
  "purchase_invoice",
  "payment",
  "journal",
  "stock_level",
  "order_status",
] as const;
export type ModelName = (typeof MODELS)[number];

export const OTHER: Record<SyncSystem, SyncSystem> = { KASHFLOW: "SAGE100", SAGE100: "KASHFLOW" };

export const SYSTEM_LABEL: Record<SyncSystem, string> = { KASHFLOW: "KashFlow", SAGE100: "Sage 100" };

/** A warning kept on a record: something changed to fit the target, never silently. */
export type RecordWarning = { field: string; message: string };

/** The groups a record's fields are owned in (settings.ownership decides who wins each; see sync/rules/ownership). */
export type FieldGroup = "names" | "contact" | "address" | "creditTerms" | "itemPricing" | "status" | "tax";
