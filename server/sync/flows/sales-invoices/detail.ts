// Detail mode: each KashFlow invoice becomes a Sage 100 A/R invoice (a credit note a credit memo, applied to its
// invoice when KashFlow shows which) in the data-entry batch of its date, numbered from the KashFlow number so a
// retry finds what it made. A document deleted in KashFlow is taken out of its batch while unposted, or reversed
// once posted (a credit memo, or a debit memo for a credit memo) — never silently dropped. A document edited in
// KashFlow after it was posted is held for a person; a payment-only change writes nothing.
import { AppError } from "@/lib/errors";
import { parseCustomerKey } from "@/server/integrations/sage100/mappers/customer";
import { db } from "@/server/db";
import { decimalToMinor, minorToDecimal, toDecimal } from "@/server/domain/canonical/money";
import { hold, isHold, type Hold, type LoadResult, type RecordMeta } from "../../engine/flow";
import type { FlowRun } from "../../engine/flow-run";
import type { RecordWarning } from "@/server/domain/model";
import { documentNoun, invoiceProblem, isZeroValue } from "../../rules/sales-invoice-checks";
import { sageInvoiceKey } from "../../rules/sage-invoice-number";
import { FitLog } from "@/server/domain/rules/text-fit";
import { waitOn } from "../../ledger/waiting-on";
import { SAGE100_CURRENCY } from "../../tie-out/compute";
import { isBatchOpen } from "./batches";
import { settled } from "../../engine/process-record";
import { enterArInvoices, type ArInvoice } from "./entry";
import { readSageDocument, saveSageDocument, saveSageDocuments, type SageSalesDocument } from "./sage100-documents";
import { sageCustomerOf } from "./lookups";
import { postingDateFor } from "../../documents/periods";
import { buildPosting, postingFingerprint, type Posting, type PostingLine, type StoredSalesInvoice } from "./posting";

export type DetailPlan =
  | { kind: "enter"; command: ArInvoice; posting: Posting; customer: string; replaces: SageSalesDocument | null }
  | { kind: "same"; doc: SageSalesDocument; why: string }
  | { kind: "skip"; reason: string }
  | { kind: "remove"; doc: SageSalesDocument }
  | { kind: "reverse"; doc: SageSalesDocument; command: ArInvoice };

export const CHANGED_AFTER_POSTING = "CHANGED_AFTER_POSTING";

type Planned = { plan: DetailPlan; warnings: RecordWarning[] } | Hold;

/** Where a document of ours is in Sage 100 now: still in data entry, posted to history, or not there at all. */
async function arInvoiceState(
  ctx: FlowRun,
  invoiceNo: string,
  invoiceType: "IN" | "CM" | "DM",
): Promise<"pending" | "posted" | "absent"> {
  const found = await ctx.ask({ type: "findDocument", payload: { kind: "arInvoice", invoiceNo, invoiceType } });
  return found.found ? (found.state ?? "posted") : "absent";
}

const dollars = (minor: number) => minorToDecimal(minor, 2);

/** Sage's lines: positive amounts (the document type carries the sign), the account and class from the mappings. */
function arLines(lines: readonly PostingLine[]): ArInvoice["lines"] {
  return lines.map((l) => {
    const amount = dollars(Math.abs(l.amountMinor));
    const qp =
      l.kind === "sale"
        ? { quantity: l.quantity ?? "1", unitPrice: l.unitPrice ?? "0" }
        : { quantity: "1", unitPrice: amount };
    return {
      itemCode: l.itemCode,
      description: l.description,
      ...qp,
      amount,
      salesAccount: l.account,
      taxClass: l.taxClass,
    };
  });
}

/**
 * The KashFlow invoice a credit note was applied to (KashFlow's bulk-payment pair shares a BulkId), as its Sage 100
 * number once that invoice is posted; undefined when unknown or not in Sage 100 (the memo is then entered unapplied).
 */
