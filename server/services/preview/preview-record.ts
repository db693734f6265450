// One record's dry run: canonical parse → rules → validate with a read-only context (never load), and what it
// means for going live. A record that only waits for another record this same preview would create counts as a
// create after it (else every invoice of a new company would look held); one waiting for a record that would be
// held is held too. A write refused by the read-only guard is a defect of Ledgerlink's: counted on its own, never
// passed off as a hold.
import { AppError } from "@/lib/errors";
import { db } from "@/server/db";
import { compareDecimal } from "@/server/domain/canonical/money";
import { isHold, type FlowDefinition, type Hold, type RecordMeta } from "@/server/sync/engine/flow";
import type { FlowRun } from "@/server/sync/engine/flow-run";
import { dateWaitFor, forwardDateOf } from "@/server/sync/engine/forward-dated";
import type { InvalidPayload } from "@/server/sync/ledger/observe";
import { kashflowStockChange, type StockPlan } from "@/server/sync/flows/stock/flow";
import type { ModelName } from "@/server/domain/model";
import { planOutcome, type PlanOutcome } from "./plan-outcome";
import {
  MAX_GROUPS,
  MAX_SAMPLES,
  MAX_STOCK_CHANGES,
  type FlowPreview,
  type PreviewOutcome,
  type PreviewSample,
  type ReasonGroup,
} from "./preview-types";
import { recordFacts } from "./record-facts";
import {
  dependencyFlowOff,
  heldCauseOf,
  kashflowIdPlannedFor,
  rememberHeld,
  rememberLink,
  type PreviewWork,
  type RootHold,
} from "./preview-work";

export type PreviewRecordRow = {
  id: string;
  externalId: string;
  payload: unknown;
  counterpartId: string | null;
  deletedAt: Date | null;
};

/** Errors that say "waiting" for something a run settles by itself (the KashFlow side's match, a Sage 100 posting). */
const WAIT_REASONS = new Set(["WaitingForCounterpart", "OriginalUnposted"]);
const NOUN: Record<string, string> = {
  customer: "customer",
  supplier: "supplier",
  item: "product",
  sales_invoice: "invoice",
  purchase_invoice: "purchase",
  payment: "payment",
};
const SYSTEM: Record<string, string> = { KASHFLOW: "KashFlow", SAGE100: "Sage 100" };
const withArticle = (noun: string) => `${/^[aeiou]/.test(noun) ? "an" : "a"} ${noun}`;

/** The record a hold waits on (a document's customer or supplier, a payment's invoice), if it waits on one. */
function dependencyOf(hold: Hold): { model: ModelName; id: string } | null {
  return hold.waitingOn ? { model: hold.waitingOn.model as ModelName, id: hold.waitingOn.externalId } : null;
}

export class FlowTally {
  constructor(
    readonly flow: FlowDefinition,
    readonly preview: FlowPreview,
    readonly work: PreviewWork,
  ) {}

  sample(s: PreviewSample): void {
    const samples = this.preview.samples;
    // Skips only fill a sample list that has room; what will be written comes first.
    if (samples.length < MAX_SAMPLES && (s.outcome !== "skip" || samples.length < MAX_SAMPLES / 2)) samples.push(s);
  }

  count(outcome: PreviewOutcome | "unchecked"): void {
    this.preview.counts[outcome]++;
  }

  group(list: ReasonGroup[], reason: string): void {
    const found = list.find((g) => g.reason === reason);
    if (found) found.count++;
    else if (list.length < MAX_GROUPS) list.push({ reason, count: 1 });
    else {
      const other = list.find((g) => g.reason === "Other reasons");
      if (other) other.count++;
      else list.push({ reason: "Other reasons", count: 1 });
    }
  }

