// What a first-sync preview shows, per flow: how many records going live would create, update, match to an existing
// record, hold (grouped by reason) or skip; a sample of each flow's documents; the stock quantities it would change.
// Stored as JSON on PreviewRun (result, progress) and always read back through these schemas.
import { z } from "zod";

export const PREVIEW_OUTCOMES = ["create", "update", "match", "held", "skip"] as const;
export type PreviewOutcome = (typeof PREVIEW_OUTCOMES)[number];

export const PREVIEW_STATUSES = ["QUEUED", "RUNNING", "DONE", "FAILED"] as const;
export type PreviewStatus = (typeof PREVIEW_STATUSES)[number];

/** Samples kept per flow, stock changes listed per flow (the count goes on), reason groups kept per flow. */
export const MAX_SAMPLES = 20;
export const MAX_STOCK_CHANGES = 200;
export const MAX_GROUPS = 50;

const money = z.object({ amountMinor: z.number().int(), currency: z.string() });

export const previewSampleSchema = z.object({
  outcome: z.enum(PREVIEW_OUTCOMES),
  /** The document as an accountant names it: "Invoice 1042", "Customer ACME01". */
  document: z.string(),
  /** "ACME01 · Acme Ltd". */
  party: z.string().nullable(),
  date: z.string().nullable(),
  amount: money.nullable(),
  /** Where it would land: "A/R invoice K1042 for customer 00-ACME01". */
  target: z.string(),
  /** After which record it goes, why it is held or skipped. */
  note: z.string().nullable(),
});
export type PreviewSample = z.infer<typeof previewSampleSchema>;

/** Records held for one reason (the same code and field): one fix releases them all. */
export const heldGroupSchema = z.object({
  code: z.string(),
  field: z.string().nullable(),
  count: z.number().int(),
  message: z.string(),
  example: z.string(),
});
export type HeldGroup = z.infer<typeof heldGroupSchema>;

export const reasonGroupSchema = z.object({ reason: z.string(), count: z.number().int() });
export type ReasonGroup = z.infer<typeof reasonGroupSchema>;

/** A KashFlow product whose stock going live would set: from (null: a product this preview would create) → to. */
export const stockChangeSchema = z.object({
  item: z.string(),
  product: z.string(),
  from: z.string().nullable(),
  to: z.string(),
});
export type StockChange = z.infer<typeof stockChangeSchema>;

export const flowCountsSchema = z.object({
  create: z.number().int(),
  update: z.number().int(),
  match: z.number().int(),
  held: z.number().int(),
  skip: z.number().int(),
  /** Records the preview could not decide (Sage 100 did not answer, an unexpected error). */
  unchecked: z.number().int(),
});
export type FlowCounts = z.infer<typeof flowCountsSchema>;

export const flowPreviewSchema = z.object({
  flowId: z.string(),
  label: z.string(),
  source: z.enum(["KASHFLOW", "SAGE100"]),
  target: z.enum(["KASHFLOW", "SAGE100"]),
  /** previewed; off (turned off for this company); failed (its source could not be read). */
  state: z.enum(["previewed", "off", "failed"]),
  error: z.string().nullable(),
  counts: flowCountsSchema,
  /** Of the creates, those that go after a record this same preview creates (an invoice after its new customer). */
  afterDependency: z.number().int(),
  /** Documents dated after today: carried at once, or each on its date (documents.futureDated); never left out. */
  forwardDated: z.number().int().default(0),
  forwardDatedWhen: z.enum(["now", "on_date"]).default("now"),
  held: z.array(heldGroupSchema),
  skipped: z.array(reasonGroupSchema),
  unchecked: z.array(reasonGroupSchema),
  /** A flow that tried to write while planning: a defect of Ledgerlink's, refused by the read-only guard. */
  readOnlyViolations: z.object({ count: z.number().int(), examples: z.array(z.string()) }),
  samples: z.array(previewSampleSchema),
  stockChanges: z.array(stockChangeSchema),
  stockChangesTotal: z.number().int(),
});
export type FlowPreview = z.infer<typeof flowPreviewSchema>;

export const previewResultSchema = z.object({ flows: z.array(flowPreviewSchema).default([]) });
export type PreviewResult = z.infer<typeof previewResultSchema>;

export const previewProgressSchema = z.object({
  flowId: z.string().nullable().default(null),
  flowLabel: z.string().nullable().default(null),
  flowsDone: z.number().int().default(0),
  flowsTotal: z.number().int().default(0),
  records: z.number().int().default(0),
});
export type PreviewProgress = z.infer<typeof previewProgressSchema>;

export const previewRunViewSchema = z.object({
  id: z.string(),
  status: z.enum(PREVIEW_STATUSES),
  requestedByName: z.string().nullable(),
  createdAt: z.date(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
  error: z.string().nullable(),
  progress: previewProgressSchema,
  result: previewResultSchema,
});
export type PreviewRunView = z.infer<typeof previewRunViewSchema>;

export const emptyCounts = (): FlowCounts => ({ create: 0, update: 0, match: 0, held: 0, skip: 0, unchecked: 0 });
