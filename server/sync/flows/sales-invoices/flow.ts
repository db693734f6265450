// sales_invoices.kashflow_to_sage100 — KashFlow sales invoices (credit notes are negative invoices) into Sage 100
// A/R: per company either one A/R invoice each in a data-entry batch, posted through the sales journal update
// ("detail"), or one G/L journal per day built by aggregation ("summary"). Numbers derive from KashFlow's, so a
// retry finds what it made; deletions become reversals; edits after posting are held; closed periods are held or
// re-dated; bad input is held with a reason a person can act on.
import { AppError } from "@/lib/errors";
import type { FlowDefinition, LoadResult, RecordMeta } from "../../engine/flow";
import type { FlowRun } from "../../engine/flow-run";
import { settled } from "../../engine/process-record";
import { detectSalesInvoices } from "./detect";
import { isEntry, loadDetail, loadDetailEntries, planDetail, type DetailPlan, type Entry } from "./detail";
import { readSageDocument } from "./sage100-documents";
import { postOpenBatches } from "./batches";
import { storedSalesInvoiceSchema, type StoredSalesInvoice } from "./posting";
import { loadSummary, planSummary, type SummaryPlan } from "./summary";
import { requireSage100Agent } from "../../sage100/online";

export type SalesInvoicePlan = ({ mode: "detail" } & DetailPlan) | ({ mode: "summary" } & SummaryPlan);

const loadOne = (ctx: FlowRun, plan: SalesInvoicePlan, meta: RecordMeta): Promise<LoadResult> =>
  plan.mode === "summary" ? loadSummary(ctx, plan, meta) : loadDetail(ctx, plan, meta);

export const SALES_INVOICES_FLOW_ID = "sales_invoices.kashflow_to_sage100";

export const salesInvoicesKashflowToSage100: FlowDefinition<StoredSalesInvoice, SalesInvoicePlan> = {
  id: SALES_INVOICES_FLOW_ID,
  label: "Sales invoices: KashFlow → Sage 100",
  model: "sales_invoice",
  source: "KASHFLOW",
  target: "SAGE100",
  // A whole claimed batch planned side by side; its entries written together (loadBatch).
  concurrency: 50,
  // A batch's invoices go in commands of up to 50 sent side by side: Sage 100 enters one while the server plans the next.
  batchSize: 200,
  // A long first read feeds the loads as it goes: Sage 100 enters the first invoices while the rest are still read.
  loadsDuringDetect: true,

  // Before anything is read or written: the agent must be there to answer.
  preflight: requireSage100Agent,

  // Detect: the audit report since the cursor (first run: its tail, then the existing invoices a window at a time).
  detect: detectSalesInvoices,

  // Canonicalize: detect stored canonical invoices (plus credit-note applications); the engine holds broken ones.
  canonical: storedSalesInvoiceSchema,
  documentDate: (invoice) => invoice.issueDate,

  // Rules: a document already carried stays in the mode it went in; a new one follows the company's mode. Input
  // checks, customer, mappings, FX at the invoice date and Sage's period decide the plan, or hold it with a reason.
  async rules(ctx, invoice, meta) {
    const prev = meta.counterpartId ? await readSageDocument(ctx, meta.counterpartId) : null;
    const mode = prev ? prev.mode : ctx.settings.salesInvoices.mode;
    const planned =
      mode === "summary" ? await planSummary(ctx, invoice, meta, prev) : await planDetail(ctx, invoice, meta, prev);
    if ("hold" in planned) return planned;
    return { plan: { mode, ...planned.plan } as SalesInvoicePlan, warnings: planned.warnings };
  },

  // Validate: Sage's own rules (customer, accounts, tax classes, period) are checked by Sage on the write itself and
  // come back as holds with its reason; the period was asked before the write.
  validate: async () => null,

  // Load: detail enters (or takes out, or reverses) the A/R document in its date's batch; summary stages the
  // invoice's share into its day's journal. Either way the Sage side is recorded before the ledger marks it.
  load: (ctx, plan, meta) => loadOne(ctx, plan, meta),

  // A batch at once: detail entries of a date go to Sage 100 in one agent command; everything else one by one.
  async loadBatch(ctx, items) {
    const out: PromiseSettledResult<LoadResult>[] = new Array(items.length);
    const entries = [...items.entries()].filter(([, { plan }]) => plan.mode === "detail" && isEntry(plan));
    const others = [...items.entries()].filter(([, { plan }]) => !(plan.mode === "detail" && isEntry(plan)));
    await Promise.all([
      loadDetailEntries(
        ctx,
        entries.map(([, { plan }]) => plan as Entry),
      ).then((results) => entries.forEach(([i], k) => (out[i] = results[k]!))),
      ...others.map(async ([i, { plan, meta }]) => void (out[i] = await settled(() => loadOne(ctx, plan, meta)))),
    ]);
    return out;
  },

  // Propagate: post the batches entered into. The complete days' summary journals are a task that ends the run.
  async propagate(ctx) {
    const batches = await postOpenBatches(ctx);
    if (batches.failed.length)
      throw new AppError(
        "UPSTREAM",
        `Sage 100 did not post ${batches.failed.length} batch(es): ${batches.failed.join("; ")}. Ledgerlink will try again next run.`,
        { retryClass: "TRANSIENT", reason: "PostingFailed" },
      );
  },
};
