// createApManualCheck: A/P Manual Check and Payment Entry (AP_ManualCheck_bus) — one check to a vendor whose lines
// pay open invoices or post to G/L accounts — optionally posted with AP_ManualCheckRegister_upd. Idempotent on bank
// code + check number (Sage's key): looked up in data entry and in check history before anything is entered.
import { CommandRefusal } from "../drivers/boi-failure";
import type { BoiBatchDocument } from "../drivers/boi-types";
import type { PayloadOf, ResultOf } from "../protocol";
import { withBusObject } from "./boi-object";
import { postJournal, selectBatch } from "./batches";
import { code, firstRow, num, sageDate, type CommandContext } from "./context";

type Payload = PayloadOf<"createApManualCheck">;

async function findExisting(ctx: CommandContext, bankCode: string, checkNo: string) {
  const key = [bankCode, checkNo];
  const pending = await firstRow(
    ctx.odbc,
    "SELECT BatchNo, APDivisionNo, VendorNo FROM AP_ManualCheckHeader WHERE BankCode = ? AND CheckNo = ?",
    key,
  );
  if (pending)
    return {
      state: "pending" as const,
      batchNo: String(pending.BatchNo ?? ""),
      division: String(pending.APDivisionNo ?? ""),
      vendorNo: String(pending.VendorNo ?? ""),
    };
  const posted = await firstRow(
    ctx.odbc,
    "SELECT TOP 1 APDivisionNo, VendorNo FROM AP_CheckHistoryHeader WHERE BankCode = ? AND CheckNo = ?",
    key,
  );
  return posted
    ? {
        state: "posted" as const,
        batchNo: "",
        division: String(posted.APDivisionNo ?? ""),
        vendorNo: String(posted.VendorNo ?? ""),
      }
    : null;
}

export async function createApManualCheck(ctx: CommandContext, p: Payload): Promise<ResultOf<"createApManualCheck">> {
  const vendorNo = code(p.vendorNo);
  const bankCode = code(p.bankCode);
  const checkNo = code(p.checkNo);
  const existing = await findExisting(ctx, bankCode, checkNo);
  if (existing) {
    // The number is Sage's key for the bank: on another vendor's check it is not ours to adopt.
    if (existing.vendorNo !== vendorNo || existing.division !== p.division)
      throw new CommandRefusal(
        "DUPLICATE",
        `Check ${checkNo} on bank code ${bankCode} is already in Sage 100 for vendor ${existing.division}-${existing.vendorNo}.`,
        "checkNo",
      );
    if (existing.state === "pending" && p.batch.post)
      postJournal(ctx, "AP_CHECK", existing.batchNo, p.batch.postingDate ?? p.checkDate);
    return {
      bankCode,
      checkNo,
      vendorNo,
      batchNo: existing.batchNo,
      created: false,
      state: existing.state === "pending" && p.batch.post ? "posted" : existing.state,
    };
  }
  if (p.applications.length + p.accountLines.length === 0)
    throw new CommandRefusal(
      "INVALID_COMMAND",
      "A manual check needs at least one invoice to pay or one G/L account line.",
      "applications",
    );

  const batchNo = await withBusObject<BoiBatchDocument, string>(
    ctx.handle,
    { object: "AP_ManualCheck_bus", task: "AP_ManualCheck_ui", module: "A/P" },
    sageDate(p.checkDate),
    ctx.warnings,
    (check) => {
      const batch = selectBatch(check, p.batch, "Ledgerlink checks", ctx.handle);
      check.keyValue("BankCode$", bankCode, "bankCode");
      check.keyValue("CheckNo$", checkNo, "checkNo");
      if (check.setKey(undefined, "checkNo") !== 2)
        throw new CommandRefusal(
          "DUPLICATE",
          `Check ${checkNo} on bank code ${bankCode} was entered in Sage 100 by someone else a moment ago.`,
          "checkNo",
        );
      check.set("APDivisionNo$", p.division, "division");
      check.set("VendorNo$", vendorNo, "vendorNo");
      check.set("CheckDate$", sageDate(p.checkDate), "checkDate");
      check.setIf("Comment$", p.comment, "comment");
      check.set("CheckAmt", num(p.amount), "amount");
      const lines = check.lines();
      p.applications.forEach((a, i) => {
        lines.add();
        lines.set("InvoiceNo$", code(a.invoiceNo), `applications.${i}.invoiceNo`);
        lines.set("AmountPaid", num(a.amount), `applications.${i}.amount`);
        lines.setIf(
          "DiscountAmt",
          a.discount === undefined ? undefined : num(a.discount),
          `applications.${i}.discount`,
        );
        lines.write(`applications.${i}.amount`);
      });
      p.accountLines.forEach((a, i) => {
        lines.add();
        lines.set("AccountKey$", a.account, `accountLines.${i}.account`);
        lines.set("AmountPaid", num(a.amount), `accountLines.${i}.amount`);
        lines.setIf("CommentText$", a.comment, `accountLines.${i}.comment`);
        lines.write(`accountLines.${i}.amount`);
      });
      check.write();
      return batch;
    },
  );
  if (p.batch.post) postJournal(ctx, "AP_CHECK", batchNo, p.batch.postingDate ?? p.checkDate);
  return { bankCode, checkNo, vendorNo, batchNo, created: true, state: p.batch.post ? "posted" : "pending" };
}
