// Detect for sales invoices. KashFlow lists have no modified-since filter (spec §9), so: the first run takes the
// audit report's tail, then loads the existing invoices issued from the company's start date, a window of days at a
// time and a bounded number per run, the last window with no end (an invoice already dated after the first run is
// read too: only an edit would bring it through the audit report); every later run reads the audit report from its
// cursor for invoices created, edited (payments included) or deleted since. Each invoice is read in full (GET detail), canonicalised and
// observed in the ledger; a deleted one is marked for reversal (and waits on nothing any more).
import type { AuditCursor } from "@/server/integrations/kashflow/change-detection";
import { NOT_WAITING } from "../../ledger/waiting-on";
import { documentsToRefresh } from "@/server/integrations/kashflow/change-detection";
import type { KashflowClient } from "@/server/integrations/kashflow";
import { invoiceToSalesInvoice } from "@/server/integrations/kashflow/mappers/sales-invoice";
import type { KfInvoice } from "@/server/integrations/kashflow/schemas/document";
import { db } from "@/server/db";
import { money } from "@/server/domain/canonical/money";
import type { DetectSummary } from "../../engine/flow";
import type { FlowRun } from "../../engine/flow-run";
import { invalidPayload, observeRecords, type ObservedRecord } from "../../ledger/observe";
import { startOfPreviousMonth } from "../../documents/support";
import { readState, updateState, type SalesInvoiceState } from "./state";

/** Days listed per request during the first load, and invoices loaded per run before the rest waits for the next. */
export const INITIAL_WINDOW_DAYS = 7;
export const INITIAL_PER_RUN = 2_000;
/** Full invoices read (and observed) per chunk: memory stays bounded however many there are. */
const CHUNK = 100;

const day = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (iso: string, n: number) => day(new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000));

/** The stored form: the canonical invoice, plus the credit-note applications only the raw payment lines show. */
export function storedInvoice(kf: KfInvoice): unknown {
  const creditApplications = (kf.PaymentLines ?? [])
    .filter((p) => p.IsPaymentCreditNote && p.BulkId != null)
    .map((p) => ({ bulkId: String(p.BulkId), amount: money(p.Amount, "GBP") }));
  return { ...invoiceToSalesInvoice(kf), creditApplications };
}

function observed(kf: KfInvoice): ObservedRecord {
  const externalId = String(kf.Number);
  try {
    return { externalId, payload: storedInvoice(kf) };
  } catch (error) {
    // An invoice the mapper cannot read is still recorded, and held with the field and reason.
    const fieldErrors = (error as { fieldErrors?: Record<string, string[]> }).fieldErrors ?? {};
    const [field, messages] = Object.entries(fieldErrors)[0] ?? [
      "(record)",
      [error instanceof Error ? error.message : String(error)],
    ];
    return { externalId, payload: invalidPayload(field, messages[0] ?? "cannot be read", kf) };
  }
}

type Counts = Omit<DetectSummary, "complete"> & { deleted: number };

/** Reads each invoice in full and records it; one KashFlow no longer has counts as deleted. */
async function observeNumbers(
  ctx: FlowRun,
  kashflow: KashflowClient,
  numbers: readonly number[],
  state: SalesInvoiceState,
  counts: Counts,
): Promise<number> {
  let seen = 0;
  for (let i = 0; i < numbers.length; i += CHUNK) {
    const chunk = numbers.slice(i, i + CHUNK);
    const found = await Promise.all(chunk.map(async (n) => ({ n, kf: await kashflow.invoices.find(n) })));
    const records = found
      .filter((f): f is { n: number; kf: KfInvoice } => f.kf !== null)
      .filter((f) => !state.startDate || !f.kf.IssuedDate || f.kf.IssuedDate.slice(0, 10) >= state.startDate)
      .map((f) => observed(f.kf));
    const gone = found.filter((f) => f.kf === null).map((f) => String(f.n));
    const result = await observeRecords({
      companyId: ctx.companyId,
      system: "KASHFLOW",
      model: "sales_invoice",
      records,
      seenAt: new Date(),
    });
    counts.inserted += result.inserted;
    counts.changed += result.changed;
    counts.unchanged += result.unchanged;
    counts.echoes += result.echoes;
    if (gone.length) counts.deleted += await markDeleted(ctx, gone);
    seen += records.length;
  }
  return seen;
}

