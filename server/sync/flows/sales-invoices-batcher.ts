// Invoices of the same date that reach the load stage together travel to Sage 100 as one agent command
// (createArInvoices, up to 50): one queue entry, one lease and one result for all of them instead of one each —
// the agent's round trips, not Sage, were what a run of thousands of invoices waited on. Each invoice still gets
// its own outcome: one Sage refuses is held or retried alone; a failure of the command itself fails them all.
import type { CommandInput, ResultOf } from "@/agent/src/protocol";
import { AppError, type RetryClass } from "@/lib/errors";
import type { FlowRun } from "../engine/flow-run";
import { enterInBatch, rememberBatch } from "./sales-invoices-batches";

type ArInvoice = Omit<Extract<CommandInput, { type: "createArInvoice" }>["payload"], "batch">;
export type EnteredInvoice = Extract<ResultOf<"createArInvoices">["results"][number], { ok: true }>;

/** Invoices per command, and how long a group waits for more of its date before it goes. */
export const MAX_PER_COMMAND = 50;
const GATHER_MS = 15;

type Waiter = { command: ArInvoice; resolve: (r: EnteredInvoice) => void; reject: (e: unknown) => void };
type Group = { waiters: Waiter[]; timer: ReturnType<typeof setTimeout> | null };

async function send(ctx: FlowRun, date: string, waiters: Waiter[]): Promise<void> {
  try {
    const answer = await enterInBatch(ctx, date, async (batchNo) => {
      const out = await ctx.sage100.execute(
        { type: "createArInvoices", payload: { invoices: waiters.map((w) => w.command), batch: batchNo ? { batchNo, post: false } : { comment: `Ledgerlink ${date}`, post: false } } },
        // The payload's hash is the key: a re-run asks for the same command; the agent also checks each invoice before it creates.
        { retryInLedger: true, timeoutMs: 120_000 },
      );
      return { ...out, state: out.batchNo ? ("pending" as const) : ("posted" as const) };
    });
    for (const [i, r] of answer.results.entries()) {
      const w = waiters[i]!;
      if (!r.ok) {
        w.reject(new AppError("UPSTREAM", r.error.message, { retryClass: r.error.retryClass as RetryClass, reason: r.error.code }));
        continue;
      }
      // Found in data entry in another batch (an earlier attempt): that batch must be posted too.
      if (r.state === "pending" && r.batchNo && r.batchNo !== answer.batchNo) await rememberBatch(ctx, r.batchNo, date);
      w.resolve(r);
    }
  } catch (error) {
    for (const w of waiters) w.reject(error);
  }
}

/** Enters one A/R invoice, together with the others of its date arriving at the same moment. */
export function enterArInvoice(ctx: FlowRun, command: ArInvoice): Promise<EnteredInvoice> {
  const dates = ctx.memo("sales-invoices:gathering", () => new Map<string, Group>());
  const date = command.invoiceDate;
  return new Promise<EnteredInvoice>((resolve, reject) => {
    let group = dates.get(date);
    if (!group) dates.set(date, (group = { waiters: [], timer: null }));
    const g = group;
    g.waiters.push({ command, resolve, reject });
    if (g.timer) clearTimeout(g.timer);
    const go = () => {
      if (dates.get(date) === g) dates.delete(date);
      void send(ctx, date, g.waiters);
    };
    if (g.waiters.length >= MAX_PER_COMMAND) go();
    else g.timer = setTimeout(go, GATHER_MS);
  });
}