async function appliedTo(
  ctx: FlowRun,
  inv: StoredSalesInvoice,
  warnings: RecordWarning[],
): Promise<string | undefined | Hold> {
  for (const app of inv.creditApplications) {
    const original = await db.syncRecord.findFirst({
      where: {
        companyId: ctx.companyId,
        system: "KASHFLOW",
        model: "sales_invoice",
        externalId: { not: inv.number },
        deletedAt: null,
        payload: { path: ["creditApplications"], array_contains: [{ bulkId: app.bulkId }] },
      },
      select: { externalId: true, status: true, counterpartId: true },
    });
    if (!original) continue;
    if (original.status === "PENDING" || original.status === "FAILED")
      return waitOn(
        { system: "KASHFLOW", model: "sales_invoice", externalId: original.externalId },
        `Waiting for KashFlow invoice ${original.externalId}, which this credit note is applied to, to reach Sage 100.`,
      );
    const doc = original.counterpartId ? await readSageDocument(ctx, original.counterpartId) : null;
    if (!doc || doc.mode !== "detail" || doc.invoiceType !== "IN" || doc.voided) {
      warnings.push({
        field: "creditApplications",
        message: `Applied in KashFlow to invoice ${original.externalId}, which is not an A/R invoice in Sage 100: the credit memo is entered unapplied.`,
      });
      continue;
    }
    // Sage applies a memo only to a posted invoice: the original's batch is posted at the end of its run.
    if (doc.batchNo && (await isBatchOpen(ctx, doc.batchNo)))
      throw new AppError(
        "UPSTREAM",
        `Waiting for invoice ${doc.number} to be posted in Sage 100 (batch ${doc.batchNo}) before this credit memo is applied to it.`,
        { retryClass: "TRANSIENT", reason: "OriginalUnposted" },
      );
    return doc.number;
  }
  return undefined;
}

/** Deleted in KashFlow: out of data entry while unposted, reversed once posted. */
async function planVoid(ctx: FlowRun, prev: SageSalesDocument | null): Promise<Planned> {
  if (!prev)
    return {
      plan: { kind: "skip", reason: "Deleted in KashFlow before it reached Sage 100: nothing to reverse." },
      warnings: [],
    };
  if (prev.voided)
    return { plan: { kind: "same", doc: prev, why: `Already ${prev.voided.how} in Sage 100.` }, warnings: [] };
  const type = prev.invoiceType ?? "IN";
  const state = await arInvoiceState(ctx, prev.number, type);
  if (state !== "posted") return { plan: { kind: "remove", doc: prev }, warnings: [] };
  const what = `The reversal of Sage 100 ${type === "CM" ? "credit memo" : "invoice"} ${prev.number}`;
  const dated = await postingDateFor(ctx, { date: ctx.now.toISOString().slice(0, 10), journal: "AR_SALES", what });
  if (isHold(dated)) return dated;
  const { division, customerNo } = parseCustomerKey(prev.customer ?? "");
  const command: ArInvoice = {
    invoiceNo: prev.number,
    // A posted invoice is reversed by a credit memo under its number; a posted credit memo by a debit memo.
    invoiceType: type === "CM" ? "DM" : "CM",
    division,
    customerNo,
    invoiceDate: dated.date,
    taxSchedule: ctx.settings.sage100.invoiceTaxSchedule,
    comment: `Reverses ${prev.number} (KF void)`,
    ...(type === "IN" ? { applyToInvoiceNo: prev.number } : {}),
    lines: arLines(prev.lines),
  };
  return { plan: { kind: "reverse", doc: prev, command }, warnings: dated.warnings };
}

