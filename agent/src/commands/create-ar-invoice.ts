// createArInvoice: AR_Invoice_bus header + lines in a batch (spec §2.6), optionally posted with AR_SalesJournal_upd.
// Check-then-create on the invoice number: a re-delivered command finds its invoice (pending or posted) instead of
// entering it twice; a number taken by another customer's document is refused as a duplicate.
import { CommandRefusal } from "../drivers/boi-failure";
import type { BoiBatchDocument } from "../drivers/boi-types";
import type { PayloadOf, ResultOf } from "../protocol";
import { withBusObject } from "./boi-object";
import { postJournal, selectBatch } from "./batches";
import { code, docNo, firstRow, num, sageDate, type CommandContext } from "./context";

type Payload = PayloadOf<"createArInvoice">;

async function findExisting(ctx: CommandContext, invoiceNo: string, invoiceType: string) {
  const pending = await firstRow(
    ctx.odbc,
    "SELECT InvoiceNo, BatchNo, ARDivisionNo, CustomerNo, SalesTaxAmt FROM AR_InvoiceHeader WHERE InvoiceNo = ? AND InvoiceType = ?",
    [invoiceNo, invoiceType],
  );
  if (pending) return { state: "pending" as const, row: pending };
  const posted = await firstRow(
    ctx.odbc,
    "SELECT InvoiceNo, BatchNo, ARDivisionNo, CustomerNo, SalesTaxAmt FROM AR_InvoiceHistoryHeader WHERE InvoiceNo = ? AND InvoiceType = ?",
    [invoiceNo, invoiceType],
  );
  return posted ? { state: "posted" as const, row: posted } : null;
}

export async function createArInvoice(ctx: CommandContext, p: Payload): Promise<ResultOf<"createArInvoice">> {
  const invoiceNo = docNo(p.invoiceNo, 7);
  const customerNo = code(p.customerNo);
  const existing = await findExisting(ctx, invoiceNo, p.invoiceType);
  if (existing) {
    if (String(existing.row.CustomerNo) !== customerNo || String(existing.row.ARDivisionNo) !== p.division)
      throw new CommandRefusal(
        "DUPLICATE",
        `Invoice number ${invoiceNo} is already used in Sage 100 by customer ${String(existing.row.ARDivisionNo)}-${String(existing.row.CustomerNo)}.`,
        "invoiceNo",
      );
    const batchNo = String(existing.row.BatchNo ?? "");
    // An earlier delivery entered the invoice but did not get to post it.
    if (existing.state === "pending" && p.batch.post)
      postJournal(ctx, "AR_SALES", batchNo, p.batch.postingDate ?? p.invoiceDate);
    return {
      invoiceNo,
      invoiceType: p.invoiceType,
      batchNo,
      created: false,
      state: existing.state === "pending" && p.batch.post ? "posted" : existing.state,
    };
  }

  const batchNo = await withBusObject<BoiBatchDocument, string>(
    ctx.handle,
    { object: "AR_Invoice_bus", task: "AR_Invoice_ui", module: "A/R" },
    sageDate(p.invoiceDate),
    ctx.warnings,
    (bus) => {
      const batch = selectBatch(bus, p.batch, "Ledgerlink", ctx.handle);
      bus.keyValue("InvoiceNo$", invoiceNo, "invoiceNo");
      bus.keyValue("InvoiceType$", p.invoiceType, "invoiceType");
      if (bus.setKey(undefined, "invoiceNo") !== 2)
        throw new CommandRefusal(
          "DUPLICATE",
          `Invoice number ${invoiceNo} was entered in Sage 100 by someone else a moment ago.`,
          "invoiceNo",
        );
      if (bus.getString("ARDivisionNo$") !== p.division) bus.set("ARDivisionNo$", p.division, "division");
      bus.set("CustomerNo$", customerNo, "customerNo");
      bus.set("InvoiceDate$", sageDate(p.invoiceDate), "invoiceDate");
      bus.setIf("TermsCode$", p.termsCode, "termsCode");
      bus.setIf("TaxSchedule$", p.taxSchedule, "taxSchedule");
      bus.setIf("CustomerPONo$", p.customerPONo, "customerPONo");
      bus.setIf("Comment$", p.comment, "comment");
      bus.setIf(
        "ApplyToInvoiceNo$",
        p.applyToInvoiceNo === undefined ? undefined : docNo(p.applyToInvoiceNo, 7),
        "applyToInvoiceNo",
      );
      const lines = bus.lines();
      p.lines.forEach((line, i) => {
        const f = (name: string) => `lines.${i}.${name}`;
        lines.add(f("itemCode"));
        // ItemCode first: it defaults description, price, accounts and tax class (spec §2.5).
        lines.set("ItemCode$", code(line.itemCode), f("itemCode"));
        lines.setIf("ItemCodeDesc$", line.description, f("description"));
        lines.setIf("SalesAcctKey$", line.salesAccount, f("salesAccount"));
        lines.setIf("TaxClass$", line.taxClass, f("taxClass"));
        lines.setIf("QuantityShipped", line.quantity === undefined ? undefined : num(line.quantity), f("quantity"));
        lines.setIf("UnitPrice", line.unitPrice === undefined ? undefined : num(line.unitPrice), f("unitPrice"));
        lines.setIf("ExtensionAmt", line.amount === undefined ? undefined : num(line.amount), f("amount"));
        lines.setIf("CommentText$", line.commentText, f("commentText"));
        lines.write(f("itemCode"));
      });
      bus.write();
      return batch;
    },
  );
  // Sage computed the totals and sales tax on write; read them back before posting moves the header to history.
  const totals = await firstRow(
    ctx.odbc,
    "SELECT TaxableSalesAmt, NonTaxableSalesAmt, SalesTaxAmt FROM AR_InvoiceHeader WHERE InvoiceNo = ? AND InvoiceType = ?",
    [invoiceNo, p.invoiceType],
  );
  const salesTaxAmt = Number(totals?.SalesTaxAmt ?? 0);
  const totalAmt =
    Math.round((Number(totals?.TaxableSalesAmt ?? 0) + Number(totals?.NonTaxableSalesAmt ?? 0) + salesTaxAmt) * 100) /
    100;
  if (p.batch.post) postJournal(ctx, "AR_SALES", batchNo, p.batch.postingDate ?? p.invoiceDate);
  return {
    invoiceNo,
    invoiceType: p.invoiceType,
    batchNo,
    created: true,
    state: p.batch.post ? "posted" : "pending",
    salesTaxAmt,
    totalAmt,
  };
}
