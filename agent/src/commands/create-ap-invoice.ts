// createApInvoice: AP_Invoice_bus header + G/L distribution lines in a batch (spec §2.8), optionally posted with
// AP_InvoiceRegister_upd. Idempotent on vendor + invoice number (pending entry, open invoices, history).
import { CommandRefusal } from "../drivers/boi-failure";
import type { BoiBatchDocument } from "../drivers/boi-types";
import type { PayloadOf, ResultOf } from "../protocol";
import { withBusObject } from "./boi-object";
import { postJournal, selectBatch } from "./batches";
import { code, firstRow, num, sageDate, type CommandContext } from "./context";

type Payload = PayloadOf<"createApInvoice">;

async function findExisting(ctx: CommandContext, division: string, vendorNo: string, invoiceNo: string) {
  const key = [division, vendorNo, invoiceNo];
  const pending = await firstRow(
    ctx.odbc,
    "SELECT BatchNo FROM AP_InvoiceHeader WHERE APDivisionNo = ? AND VendorNo = ? AND InvoiceNo = ?",
    key,
  );
  if (pending) return { state: "pending" as const, batchNo: String(pending.BatchNo ?? "") };
  const posted = await firstRow(
    ctx.odbc,
    "SELECT TOP 1 BatchNo FROM AP_InvoiceHistoryHeader WHERE APDivisionNo = ? AND VendorNo = ? AND InvoiceNo = ?",
    key,
  );
  return posted ? { state: "posted" as const, batchNo: String(posted.BatchNo ?? "") } : null;
}

export async function createApInvoice(ctx: CommandContext, p: Payload): Promise<ResultOf<"createApInvoice">> {
  const vendorNo = code(p.vendorNo);
  const invoiceNo = code(p.invoiceNo);
  const existing = await findExisting(ctx, p.division, vendorNo, invoiceNo);
  if (existing) {
    if (existing.state === "pending" && p.batch.post)
      postJournal(ctx, "AP_INVOICE", existing.batchNo, p.batch.postingDate ?? p.invoiceDate);
    return {
      vendorNo,
      invoiceNo,
      batchNo: existing.batchNo,
      created: false,
      state: existing.state === "pending" && p.batch.post ? "posted" : existing.state,
    };
  }
  const batchNo = await withBusObject<BoiBatchDocument, string>(
    ctx.handle,
    { object: "AP_Invoice_bus", task: "AP_Invoice_ui", module: "A/P" },
    sageDate(p.invoiceDate),
    ctx.warnings,
    (bus) => {
      const batch = selectBatch(bus, p.batch, "Ledgerlink bills", ctx.handle);
      bus.keyValue("APDivisionNo$", p.division, "division");
      bus.keyValue("VendorNo$", vendorNo, "vendorNo");
      bus.keyValue("InvoiceNo$", invoiceNo, "invoiceNo");
      if (bus.setKey(undefined, "vendorNo") !== 2)
        throw new CommandRefusal(
          "DUPLICATE",
          `Vendor ${vendorNo}'s invoice ${invoiceNo} was entered in Sage 100 by someone else a moment ago.`,
          "invoiceNo",
        );
      bus.set("InvoiceDate$", sageDate(p.invoiceDate), "invoiceDate");
      bus.setIf("TermsCode$", p.termsCode, "termsCode");
      bus.setIf("InvoiceDueDate$", p.dueDate === undefined ? undefined : sageDate(p.dueDate), "dueDate");
      bus.setIf("Comment$", p.comment, "comment");
      bus.setIf("HoldPayment$", p.holdPayment === undefined ? undefined : p.holdPayment ? "Y" : "N", "holdPayment");
      bus.set("InvoiceAmt", num(p.amount), "amount");
      const lines = bus.lines();
      p.distributions.forEach((d, i) => {
        lines.add();
        lines.set("AccountKey$", d.account, `distributions.${i}.account`);
        lines.set("DistributionAmt", num(d.amount), `distributions.${i}.amount`);
        lines.setIf("CommentText$", d.comment, `distributions.${i}.comment`);
        lines.write(`distributions.${i}.account`);
      });
      bus.write();
      return batch;
    },
  );
  if (p.batch.post) postJournal(ctx, "AP_INVOICE", batchNo, p.batch.postingDate ?? p.invoiceDate);
  return { vendorNo, invoiceNo, batchNo, created: true, state: p.batch.post ? "posted" : "pending" };
}