export async function planDetail(
  ctx: FlowRun,
  inv: StoredSalesInvoice,
  meta: RecordMeta,
  prev: SageSalesDocument | null,
): Promise<Planned> {
  if (meta.deleted) return planVoid(ctx, prev);
  const what = `KashFlow ${documentNoun(inv)} ${inv.number}`;
  const problem = invoiceProblem(inv);
  if (problem) return hold(problem.code, problem.message, problem.field);
  const fingerprint = postingFingerprint(inv);
  let replaces: SageSalesDocument | null = null;
  if (prev && !prev.voided) {
    if (prev.source.fingerprint === fingerprint)
      return {
        plan: {
          kind: "same",
          doc: prev,
          why: "Only payments or status changed in KashFlow: Sage 100 already holds this document.",
        },
        warnings: [],
      };
    const state = await arInvoiceState(ctx, prev.number, prev.invoiceType ?? "IN");
    if (state === "posted")
      return hold(
        CHANGED_AFTER_POSTING,
        `${what} was changed after it was posted to Sage 100 as ${prev.number}. Sage 100 keeps the posted version: correct it there (a credit or debit memo), or undo the change in KashFlow.`,
        "lines",
      );
    // Still in data entry: the new version replaces it.
    replaces = state === "pending" ? prev : null;
  }
  if (isZeroValue(inv))
    return replaces
      ? { plan: { kind: "remove", doc: replaces }, warnings: [] }
      : { plan: { kind: "skip", reason: `${what} is zero-value: nothing to post to Sage 100.` }, warnings: [] };
  const key = sageInvoiceKey(inv.number, inv.isCreditNote, ctx.settings.salesInvoices.sage100Prefix);
  const customer = await sageCustomerOf(ctx, inv.customerCode, what);
  if (isHold(customer)) return customer;
  const built = await buildPosting(ctx, inv, { journal: "AR_SALES", fingerprint });
  if (isHold(built)) return built;
  const warnings = [...built.warnings];
  const applyTo = inv.isCreditNote ? await appliedTo(ctx, inv, warnings) : undefined;
  if (isHold(applyTo)) return applyTo;
  const fit = new FitLog();
  const po = fit.fit(inv.customerReference, 15, "customerReference", "The customer reference");
  const command: ArInvoice = {
    invoiceNo: key.invoiceNo,
    invoiceType: key.invoiceType,
    division: customer.division,
    customerNo: customer.customerNo,
    invoiceDate: built.posting.date,
    taxSchedule: ctx.settings.sage100.invoiceTaxSchedule,
    ...(po ? { customerPONo: po } : {}),
    comment: `KashFlow ${documentNoun(inv)} ${inv.number}`.slice(0, 30),
    ...(applyTo ? { applyToInvoiceNo: applyTo } : {}),
    lines: arLines(built.posting.lines),
  };
  return {
    plan: { kind: "enter", command, posting: built.posting, customer: customer.key, replaces },
    warnings: [...warnings, ...fit.warnings],
  };
}

type Entered = { batchNo: string; state: "pending" | "posted"; created: boolean; totalAmt?: number };

/** Sage's own total when it answered with one (signed like KashFlow's), else ours. */
function sageTotal(answer: Entered, invoiceType: string, ours: number): number {
  if (answer.totalAmt === undefined) return ours;
  const minor = decimalToMinor(toDecimal(answer.totalAmt) ?? "0", 2);
  return invoiceType === "CM" ? -minor : minor;
}

const written = (doc: SageSalesDocument) => ({
  type: "createArInvoice",
  payload: { invoiceNo: doc.number, invoiceType: doc.invoiceType ?? "IN" },
});

export type Entry = Extract<DetailPlan, { kind: "enter" | "reverse" }>;
export const isEntry = (plan: DetailPlan): plan is Entry => plan.kind === "enter" || plan.kind === "reverse";

/** Before an entry: a new version takes its unposted predecessor out of data entry first. */
async function beforeEntry(ctx: FlowRun, plan: Entry): Promise<void> {
  if (plan.kind !== "enter" || !plan.replaces) return;
  const out = await ctx.ask({
    type: "deleteArInvoice",
    payload: { invoiceNo: plan.replaces.number, invoiceType: plan.replaces.invoiceType ?? "IN" },
  });
  if (out.state === "posted")
    throw new AppError(
      "UPSTREAM",
      `Sage 100 posted ${plan.replaces.number} meanwhile; the change will be held for a person.`,
      { retryClass: "TRANSIENT", reason: "PostedMeanwhile" },
    );
}

