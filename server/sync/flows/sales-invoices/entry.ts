// A/R invoices travel to Sage 100 together: one agent command (createArInvoiceBatches) carries a load batch's
// invoices of every date, each date's into that date's batch — one queue entry, one lease and one result instead of
// one per date; the agent's round trips, not Sage, were what a run of thousands of invoices waited on. Each invoice
// still gets its own outcome: one Sage refuses is held or retried alone; a batch Sage refuses fails its date's
// invoices (retried into a new batch); a failure of the command itself fails them all.
import type { CommandInput, ResultOf } from "@/agent/src/protocol";
import { AppError, type RetryClass } from "@/lib/errors";
import type { FlowRun } from "../../engine/flow-run";
import { BATCH_REFUSALS, batchGone, forgetBatches, openBatchesByDate, rememberBatches } from "./batches";

export type ArInvoice = Omit<Extract<CommandInput, { type: "createArInvoice" }>["payload"], "batch">;
type Group = ResultOf<"createArInvoiceBatches">["groups"][number];
type InvoiceResult = Extract<Group, { ok: true }>["results"][number];
export type EnteredInvoice = Extract<InvoiceResult, { ok: true }>;
type Settled = PromiseSettledResult<EnteredInvoice>;

/** Invoices per date's group, and groups per command (the protocol's bounds). */
export const MAX_PER_GROUP = 50;
const MAX_GROUPS = 50;

type Part = { date: string; indexes: number[] };

const failed = (message: string, retryClass: RetryClass, reason: string): Settled => ({
  status: "rejected",
  reason: new AppError("UPSTREAM", message, { retryClass, reason }),
});
const noResult: Settled = {
  status: "rejected",
  reason: new AppError("INTERNAL", "Sage 100 gave no result for this invoice.", { retryClass: "BUG" }),
};

/** One command for a part of each of several dates; fills `out` for their invoices. */
async function enterGroups(
  ctx: FlowRun,
  parts: readonly Part[],
  invoices: readonly ArInvoice[],
  out: Settled[],
): Promise<void> {
  const open = await openBatchesByDate(ctx);
  const batches = parts.map((p) => open.get(p.date));
  let answer: ResultOf<"createArInvoiceBatches">;
  try {
    answer = await ctx.ask(
      {
        type: "createArInvoiceBatches",
        payload: {
          groups: parts.map((p, k) => ({
            invoices: p.indexes.map((i) => invoices[i]!),
            batch: batches[k] ? { batchNo: batches[k], post: false } : { comment: `Ledgerlink ${p.date}`, post: false },
          })),
        },
      },
      // The payload's hash is the key: a re-run asks for the same command; the agent also checks each invoice before it creates.
      { key: "payload", timeoutMs: 120_000 },
    );
  } catch (error) {
    for (const p of parts) for (const i of p.indexes) out[i] = { status: "rejected", reason: error };
    return;
  }
  const entered: { batchNo: string; date: string }[] = [];
  const gone: string[] = [];
  for (const [k, p] of parts.entries()) {
    const group = answer.groups[k];
    if (group && !group.ok) {
      const named = batches[k];
      if (named && BATCH_REFUSALS.has(group.error.code)) gone.push(named);
      const settled =
        named && BATCH_REFUSALS.has(group.error.code)
          ? ({ status: "rejected", reason: batchGone(named, group.error.message) } as const)
          : failed(group.error.message, group.error.retryClass as RetryClass, group.error.code);
      for (const i of p.indexes) out[i] = settled;
      continue;
    }
    for (const [n, i] of p.indexes.entries()) {
      const r = group?.results[n];
      if (!r) out[i] = noResult;
      else if (!r.ok) out[i] = failed(r.error.message, r.error.retryClass as RetryClass, r.error.code);
      else {
        // Entered into a batch (or found in data entry in another, by an earlier attempt): that batch must be posted too.
        if (r.state === "pending" && r.batchNo) entered.push({ batchNo: r.batchNo, date: p.date });
        out[i] = { status: "fulfilled", value: r };
      }
    }
  }
  await forgetBatches(ctx, gone);
  await rememberBatches(ctx, entered);
}

/** Invoices per command: commands of a batch go side by side, so the agent enters one while the server handles another. */
const PER_COMMAND = 50;

/** Splits a round's parts (whole dates, never split across commands) into commands of about PER_COMMAND invoices. */
function commandsOf(round: readonly Part[]): Part[][] {
  const commands: Part[][] = [];
  let current: Part[] = [];
  let size = 0;
  for (const part of round) {
    if (current.length && (size + part.indexes.length > PER_COMMAND || current.length === MAX_GROUPS)) {
      commands.push(current);
      current = [];
      size = 0;
    }
    current.push(part);
    size += part.indexes.length;
  }
  if (current.length) commands.push(current);
  return commands;
}

/** Enters A/R invoices (any dates) into their dates' batches; a settled result per invoice, in order. */
export async function enterArInvoices(ctx: FlowRun, invoices: readonly ArInvoice[]): Promise<Settled[]> {
  const byDate = new Map<string, number[]>();
  for (const [i, invoice] of invoices.entries())
    byDate.set(invoice.invoiceDate, [...(byDate.get(invoice.invoiceDate) ?? []), i]);
  const out: Settled[] = new Array(invoices.length);
  // Rounds: each date's first part opens (or joins) its batch; a date's later parts join the batch it opened. A
  // date is in one command per round, so two commands never open two batches for one date.
  const queues = [...byDate].map(([date, indexes]) => ({ date, indexes }));
  for (let at = 0; queues.some((q) => q.indexes.length > at); at += MAX_PER_GROUP) {
    const round = queues
      .filter((q) => q.indexes.length > at)
      .map((q) => ({ date: q.date, indexes: q.indexes.slice(at, at + MAX_PER_GROUP) }));
    await Promise.all(commandsOf(round).map((parts) => enterGroups(ctx, parts, invoices, out)));
  }
  for (let i = 0; i < out.length; i++) out[i] ??= noResult;
  return out;
}
