import { describe, expect, it } from "vitest";
import { formatMessage } from "../messages";
import { newObject, newSim, openSession, postBatch, ref, type Com } from "./helpers";

function setup() {
  const { sim } = newSim();
  const s = openSession(sim);
  const dep = newObject(s, "AR_CashReceiptsDeposit_bus", "AR_CashReceipts_ui");
  const batch = ref();
  dep.nSelectNewBatch(batch, "N", "W0315");
  const depNo = ref();
  dep.nGetNextDepositNo(depNo);
  expect(dep.nSetKey(depNo.value)).toBe(2);
  dep.nSetValue("BankCode$", "A");
  dep.nSetValue("DepositDesc$", "Checks 15 March");
  dep.nSetValue("CashDepositAmt", 1572.5);
  expect(dep.nWrite()).toBe(1);
  const rc = s.script.NewObject("AR_CashReceipts_bus", s.session) as Com;
  return { sim, s, dep, rc, batchNo: batch.value, depositNo: depNo.value };
}

function receiptKey(rc: Com, depositNo: string, customer: string, check: string) {
  rc.nSetKeyValue("DepositNo$", depositNo);
  rc.nSetKeyValue("ARDivisionNo$", "00");
  rc.nSetKeyValue("CustomerNo$", customer);
  rc.nSetKeyValue("CheckNo$", check);
  return rc.nSetKey();
}