/** After Sage 100 took an entry: the Sage side as it now is, and what the ledger records for the KashFlow record. */
function afterEntry(plan: Entry, out: Entered): { doc: SageSalesDocument; result: LoadResult } {
  if (plan.kind === "reverse") {
    const doc: SageSalesDocument = {
      ...plan.doc,
      voided: {
        how: "reversed",
        number: plan.command.invoiceNo,
        invoiceType: plan.command.invoiceType ?? "CM",
        journal: null,
        date: plan.command.invoiceDate,
      },
    };
    return {
      doc,
      result: {
        counterpartId: plan.doc.key,
        request: { reverses: written(plan.doc), command: { type: "createArInvoice", payload: plan.command } },
        response: out,
      },
    };
  }
  const p = plan.posting;
  const type = plan.command.invoiceType ?? "IN";
  const doc: SageSalesDocument = {
    kind: "sage100_sales_document",
    mode: "detail",
    key: plan.command.invoiceNo,
    number: plan.command.invoiceNo,
    invoiceType: type,
    journal: null,
    customer: plan.customer,
    date: p.date,
    batchNo: out.batchNo || null,
    source: { number: p.number, fingerprint: p.fingerprint, currency: p.sourceCurrency, issueDate: p.issueDate },
    totals: { gross: { amountMinor: sageTotal(out, type, p.totalMinor), currency: SAGE100_CURRENCY } },
    fx: p.fx,
    lines: p.lines,
    voided: null,
  };
  return {
    doc,
    result: {
      counterpartId: plan.command.invoiceNo,
      request: { command: { type: "createArInvoice", payload: plan.command }, fx: p.fx, date: p.date },
      response: out,
    },
  };
}

/**
 * Entries (new invoices and memos, reversals) of a batch, written together: each date's in one agent command, then
 * the Sage side of all of them recorded at once, before the ledger marks the KashFlow records. A predecessor that
 * cannot be taken out, or an invoice Sage refuses, fails that record alone.
 */
export async function loadDetailEntries(
  ctx: FlowRun,
  plans: readonly Entry[],
): Promise<PromiseSettledResult<LoadResult>[]> {
  const out: PromiseSettledResult<LoadResult>[] = new Array(plans.length);
  const ready: number[] = [];
  await Promise.all(
    plans.map(async (plan, i) => {
      const prepared = await settled(() => beforeEntry(ctx, plan));
      if (prepared.status === "rejected") out[i] = prepared;
      else ready.push(i);
    }),
  );
  const entered = await enterArInvoices(
    ctx,
    ready.map((i) => plans[i]!.command),
  );
  const taken: { i: number; doc: SageSalesDocument; result: LoadResult }[] = [];
  for (const [k, i] of ready.entries()) {
    const r = entered[k]!;
    if (r.status === "rejected") out[i] = r;
    else taken.push({ i, ...afterEntry(plans[i]!, r.value) });
  }
  // Not recorded: those records go round again and find in Sage 100 what they entered.
  const saved = await settled(() =>
    saveSageDocuments(
      ctx,
      taken.map((t) => t.doc),
    ),
  );
  for (const t of taken) out[t.i] = saved.status === "rejected" ? saved : { status: "fulfilled", value: t.result };
  return out;
}

export async function loadDetail(ctx: FlowRun, plan: DetailPlan, meta: RecordMeta): Promise<LoadResult> {
  switch (plan.kind) {
    case "skip":
      return {
        counterpartId: meta.counterpartId ?? meta.externalId,
        request: plan,
        response: null,
        skipped: plan.reason,
      };
    case "same":
      // Nothing written; the stored rate and the document stay on the timeline for the tie-out.
      return {
        counterpartId: plan.doc.key,
        request: { nothingToWrite: plan.why, written: written(plan.doc), fx: plan.doc.fx },
        response: null,
      };
    case "remove": {
      const out = await ctx.ask({
        type: "deleteArInvoice",
        payload: { invoiceNo: plan.doc.number, invoiceType: plan.doc.invoiceType ?? "IN" },
      });
      if (out.state === "posted")
        throw new AppError(
          "UPSTREAM",
          `Sage 100 posted ${plan.doc.number} meanwhile; Ledgerlink will reverse it instead.`,
          { retryClass: "TRANSIENT", reason: "PostedMeanwhile" },
        );
      await saveSageDocument(ctx, {
        ...plan.doc,
        voided: {
          how: "removed",
          number: null,
          invoiceType: null,
          journal: null,
          date: ctx.now.toISOString().slice(0, 10),
        },
      });
      return {
        counterpartId: plan.doc.key,
        request: {
          type: "deleteArInvoice",
          payload: { invoiceNo: plan.doc.number, invoiceType: plan.doc.invoiceType },
        },
        response: out,
      };
    }
    case "reverse":
    case "enter": {
      const [result] = await loadDetailEntries(ctx, [plan]);
      if (result!.status === "rejected") throw result!.reason;
      return result!.value;
    }
  }
}
