// A/R invoices of the same date travel to Sage 100 together, as one agent command (createArInvoices, up to 50):
// one queue entry, one lease and one result for all of them instead of one each — the agent's round trips, not
// Sage, were what a run of thousands of invoices waited on. The flow's loadBatch hands over a batch's invoices at
// once; each still gets its own outcome: one Sage refuses is held or retried alone; a failure of the command itself
// fails them all.
import type { CommandInput, ResultOf } from "@/agent/src/protocol";
import { AppError, type RetryClass } from "@/lib/errors";
import type { FlowRun } from "../../engine/flow-run";
import { enterInBatch, rememberBatch } from "./batches";

export type ArInvoice = Omit<Extract<CommandInput, { type: "createArInvoice" }>["payload"], "batch">;
export type EnteredInvoice = Extract<ResultOf<"createArInvoices">["results"][number], { ok: true }>;

/** Invoices per command. */
export const MAX_PER_COMMAND = 50;

/** One command for invoices of one date, into that date's batch; a settled result per invoice, in order. */
async function enterOneCommand(
  ctx: FlowRun,
  date: string,
  invoices: readonly ArInvoice[],
): Promise<PromiseSettledResult<EnteredInvoice>[]> {
  try {
    const answer = await enterInBatch(ctx, date, async (batchNo) => {
      const out = await ctx.ask(
        {
          type: "createArInvoices",
          payload: {
            invoices: [...invoices],
            batch: batchNo ? { batchNo, post: false } : { comment: `Ledgerlink ${date}`, post: false },
          },
        },
        // The payload's hash is the key: a re-run asks for the same command; the agent also checks each invoice before it creates.
        { key: "payload", timeoutMs: 120_000 },
      );
      return { ...out, state: out.batchNo ? ("pending" as const) : ("posted" as const) };
    });
    const results: PromiseSettledResult<EnteredInvoice>[] = [];
    for (const r of answer.results) {
      if (!r.ok) {
        results.push({
          status: "rejected",
          reason: new AppError("UPSTREAM", r.error.message, {
            retryClass: r.error.retryClass as RetryClass,
            reason: r.error.code,
          }),
        });
        continue;
      }
      // Found in data entry in another batch (an earlier attempt): that batch must be posted too.
      if (r.state === "pending" && r.batchNo && r.batchNo !== answer.batchNo) await rememberBatch(ctx, r.batchNo, date);
      results.push({ status: "fulfilled", value: r });
    }
    return results;
  } catch (error) {
    return invoices.map(() => ({ status: "rejected", reason: error }));
  }
}

/** Enters A/R invoices (any dates): per date, commands of up to MAX_PER_COMMAND; a settled result per invoice, in order. */
export async function enterArInvoices(
  ctx: FlowRun,
  invoices: readonly ArInvoice[],
): Promise<PromiseSettledResult<EnteredInvoice>[]> {
  const byDate = new Map<string, number[]>();
  for (const [i, invoice] of invoices.entries())
    byDate.set(invoice.invoiceDate, [...(byDate.get(invoice.invoiceDate) ?? []), i]);
  const out: PromiseSettledResult<EnteredInvoice>[] = new Array(invoices.length);
  await Promise.all(
    [...byDate].map(async ([date, indexes]) => {
      for (let at = 0; at < indexes.length; at += MAX_PER_COMMAND) {
        const chunk = indexes.slice(at, at + MAX_PER_COMMAND);
        const results = await enterOneCommand(
          ctx,
          date,
          chunk.map((i) => invoices[i]!),
        );
        for (const [k, i] of chunk.entries())
          out[i] = results[k] ?? {
            status: "rejected",
            reason: new AppError("INTERNAL", "Sage 100 gave no result for this invoice.", { retryClass: "BUG" }),
          };
      }
    }),
  );
  return out;
}
