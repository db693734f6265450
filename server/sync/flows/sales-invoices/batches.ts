// Sage 100 data-entry batches for the flow's A/R invoices: one per posting date (the A/R sales journal posts a
// batch on one date, so each invoice's G/L lands in its own period). The first invoice of a date opens its batch
// and the others of that date wait for its number; every batch is remembered in the flow's state until the run's
// last stage posts it through the update object, so a crash never leaves one unposted and forgotten.
import { AppError } from "@/lib/errors";
import type { FlowRun } from "../../engine/flow-run";
import { readState, updateState } from "./state";

type Entered = { batchNo: string; state: "pending" | "posted" };

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

/** A batch holding our unposted documents goes into the state (once), to be posted at the end of the run. */
export const rememberBatch = (ctx: FlowRun, batchNo: string, date: string) =>
  remember(ctx, { batchNo, state: "pending" }, date);

async function remember(ctx: FlowRun, entered: Entered, date: string): Promise<void> {
  if (entered.state !== "pending" || !entered.batchNo) return;
  const known = await knownBatches(ctx);
  if (!known.byDate.has(date)) known.byDate.set(date, entered.batchNo);
  if (known.numbers.has(entered.batchNo)) return;
  known.numbers.add(entered.batchNo);
  await updateState(ctx.companyId, (s) => ({ ...s, batches: { ...s.batches, [entered.batchNo]: date } }));
}

async function forget(ctx: FlowRun, batchNo: string): Promise<void> {
  const known = await knownBatches(ctx);
  for (const [date, no] of known.byDate) if (no === batchNo) known.byDate.delete(date);
  known.numbers.delete(batchNo);
  await updateState(ctx.companyId, (s) => {
    const { [batchNo]: _gone, ...rest } = s.batches;
    return { ...s, batches: rest };
  });
}

/**
 * Sage refused the batch itself (gone, posted by someone, another user's): the document goes into a new one. A
 * command that names a batch fails as a whole only for the batch (an invoice Sage refuses is that invoice's result),
 * so its code says which: not on file, or in use / private.
 */
const BATCH_REFUSALS: ReadonlySet<string> = new Set(["NOT_FOUND", "BATCH_IN_USE"]);
const batchRefused = (error: unknown) =>
  error instanceof AppError && error.reason !== undefined && BATCH_REFUSALS.has(error.reason);

/** Enters a document dated `date` through `write`, into that date's open batch (`undefined` = open a new one). */
export async function enterInBatch<R extends Entered>(
  ctx: FlowRun,
  date: string,
  write: (batchNo: string | undefined) => Promise<R>,
): Promise<R> {
  let batchNo = (await knownBatches(ctx)).byDate.get(date);
  if (!batchNo) {
    const opened = await ctx.serial(`sales-invoices:open-batch:${date}`, async () => {
      const known = (await knownBatches(ctx)).byDate.get(date);
      if (known) return { batchNo: known, result: null };
      const result = await write(undefined);
      await remember(ctx, result, date);
      return { batchNo: result.batchNo, result };
    });
    if (opened.result) return opened.result;
    batchNo = opened.batchNo;
  }
  try {
    const result = await write(batchNo);
    // Found already entered in another batch (an earlier attempt): that batch must be posted too.
    if (result.batchNo !== batchNo) await remember(ctx, result, date);
    return result;
  } catch (error) {
    if (!batchRefused(error)) throw error;
    await forget(ctx, batchNo);
    throw new AppError(
      "UPSTREAM",
      `Sage 100 batch ${batchNo} can no longer be used (${(error as Error).message}); Ledgerlink will enter the document in a new batch.`,
      { retryClass: "TRANSIENT", reason: "BatchGone" },
    );
  }
}

/** The last stage of a run: posts every batch the flow still has open. Failures are reported together at the end. */
export async function postOpenBatches(ctx: FlowRun): Promise<{ posted: string[]; failed: string[] }> {
  const open = Object.entries((await readState(ctx.companyId)).batches).sort(([, a], [, b]) => a.localeCompare(b));
  const posted: string[] = [];
  const failed: string[] = [];
  for (const [batchNo, date] of open) {
    try {
      // A fresh key: the agent answers "already posted" for a batch posted before, so asking again is safe.
      await ctx.ask(
        { type: "postBatch", payload: { journal: "AR_SALES", batchNo, postingDate: date } },
        { timeoutMs: 120_000 },
      );
      posted.push(batchNo);
      await forget(ctx, batchNo);
    } catch (error) {
      // Not there, or nothing left in it (its only document was taken out): nothing to post.
      if (error instanceof AppError && error.reason === "NOT_FOUND") {
        await forget(ctx, batchNo);
        continue;
      }
      failed.push(`batch ${batchNo} (${date}): ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { posted, failed };
}

/** Whether a batch holding our documents is still waiting for this flow to post it. */
export async function isBatchOpen(ctx: FlowRun, batchNo: string): Promise<boolean> {
  return (await knownBatches(ctx)).numbers.has(batchNo);
}
