// postBatches: several batches of one journal posted in one command (a run's batches, one per posting date). Sage
// refusing one (a closed period, not on file) is that batch's result; the others are posted all the same.
import { BoiFailure, CommandRefusal } from "../drivers/boi-failure";
import { normaliseError } from "../errors/normalise";
import type { PayloadOf, ResultOf } from "../protocol";
import type { CommandContext } from "./context";
import { postBatch } from "./post-batch";

type BatchResult = ResultOf<"postBatches">["results"][number];

export async function postBatches(ctx: CommandContext, p: PayloadOf<"postBatches">): Promise<ResultOf<"postBatches">> {
  const results: BatchResult[] = [];
  for (const batch of p.batches) {
    try {
      const r = await postBatch(ctx, { journal: p.journal, batchNo: batch.batchNo, postingDate: batch.postingDate });
      results.push({ ok: true, batchNo: batch.batchNo, posted: r.posted, alreadyPosted: r.alreadyPosted });
    } catch (error) {
      if (!(error instanceof CommandRefusal || error instanceof BoiFailure)) throw error;
      results.push({ ok: false, batchNo: batch.batchNo, error: normaliseError(error) });
    }
  }
  return { results };
}
