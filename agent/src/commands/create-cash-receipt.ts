// createCashReceipt: a deposit (AR_CashReceiptsDeposit_bus) holding one receipt (AR_CashReceipts_bus) whose lines
// apply cash to open invoices or post it to G/L accounts (spec §2.7). Idempotent on customer + CheckNo: the payment
// reference is looked up in pending receipts and in cash receipts history before anything is entered.
import { CommandRefusal } from "../drivers/boi-failure";
import type { BoiBatchDocument, BoiDataObject } from "../drivers/boi-types";
import type { PayloadOf, ResultOf } from "../protocol";
import { BusObject, newBoiObject, withBusObject } from "./boi-object";
import { postJournal, selectBatch } from "./batches";
import { code, docNo, firstRow, num, sageDate, type CommandContext } from "./context";

type Payload = PayloadOf<"createCashReceipt">;

async function findExisting(ctx: CommandContext, division: string, customerNo: string, checkNo: string) {
  const pending = await firstRow(
    ctx.odbc,
    "SELECT DepositNo, BatchNo FROM AR_CashReceiptsHeader WHERE ARDivisionNo = ? AND CustomerNo = ? AND CheckNo = ?",
    [division, customerNo, checkNo],
  );
  if (pending)
    return { state: "pending" as const, depositNo: String(pending.DepositNo), batchNo: String(pending.BatchNo ?? "") };
  const posted = await firstRow(
    ctx.odbc,
    "SELECT TOP 1 DepositNo FROM AR_CashReceiptsHistory WHERE ARDivisionNo = ? AND CustomerNo = ? AND CheckNo = ?",
    [division, customerNo, checkNo],
  );
  return posted ? { state: "posted" as const, depositNo: String(posted.DepositNo), batchNo: "" } : null;
}

export async function createCashReceipt(ctx: CommandContext, p: Payload): Promise<ResultOf<"createCashReceipt">> {
  const customerNo = code(p.customerNo);
  const checkNo = code(p.checkNo);
  const existing = await findExisting(ctx, p.division, customerNo, checkNo);
  if (existing) {
    if (existing.state === "pending" && p.batch.post)
      postJournal(ctx, "AR_CASH", existing.batchNo, p.batch.postingDate ?? p.depositDate);
    return {
      depositNo: existing.depositNo,
      checkNo,
      batchNo: existing.batchNo,
      created: false,
      state: existing.state === "pending" && p.batch.post ? "posted" : existing.state,
    };
  }
  if (p.applications.length + p.accountLines.length === 0)
    throw new CommandRefusal(
      "INVALID_COMMAND",
      "A cash receipt needs at least one invoice to apply to or one G/L account line.",
      "applications",
    );

  const written = await withBusObject<BoiBatchDocument, { depositNo: string; batchNo: string }>(
    ctx.handle,
    { object: "AR_CashReceiptsDeposit_bus", task: "AR_CashReceipts_ui", module: "A/R" },
    sageDate(p.depositDate),
    ctx.warnings,
    (deposit) => {
      const batchNo = selectBatch(deposit, p.batch, "Ledgerlink receipts", ctx.handle);
      const depositNo = deposit.nextNumber("nGetNextDepositNo");
      deposit.setKey(depositNo, "depositNo");
      deposit.set("BankCode$", code(p.bankCode), "bankCode");
      deposit.set("DepositDate$", sageDate(p.depositDate), "depositDate");
      deposit.setIf("DepositDesc$", p.depositDescription ?? `Ledgerlink ${checkNo}`.slice(0, 30), "depositDescription");
      deposit.set("CashDepositAmt", num(p.amount), "amount");
      deposit.write();
      // The receipt object works inside the deposit (same session, same batch).
      const receipt = new BusObject(
        newBoiObject<BoiDataObject>(
          ctx.handle,
          { object: "AR_CashReceipts_bus", task: "AR_CashReceipts_ui", module: "A/R" },
          sageDate(p.depositDate),
        ),
        "AR_CashReceipts_bus",
        ctx.handle,
        ctx.warnings,
      );
      try {
        receipt.keyValue("DepositNo$", depositNo);
        receipt.keyValue("ARDivisionNo$", p.division, "division");
        receipt.keyValue("CustomerNo$", customerNo, "customerNo");
        receipt.keyValue("CheckNo$", checkNo, "checkNo");
        receipt.setKey(undefined, "customerNo");
        receipt.set("DepositType$", p.depositType, "depositType");
        receipt.set("PostingAmt", num(p.amount), "amount");
        receipt.setIf("Comment$", p.comment, "comment");
        const lines = receipt.lines();
        p.applications.forEach((a, i) => {
          lines.add();
          // Type before number: Sage looks the number up among open items of the line's type (a new line says IN),
          // so a credit memo's number set first is "not an open invoice".
          lines.set("InvoiceType$", a.invoiceType, `applications.${i}.invoiceType`);
          lines.set("InvoiceNo$", docNo(a.invoiceNo, 7), `applications.${i}.invoiceNo`);
          lines.set("AmountPosted", num(a.amount), `applications.${i}.amount`);
          lines.write(`applications.${i}.amount`);
        });
        p.accountLines.forEach((a, i) => {
          lines.add();
          lines.set("AccountKey$", a.account, `accountLines.${i}.account`);
          lines.set("AmountPosted", num(a.amount), `accountLines.${i}.amount`);
          lines.write(`accountLines.${i}.amount`);
        });
        receipt.write();
      } catch (error) {
        // No receipt, no deposit: an empty deposit would block posting the batch.
        try {
          receipt.clear();
          if (deposit.setKey(depositNo) === 1) deposit.delete();
        } catch {
          // best effort: the original failure is what the user needs to see
        }
        throw error;
      } finally {
        try {
          receipt.obj.DropObject();
        } catch {
          // dead session
        }
      }
      return { depositNo, batchNo };
    },
  );
  if (p.batch.post) postJournal(ctx, "AR_CASH", written.batchNo, p.batch.postingDate ?? p.depositDate);
  return {
    depositNo: written.depositNo,
    checkNo,
    batchNo: written.batchNo,
    created: true,
    state: p.batch.post ? "posted" : "pending",
  };
}
