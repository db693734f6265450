// deleteArInvoice: takes an A/R invoice still in data entry out of its batch (AR_Invoice_bus nSetKey + nDelete),
// for a document voided before it was posted. A posted invoice is never deleted (history is history: the server
// reverses it with a credit memo instead); one already gone answers "absent", so a re-delivery changes nothing.
import { CommandRefusal } from "../drivers/boi-failure";
import type { BoiBatchDocument } from "../drivers/boi-types";
import type { PayloadOf, ResultOf } from "../protocol";
import { withBusObject } from "./boi-object";
import { selectBatch } from "./batches";
import { docNo, firstRow, type CommandContext } from "./context";

export async function deleteArInvoice(
  ctx: CommandContext,
  p: PayloadOf<"deleteArInvoice">,
): Promise<ResultOf<"deleteArInvoice">> {
  const invoiceNo = docNo(p.invoiceNo, 7);
  const key = [invoiceNo, p.invoiceType];
  const pending = await firstRow(
    ctx.odbc,
    "SELECT InvoiceNo, BatchNo FROM AR_InvoiceHeader WHERE InvoiceNo = ? AND InvoiceType = ?",
    key,
  );
  if (!pending) {
    const posted = await firstRow(
      ctx.odbc,
      "SELECT InvoiceNo FROM AR_InvoiceHistoryHeader WHERE InvoiceNo = ? AND InvoiceType = ?",
      key,
    );
    return { invoiceNo, invoiceType: p.invoiceType, state: posted ? "posted" : "absent", batchNo: null };
  }
  const batchNo = String(pending.BatchNo ?? "").trim();
  await withBusObject<BoiBatchDocument, void>(
    ctx.handle,
    { object: "AR_Invoice_bus", task: "AR_Invoice_ui", module: "A/R" },
    ctx.today,
    ctx.warnings,
    (bus) => {
      // The invoice can only be opened from its own batch.
      if (batchNo) selectBatch(bus, { batchNo, post: false }, "Ledgerlink", ctx.handle);
      bus.keyValue("InvoiceNo$", invoiceNo, "invoiceNo");
      bus.keyValue("InvoiceType$", p.invoiceType, "invoiceType");
      if (bus.setKey(undefined, "invoiceNo") !== 1) {
        bus.clear();
        throw new CommandRefusal(
          "NOT_FOUND",
          `Invoice ${invoiceNo} left data entry in Sage 100 a moment ago (posted or deleted by someone else).`,
          "invoiceNo",
        );
      }
      bus.delete();
    },
  );
  return { invoiceNo, invoiceType: p.invoiceType, state: "deleted", batchNo: batchNo || null };
}
