// Sage 100 data-entry batches for the flow's A/R invoices: one per posting date (the A/R sales journal posts a
// batch on one date, so each invoice's G/L lands in its own period). The first invoices of a date open its batch
// and later ones join it; every batch is remembered in the flow's state until the run's last stage posts them (one
// agent command for up to 100), so a crash never leaves one unposted and forgotten.
import { AppError } from "@/lib/errors";
import type { FlowRun } from "../../engine/flow-run";
import { readState, updateState } from "./state";

/** Open batches by posting date (and their numbers), as far as this run knows them: read from the state once per run. */
function knownBatches(ctx: FlowRun): Promise<{ byDate: Map<string, string>; numbers: Set<string> }> {
  return ctx.memo("sales-invoices:batches", async () => {
    const stored = (await readState(ctx.companyId)).batches;
    return {
      byDate: new Map(Object.entries(stored).map(([batchNo, date]) => [date, batchNo])),
      numbers: new Set(Object.keys(stored)),
    };
  });
}

/** The open batch of each date this run knows of (a date without one opens a new batch). */
export async function openBatchesByDate(ctx: FlowRun): Promise<ReadonlyMap<string, string>> {
  return (await knownBatches(ctx)).byDate;
}

/** Batches now holding our unposted documents go into the state (once, in one write), to be posted at the end of the run. */
export async function rememberBatches(
  ctx: FlowRun,
  entered: readonly { batchNo: string; date: string }[],
): Promise<void> {
  const known = await knownBatches(ctx);
  const added: Record<string, string> = {};
  for (const { batchNo, date } of entered) {
    if (!batchNo) continue;
    if (!known.byDate.has(date)) known.byDate.set(date, batchNo);
    if (known.numbers.has(batchNo)) continue;
    known.numbers.add(batchNo);
    added[batchNo] = date;
  }
  if (Object.keys(added).length === 0) return;
  await updateState(ctx.companyId, (s) => ({ ...s, batches: { ...s.batches, ...added } }));
}

/** Batches posted, or gone from Sage 100: out of the state (in one write). */
export async function forgetBatches(ctx: FlowRun, batchNos: readonly string[]): Promise<void> {
  if (batchNos.length === 0) return;
  const gone = new Set(batchNos);
  const known = await knownBatches(ctx);
  for (const [date, no] of known.byDate) if (gone.has(no)) known.byDate.delete(date);
  for (const no of gone) known.numbers.delete(no);
  await updateState(ctx.companyId, (s) => ({
    ...s,
    batches: Object.fromEntries(Object.entries(s.batches).filter(([no]) => !gone.has(no))),
  }));
}

/**
 * Sage refused the batch itself (gone, posted by someone, another user's): its documents go into a new one. A
 * command that names a batch fails for the batch only with these codes: not on file, or in use / private.
 */
export const BATCH_REFUSALS: ReadonlySet<string> = new Set(["NOT_FOUND", "BATCH_IN_USE"]);

/** The error of a document whose batch can no longer be used: retried, into a new batch. */
export const batchGone = (batchNo: string, why: string) =>
  new AppError(
    "UPSTREAM",
    `Sage 100 batch ${batchNo} can no longer be used (${why}); Ledgerlink will enter the document in a new batch.`,
    { retryClass: "TRANSIENT", reason: "BatchGone" },
  );

/** Batches posted per agent command at the end of a run. */
const POST_PER_COMMAND = 100;

/** The last stage of a run: posts every batch the flow still has open. Failures are reported together at the end. */
export async function postOpenBatches(ctx: FlowRun): Promise<{ posted: string[]; failed: string[] }> {
  const open = Object.entries((await readState(ctx.companyId)).batches).sort(([, a], [, b]) => a.localeCompare(b));
  const posted: string[] = [];
  const failed: string[] = [];
  for (let at = 0; at < open.length; at += POST_PER_COMMAND) {
    const chunk = open.slice(at, at + POST_PER_COMMAND);
    const done: string[] = [];
    try {
      // A fresh key: the agent answers "already posted" for a batch posted before, so asking again is safe.
      const answer = await ctx.ask(
        {
          type: "postBatches",
          payload: { journal: "AR_SALES", batches: chunk.map(([batchNo, postingDate]) => ({ batchNo, postingDate })) },
        },
        { timeoutMs: 120_000 },
      );
      for (const [k, [batchNo, date]] of chunk.entries()) {
        const r = answer.results[k];
        if (r?.ok) {
          posted.push(batchNo);
          done.push(batchNo);
        }
        // Not there, or nothing left in it (its only document was taken out): nothing to post.
        else if (r?.error.code === "NOT_FOUND") done.push(batchNo);
        else failed.push(`batch ${batchNo} (${date}): ${r?.error.message ?? "Sage 100 gave no result for it"}`);
      }
    } catch (error) {
      for (const [batchNo, date] of chunk)
        failed.push(`batch ${batchNo} (${date}): ${error instanceof Error ? error.message : String(error)}`);
    }
    await forgetBatches(ctx, done);
  }
  return { posted, failed };
}

/** Whether a batch holding our documents is still waiting for this flow to post it. */
export async function isBatchOpen(ctx: FlowRun, batchNo: string): Promise<boolean> {
  return (await knownBatches(ctx)).numbers.has(batchNo);
}