  held(hold: { code: string; message: string; field?: string | null }, document: string): void {
    const field = hold.field ?? null;
    const groups = this.preview.held;
    const found =
      groups.find((g) => g.code === hold.code && g.field === field) ??
      (groups.length >= MAX_GROUPS ? groups.find((g) => g.code === "OTHER") : undefined);
    if (found) found.count++;
    else if (groups.length < MAX_GROUPS)
      groups.push({ code: hold.code, field, count: 1, message: hold.message, example: document });
    else
      groups.push({
        code: "OTHER",
        field: null,
        count: 1,
        message: "Held for other reasons: see Sync → Records after going live.",
        example: document,
      });
    this.count("held");
  }
}

/** Previews one record into the flow's tally. */
export async function previewRecord(ctx: FlowRun, tally: FlowTally, row: PreviewRecordRow): Promise<void> {
  const { flow, work } = tally;
  const facts = recordFacts(flow, row.externalId, row.payload);
  const heldHere = (
    hold: { code: string; message: string; field?: string | null },
    cause: RootHold = { code: hold.code, field: hold.field ?? null, message: hold.message },
  ) => {
    tally.held(hold, facts.document);
    tally.sample({ ...facts, outcome: "held", target: SYSTEM[flow.target]!, note: hold.message });
    // A customer (or invoice) held here holds what waits for it in the flows after this one, for the same cause.
    if (flow.source === "KASHFLOW") rememberHeld(work, flow.model, row.externalId, cause);
  };
  const createdAfter = (note: string) => {
    tally.count("create");
    tally.preview.afterDependency++;
    tally.sample({ ...facts, outcome: "create", target: SYSTEM[flow.target]!, note });
  };
  const onHold = (hold: Hold) => {
    const dependency = dependencyOf(hold);
    if (!dependency) return heldHere(hold);
    const noun = `${NOUN[dependency.model] ?? dependency.model} ${dependency.id}`;
    // Held for what holds the record it waits for: grouped with that cause, fixed by the same fix.
    const cause = heldCauseOf(work, dependency.model, dependency.id);
    if (cause)
      return heldHere(
        {
          code: cause.code,
          field: cause.field,
          message: `Waits for ${withArticle(NOUN[dependency.model] ?? "record")} that would be held: ${cause.message}`,
        },
        cause,
      );
    const off = dependencyFlowOff(work, dependency.model);
    if (off) return heldHere({ ...hold, message: `Waits for ${noun}, but "${off}" is turned off for this company.` });
    createdAfter(`After ${noun}.`);
  };

  // Canonicalize: a record that breaks the canonical schema is held with the field, as a run would.
  const unmappable = (row.payload as Partial<InvalidPayload> | null)?.invalid;
  if (unmappable)
    return heldHere({
      code: "INVALID_RECORD",
      message: `The ${flow.model.replace("_", " ")} cannot be read: ${unmappable.field}: ${unmappable.message}.`,
      field: unmappable.field,
    });
  const parsed = flow.canonical.safeParse(row.payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join(".") || "(record)";
    return heldHere({
      code: "INVALID_RECORD",
      message: `The ${flow.model.replace("_", " ")} has an invalid ${field}: ${issue?.message ?? "invalid"}.`,
      field,
    });
  }
  const meta: RecordMeta = {
    id: row.id,
    externalId: row.externalId,
    counterpartId: row.counterpartId,
    deleted: Boolean(row.deletedAt),
  };
  // Dated after today: counted, and its sample says when it goes (at once, or on its date) — it is never left out.
  const forward = meta.deleted ? null : forwardDateOf(flow, parsed.data, ctx);
  const wait = meta.deleted ? null : dateWaitFor(flow, parsed.data, ctx);
  if (forward) {
    tally.preview.forwardDated++;
    tally.preview.forwardDatedWhen = wait ? "on_date" : "now";
  }
  const dated = (note: string | null | undefined) =>
    wait
      ? [wait.message, note].filter(Boolean).join(". ")
      : forward
        ? [`Dated ${forward}, carried at once`, note].filter(Boolean).join(". ")
        : (note ?? null);

  // A Sage 100 customer, vendor or item a KashFlow record of this preview matched: linked from that side, not created.
  if (flow.source === "SAGE100" && (flow.model === "customer" || flow.model === "supplier" || flow.model === "item")) {
    const kashflowId = kashflowIdPlannedFor(work, flow.model, row.externalId);
    const linked = kashflowId
      ? await db.entityLink.findUnique({
          where: {
            companyId_model_sage100Key: { companyId: ctx.companyId, model: flow.model, sage100Key: row.externalId },
          },
        })
      : null;
    if (kashflowId && !linked) {
      tally.count("match");
      tally.sample({
        ...facts,
        outcome: "match",
        target: `KashFlow ${NOUN[flow.model]} ${kashflowId}`,
        note: "Matched from the KashFlow side: linked, not created again.",
      });
      return;
    }
  }

  try {
    const ruled = await flow.rules(ctx, parsed.data, meta);
    if (isHold(ruled)) return onHold(ruled);
    const invalid = await flow.validate(ctx, ruled.plan, meta);
    if (invalid) return onHold(invalid);
    const outcome =
      flow.id === "stock.sage100_to_kashflow"
        ? await stockOutcome(ctx, tally, ruled.plan as StockPlan, row.externalId)
        : planOutcome(flow, ruled.plan, row.externalId);
    if (outcome.link) rememberLink(work, flow.model, outcome.link);
    if (outcome.newKashflowKey)
      work.newKashflow[flow.model] = [...(work.newKashflow[flow.model] ?? []), outcome.newKashflowKey];
    tally.count(outcome.outcome);
    if (outcome.outcome === "skip") tally.group(tally.preview.skipped, outcome.note ?? "Nothing to write.");
    tally.sample({ ...facts, outcome: outcome.outcome, target: outcome.target, note: dated(outcome.note) });
  } catch (error) {
    const e = error instanceof AppError ? error : null;
    if (e?.reason === "ReadOnly") {
      // The guard stopped a write during planning: a defect to fix, shown as such.
      const v = tally.preview.readOnlyViolations;
      v.count++;
      if (v.examples.length < 5) v.examples.push(`${facts.document}: ${e.message}`);
      return;
    }
    if (e?.retryClass === "NEEDS_USER") {
      const field = e.fieldErrors ? Object.keys(e.fieldErrors)[0] : undefined;
      return onHold({ hold: true, code: e.reason ?? e.code, message: e.message, field });
    }
    if (e?.retryClass === "TRANSIENT" && e.reason && WAIT_REASONS.has(e.reason)) return createdAfter(e.message);
    const message = e ? e.message : `Unexpected error: ${error instanceof Error ? error.message : String(error)}`;
    tally.count("unchecked");
    tally.group(tally.preview.unchecked, message);
    tally.sample({ ...facts, outcome: "skip", target: SYSTEM[flow.target]!, note: `Could not be checked: ${message}` });
  }
}

/** Stock: what KashFlow holds now against what Sage 100 has, read only; a product this preview creates starts empty. */
async function stockOutcome(ctx: FlowRun, tally: FlowTally, plan: StockPlan, itemCode: string): Promise<PlanOutcome> {
  if (plan.kind === "skip") return { outcome: "skip", target: "KashFlow stock", note: plan.reason };
  const target = `Stock of KashFlow product ${plan.product}`;
  const change = await kashflowStockChange(ctx, plan);
  const isNew = (tally.work.newKashflow.item ?? []).includes(plan.product);
  if ("skipped" in change && !isNew) return { outcome: "skip", target, note: change.skipped };
  const from = "skipped" in change ? null : change.from;
  if (from !== null && compareDecimal(from, plan.quantity) === 0)
    return { outcome: "skip", target, note: `KashFlow already has ${plan.quantity}.` };
  const preview = tally.preview;
  preview.stockChangesTotal++;
  if (preview.stockChanges.length < MAX_STOCK_CHANGES)
    preview.stockChanges.push({ item: itemCode, product: plan.product, from, to: plan.quantity });
  return {
    outcome: "update",
    target,
    note: from === null ? `Set to ${plan.quantity} on the new product.` : `${from} → ${plan.quantity}`,
  };
}