/** Invoices from the start date on that the ledger has never seen (a summary list, full reads only for those). */
async function observeUnknown(
  ctx: FlowRun,
  kashflow: KashflowClient,
  state: SalesInvoiceState,
  counts: Counts,
): Promise<void> {
  const listed: number[] = [];
  for await (const summary of kashflow.invoices.list({ issuedFrom: state.startDate! })) listed.push(summary.Number);
  const known = new Set<string>();
  for (let i = 0; i < listed.length; i += 1000) {
    const rows = await db.syncRecord.findMany({
      where: {
        companyId: ctx.companyId,
        system: "KASHFLOW",
        model: "sales_invoice",
        externalId: { in: listed.slice(i, i + 1000).map(String) },
      },
      select: { externalId: true },
    });
    for (const r of rows) known.add(r.externalId);
  }
  await observeNumbers(
    ctx,
    kashflow,
    listed.filter((n) => !known.has(String(n))).sort((a, b) => a - b),
    state,
    counts,
  );
}

/** Deleted in KashFlow: due again, to be reversed in Sage 100 (never silently dropped). */
async function markDeleted(ctx: FlowRun, externalIds: readonly string[]): Promise<number> {
  if (!externalIds.length) return 0;
  const done = await db.syncRecord.updateMany({
    where: {
      companyId: ctx.companyId,
      system: "KASHFLOW",
      model: "sales_invoice",
      externalId: { in: [...externalIds] },
      deletedAt: null,
    },
    data: {
      deletedAt: new Date(),
      status: "PENDING",
      attempts: 0,
      nextAttemptAt: null,
      errorCode: null,
      errorMessage: null,
      errorField: null,
      retryClass: null,
      heldBy: null,
      ...NOT_WAITING,
    },
  });
  return done.count;
}

export async function detectSalesInvoices(ctx: FlowRun): Promise<DetectSummary> {
  const kashflow = await ctx.kashflow();
  const counts: Counts = { inserted: 0, changed: 0, unchanged: 0, echoes: 0, deleted: 0 };
  let state = await readState(ctx.companyId);
  if (!state.audit) {
    // First run: the audit report's tail is taken before anything is listed, so an edit made meanwhile is read next time.
    const today = day(ctx.now);
    const tail = await kashflow.auditChanges({ from: addDays(today, -1) });
    const audit: AuditCursor = tail.cursor.lastTransactionNumber
      ? tail.cursor
      : { lastTransactionNumber: 0, lastCreatedAt: `${today}T00:00:00` };
    // Another document flow may have fixed the first carried day already: every flow keeps to the same one.
    const chosen = ctx.settings.salesInvoices.startDate ?? startOfPreviousMonth(ctx.now);
    state = await updateState(ctx.companyId, (s) => {
      const startDate = s.startDate ?? chosen;
      return { ...s, audit, startDate, initial: { nextDay: startDate, through: today } };
    });
  } else {
    // Created, edited (payments included) and deleted since the cursor.
    const { changes, cursor } = await kashflow.auditChanges({ cursor: state.audit });
    const sales = documentsToRefresh(changes).salesInvoices;
    await observeNumbers(ctx, kashflow, sales.upsert, state, counts);
    counts.deleted += await markDeleted(ctx, sales.delete.map(String));
    state = await updateState(ctx.companyId, (s) => ({ ...s, audit: cursor }));
  }
  // The first load: a window of days at a time, a bounded number of invoices per run (the rest next run). The
  // window reaching the first run's day has no end: forward-dated invoices are in scope like any other.
  let loaded = 0;
  while (state.initial && loaded < INITIAL_PER_RUN) {
    const { nextDay, through } = state.initial;
    const windowEnd = addDays(nextDay, INITIAL_WINDOW_DAYS - 1);
    const last = windowEnd >= through;
    const numbers: number[] = [];
    for await (const summary of kashflow.invoices.list(
      last ? { issuedFrom: nextDay } : { issuedFrom: nextDay, issuedTo: windowEnd },
    ))
      numbers.push(summary.Number);
    loaded += await observeNumbers(
      ctx,
      kashflow,
      numbers.sort((a, b) => a - b),
      state,
      counts,
    );
    state = await updateState(ctx.companyId, (s) =>
      last ? { ...s, initial: null, openEnded: true } : { ...s, initial: { nextDay: addDays(windowEnd, 1), through } },
    );
  }
  // Loaded before the last window had no end: invoices dated after that first run and never edited since are read once.
  if (!state.initial && !state.openEnded && state.startDate) {
    await observeUnknown(ctx, kashflow, state, counts);
    state = await updateState(ctx.companyId, (s) => ({ ...s, openEnded: true }));
  }
  return { ...counts, complete: true };
}