describe("A/R cash receipts", () => {
  it("a receipt needs a deposit, an active customer and a non-blank CheckNo", () => {
    const { rc, depositNo } = setup();
    expect(receiptKey(rc, "99999", "ACME", "1001")).toBe(0);
    expect(rc.sLastErrorMsg).toBe("The DepositNo is not on file.");
    expect(receiptKey(rc, depositNo, "EVERGREEN", "1001")).toBe(0);
    expect(rc.sLastErrorMsg).toBe(formatMessage("CUSTOMER_INACTIVE", { division: "00", customer: "EVERGREEN" }).text);
    expect(receiptKey(rc, depositNo, "ACME", "")).toBe(0);
    expect(rc.sLastErrorMsg).toBe("The CheckNo is required.");
    expect(receiptKey(rc, depositNo, "ACME", "1001")).toBe(2);
  });

  it("PostingAmt must equal the applied lines; amounts cannot exceed the open balance; PaymentsToday tracks unposted cash", () => {
    const { sim, rc, depositNo } = setup();
    receiptKey(rc, depositNo, "ACME", "1001");
    rc.nSetValue("PostingAmt", 1072.5);
    const lines = rc.oLines;
    lines.nAddLine();
    expect(lines.nSetValue("InvoiceNo$", "999")).toBe(0);
    expect(lines.sLastErrorMsg).toBe(
      formatMessage("INVOICE_NOT_OPEN", { invoice: "0000999", division: "00", customer: "ACME" }).text,
    );
    expect(lines.nSetValue("InvoiceNo$", "101")).toBe(1);
    const amt = ref<number>(0);
    lines.nGetValue("AmountPosted", amt);
    expect(amt.value).toBe(1072.5);
    lines.nSetValue("AmountPosted", 2000);
    expect(lines.nWrite()).toBe(0);
    expect(lines.sLastErrorMsg).toBe(formatMessage("AMOUNT_EXCEEDS_BALANCE", { invoice: "0000101" }).text);
    lines.nSetValue("AmountPosted", 1000);
    expect(lines.nWrite()).toBe(1);
    expect(rc.nWrite()).toBe(0);
    expect(rc.sLastErrorMsg).toBe("The distribution is out of balance");
    rc.nSetValue("PostingAmt", 1000);
    expect(rc.nWrite()).toBe(1);
    expect(sim.company("ABC").t("AR_OpenInvoice").get(["00", "ACME", "0000101", "IN"])?.PaymentsToday).toBe(1000);
    // editing the receipt recomputes PaymentsToday instead of double counting
    expect(receiptKey(rc, depositNo, "ACME", "1001")).toBe(1);
    rc.oLines.nMoveFirst();
    rc.oLines.nSetValue("AmountPosted", 1072.5);
    rc.oLines.nWrite();
    rc.nSetValue("PostingAmt", 1072.5);
    expect(rc.nWrite()).toBe(1);
    expect(sim.company("ABC").t("AR_OpenInvoice").get(["00", "ACME", "0000101", "IN"])?.PaymentsToday).toBe(1072.5);
  });

  it("posting applies receipts to open invoices, writes history, lowers customer balances and posts to cash", () => {
    const { sim, s, rc, dep, depositNo, batchNo } = setup();
    receiptKey(rc, depositNo, "ACME", "1001");
    rc.nSetValue("PostingAmt", 1072.5);
    rc.oLines.nAddLine();
    rc.oLines.nSetValue("InvoiceNo$", "0000101");
    rc.oLines.nWrite();
    expect(rc.nWrite()).toBe(1);
    receiptKey(rc, depositNo, "BLUESKY", "55");
    rc.nSetValue("PostingAmt", 500);
    rc.oLines.nAddLine();
    rc.oLines.nSetValue("InvoiceNo$", "102");
    rc.oLines.nSetValue("AmountPosted", 500);
    rc.oLines.nWrite();
    expect(rc.nWrite()).toBe(1);
    rc.DropObject();
    dep.DropObject();
    const co = sim.company("ABC");
    const acmeBefore = Number(co.t("AR_Customer").get(["00", "ACME"])?.CurrentBalance);

    const { result, upd } = postBatch(s, "AR_CashReceiptsJournal_upd", "AR_CashReceiptsJournal_ui", batchNo);
    expect(upd.sLastErrorMsg).toBe("");
    expect(result).toBe(1);
    const acme = co.t("AR_OpenInvoice").get(["00", "ACME", "0000101", "IN"]);
    expect([acme?.Balance, acme?.PaymentsToday]).toEqual([0, 0]);
    expect(co.t("AR_OpenInvoice").get(["00", "BLUESKY", "0000102", "IN"])?.Balance).toBe(2000);
    expect(co.t("AR_CashReceiptsHistory").size).toBe(2);
    expect(
      co.t("AR_TransactionPaymentHistory").lookup("KINVOICE", ["00", "BLUESKY", "0000102", "IN"])[0]?.TransactionAmt,
    ).toBe(500);
    expect(Number(co.t("AR_Customer").get(["00", "ACME"])?.CurrentBalance)).toBeCloseTo(acmeBefore - 1072.5, 2);
    expect(co.t("AR_Customer").get(["00", "ACME"])?.DateLastPayment).toBe("20250315");
    const cash = [...co.t("GL_DetailPosting").values()].find((r) => r.AccountKey === "000000001");
    expect(cash?.DebitAmount).toBe(1572.5);
    expect(
      co.t("AR_CashReceiptsDeposit").size + co.t("AR_CashReceiptsHeader").size + co.t("AR_CashReceiptsDetail").size,
    ).toBe(0);
  });

  it("a line is looked up by type, then number: a credit memo's number set before its type is not an open invoice", () => {
    const { sim, rc, depositNo } = setup();
    const co = sim.company("ABC");
    const invoice = co.t("AR_OpenInvoice").get(["00", "ACME", "0000101", "IN"])!;
    // A credit memo standing open for ACME (negative balance), numbered like no ordinary invoice of theirs.
    co.save(
      "AR_OpenInvoice",
      { ...invoice, InvoiceNo: "0000777", InvoiceType: "CM", Balance: -60, PaymentsToday: 0 },
      { date: "20250315", time: "12.0000", userKey: "0000000001" },
    );
    receiptKey(rc, depositNo, "ACME", "REFUND1");
    rc.nSetValue("PostingAmt", -60);
    const lines = rc.oLines;
    lines.nAddLine();
    // A new line is an invoice line (IN): the memo's number alone is refused, as Sage does.
    expect(lines.nSetValue("InvoiceNo$", "0000777")).toBe(0);
    expect(lines.sLastErrorMsg).toBe(
      formatMessage("INVOICE_NOT_OPEN", { invoice: "0000777", division: "00", customer: "ACME" }).text,
    );
    // Type first, then the number: the refund applies to the memo.
    expect(lines.nSetValue("InvoiceType$", "CM")).toBe(1);
    expect(lines.nSetValue("InvoiceNo$", "0000777")).toBe(1);
    expect(lines.nSetValue("AmountPosted", -60)).toBe(1);
    expect(lines.nWrite()).toBe(1);
    expect(rc.nWrite()).toBe(1);
    expect(co.t("AR_OpenInvoice").get(["00", "ACME", "0000777", "CM"])?.PaymentsToday).toBe(-60);
  });

  it("a deposit whose receipts do not add up to the deposit amount cannot be posted", () => {
    const { rc, s, dep, depositNo, batchNo } = setup();
    receiptKey(rc, depositNo, "ACME", "1001");
    rc.nSetValue("PostingAmt", 100);
    rc.oLines.nAddLine();
    rc.oLines.nSetValue("InvoiceNo$", "101");
    rc.oLines.nSetValue("AmountPosted", 100);
    rc.oLines.nWrite();
    rc.nWrite();
    rc.DropObject();
    dep.DropObject();
    const { result, upd } = postBatch(s, "AR_CashReceiptsJournal_upd", "AR_CashReceiptsJournal_ui", batchNo);
    expect(result).toBe(0);
    expect(upd.sLastErrorMsg).toBe(
      `Update failed for deposit ${depositNo}: Deposit ${depositNo} is out of balance: deposit amount 1572.50, receipts 100.00.`,
    );
  });

  it("a line applies to an invoice or to a G/L account, not both", () => {
    const { rc, depositNo } = setup();
    receiptKey(rc, depositNo, "ACME", "M1");
    rc.oLines.nAddLine();
    expect(rc.oLines.nSetValue("AccountKey$", "7000-00")).toBe(1);
    expect(rc.oLines.nSetValue("InvoiceNo$", "101")).toBe(0);
    expect(rc.oLines.sLastErrorMsg).toBe(formatMessage("LINE_INVOICE_OR_ACCOUNT").text);
  });
});
