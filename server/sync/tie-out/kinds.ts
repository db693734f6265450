// What a tie-out compares: per company and day, each kind of money document, KashFlow's total (converted at the
// rate stored with each document) against Sage 100's for the same documents; the documents that differ listed.
import { z } from "zod";
import type { ModelName } from "@/server/domain/model";

export const TIE_OUT_KINDS = {
  sales_invoices: { model: "sales_invoice", label: "Sales invoices", sage: "A/R invoices" },
  purchase_invoices: { model: "purchase_invoice", label: "Purchases", sage: "A/P invoices" },
  // Payments on invoices and on purchases share a model; each kind takes the payments of its documents.
  payments: { model: "payment", label: "Payments", sage: "cash receipts", document: "invoice" },
  supplier_payments: { model: "payment", label: "Supplier payments", sage: "A/P checks", document: "purchase" },
} as const satisfies Record<
  string,
  { model: ModelName; label: string; sage: string; document?: "invoice" | "purchase" }
>;

export type TieOutKind = keyof typeof TIE_OUT_KINDS;
export const TIE_OUT_KIND_LIST = Object.keys(TIE_OUT_KINDS) as TieOutKind[];
export const tieOutKind = z.enum(TIE_OUT_KIND_LIST as [TieOutKind, ...TieOutKind[]]);

/** Where Sage 100's amount for a document was read: its ledger row (read back from Sage), or Sage itself now. */
export const SAGE_SOURCES = ["ledger", "sage100"] as const;
export type SageSource = (typeof SAGE_SOURCES)[number];

/** One document that does not tie out, as stored in TieOutDay.variances. Amounts in minor units. */
export const varianceSchema = z.object({
  /** The KashFlow ledger record, and its key in KashFlow. */
  recordId: z.string().nullable().catch(null),
  kashflowId: z.string(),
  number: z.string().nullable().catch(null),
  party: z.string().nullable().catch(null),
  /** The document's own currency and amount in it. */
  documentCurrency: z.string().nullable().catch(null),
  documentMinor: z.number().int().nullable().catch(null),
  /** The rate it was (or would be) converted at, and where that rate came from. */
  rate: z.string().nullable().catch(null),
  rateSource: z.enum(["record", "fx_table", "same_currency"]).nullable().catch(null),
  /** In the tie-out currency. */
  kashflowMinor: z.number().int(),
  /** The Sage 100 ledger record and key; null when Sage 100 has no counterpart. */
  sage100RecordId: z.string().nullable().catch(null),
  sage100Key: z.string().nullable().catch(null),
  /** Null when Sage 100's amount could not be read. */
  sage100Minor: z.number().int().nullable(),
  varianceMinor: z.number().int(),
  source: z.enum(SAGE_SOURCES).nullable().catch(null),
  status: z.string().nullable().catch(null),
  reason: z.string(),
});
export type Variance = z.infer<typeof varianceSchema>;
export const variancesSchema = z.array(varianceSchema).catch([]);

/** A rate no document carried and the FX table lacks, as stored in TieOutDay.missingRates, with how many documents wait for it. */
export const missingRateSchema = z.object({
  from: z.string(),
  to: z.string(),
  day: z.string(),
  documents: z.number().int().optional(),
});
export type MissingRate = z.infer<typeof missingRateSchema>;
export const missingRatesSchema = z.array(missingRateSchema).catch([]);

/** A day (or one kind of it): every document ties out, some differ, or a rate is missing so KashFlow's figure is unknown. */
export type TieOutState = "ties_out" | "variance" | "rate_missing";
