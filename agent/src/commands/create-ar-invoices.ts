// createArInvoices: several A/R invoices into one batch in one command, each entered exactly as createArInvoice
// enters it (check-then-create on its number). Sage refusing one invoice (a customer on hold, a closed period) is
// that invoice's result and the rest go on; a problem with the batch or the session fails the whole command, so it
// is retried as a whole (invoices already entered are then found, not doubled).
import { BoiFailure, CommandRefusal } from "../drivers/boi-failure";
import { normaliseError } from "../errors/normalise";
import type { PayloadOf, ResultOf } from "../protocol";
import { postJournal } from "./batches";
import type { CommandContext } from "./context";
import { createArInvoice } from "./create-ar-invoice";

type Result = ResultOf<"createArInvoices">["results"][number];

/** Refusals of one invoice; anything about the batch itself, or any other error, is the command's. */
const ownRefusal = (error: unknown) =>
  (error instanceof CommandRefusal || error instanceof BoiFailure) &&
  !(error instanceof BoiFailure && error.context.field === "batch.batchNo");

export async function createArInvoices(
  ctx: CommandContext,
  p: PayloadOf<"createArInvoices">,
): Promise<ResultOf<"createArInvoices">> {
  let batchNo = p.batch.batchNo;
  const results: Result[] = [];
  for (const invoice of p.invoices) {
    try {
      const r = await createArInvoice(ctx, {
        ...invoice,
        batch: batchNo ? { batchNo, post: false } : { comment: p.batch.comment, post: false },
      });
      // The first invoice entered opened the batch (or was found in one, entered by an earlier delivery): the others join it.
      if (r.state === "pending" && r.batchNo && !batchNo) batchNo = r.batchNo;
      results.push({ ok: true, ...r });
    } catch (error) {
      if (!ownRefusal(error)) throw error;
      results.push({
        ok: false,
        invoiceNo: invoice.invoiceNo,
        invoiceType: invoice.invoiceType,
        error: normaliseError(error),
      });
    }
  }
  if (p.batch.post && batchNo && results.some((r) => r.ok && r.state === "pending")) {
    postJournal(ctx, "AR_SALES", batchNo, p.batch.postingDate ?? p.invoices[0]!.invoiceDate);
    return {
      batchNo,
      results: results.map((r) => (r.ok && r.batchNo === batchNo ? { ...r, state: "posted" as const } : r)),
    };
  }
  return { batchNo: batchNo ?? "", results };
}
