// A/P Manual Check and Payment Entry: AP_ManualCheck_bus in a batch, posted with AP_ManualCheckRegister_upd.
import { describe, expect, it } from "vitest";
import { formatMessage } from "../messages";
import { get, newObject, newSim, openSession, postBatch, ref, type Com } from "./helpers";

type Session = ReturnType<typeof openSession>;

/** A posted A/P invoice of POWERCO (6200-00 utilities). */
function postedBill(s: Session, invoiceNo: string, amount: number): void {
  const ap = newObject(s, "AP_Invoice_bus", "AP_Invoice_ui", "A/P");
  const b = ref();
  ap.nSelectNewBatch(b, "N", "bills");
  ap.nSetKeyValue("APDivisionNo$", "00");
  ap.nSetKeyValue("VendorNo$", "POWERCO");
  ap.nSetKeyValue("InvoiceNo$", invoiceNo);
  expect(ap.nSetKey()).toBe(2);
  ap.nSetValue("InvoiceDate$", "20250305");
  ap.nSetValue("InvoiceAmt", amount);
  ap.oLines.nAddLine();
  ap.oLines.nSetValue("DistributionAmt", amount);
  ap.oLines.nWrite();
  expect(ap.nWrite()).toBe(1);
  ap.DropObject();
  expect(postBatch(s, "AP_InvoiceRegister_upd", "AP_InvoiceRegister_ui", b.value).result).toBe(1);
}

function setup() {
  const { sim } = newSim();
  const s = openSession(sim, { module: "A/P" });
  postedBill(s, "E-100", 300);
  postedBill(s, "E-101", 120);
  const mc = newObject(s, "AP_ManualCheck_bus", "AP_ManualCheck_ui") as Com;
  const batch = ref();
  expect(mc.nSelectNewBatch(batch, "N", "checks")).toBe(1);
  return { sim, s, mc, batchNo: batch.value, co: sim.company("ABC") };
}

function checkKey(mc: Com, bank: string, check: string): number {
  mc.nSetKeyValue("BankCode$", bank);
  mc.nSetKeyValue("CheckNo$", check);
  return mc.nSetKey();
}

function payLine(mc: Com, invoiceNo: string, amount?: number): number {
  mc.oLines.nAddLine();
  if (mc.oLines.nSetValue("InvoiceNo$", invoiceNo) === 0) return 0;
  if (amount !== undefined) mc.oLines.nSetValue("AmountPaid", amount);
  return mc.oLines.nWrite();
}

describe("A/P manual checks", () => {
  it("a check needs a bank code on file, an active vendor and only that vendor's open invoices", () => {
    const { mc } = setup();
    expect(checkKey(mc, "Z", "1001")).toBe(0);
    expect(mc.sLastErrorMsg).toBe("The BankCode is not on file.");
    expect(checkKey(mc, "A", "1001")).toBe(2);
    expect(mc.nSetValue("VendorNo$", "OLDVEND")).toBe(0);
    expect(mc.sLastErrorMsg).toBe(formatMessage("VENDOR_INACTIVE", { division: "00", vendor: "OLDVEND" }).text);
    expect(mc.nSetValue("VendorNo$", "OFFSUPP")).toBe(1);
    expect(payLine(mc, "E-100")).toBe(0);
    expect(mc.oLines.sLastErrorMsg).toBe(
      formatMessage("AP_INVOICE_NOT_OPEN", { invoice: "E-100", division: "00", vendor: "OFFSUPP" }).text,
    );
    expect(mc.nSetValue("VendorNo$", "POWERCO")).toBe(1);
    expect(get(mc, "VendorName$")).toBe("Springfield Power & Light");
    // The paid amount defaults to what the invoice has open.
    expect(payLine(mc, "E-100")).toBe(1);
    mc.oLines.nMoveFirst();
    expect([get(mc.oLines, "AmountPaid"), get(mc.oLines, "InvoiceAmt"), get(mc.oLines, "InvoiceDate$")]).toEqual([
      300,
      300,
      "20250305",
    ]);
    expect(mc.nSetValue("CheckType$", "V")).toBe(0);
  });

  it("the lines must add up to the check amount and never pay more than an invoice has open, counting other pending checks", () => {
    const { mc } = setup();
    checkKey(mc, "A", "1001");
    mc.nSetValue("VendorNo$", "POWERCO");
    mc.nSetValue("CheckAmt", 250);
    expect(payLine(mc, "E-100", 350)).toBe(0);
    expect(mc.oLines.sLastErrorMsg).toBe(formatMessage("AP_AMOUNT_EXCEEDS_BALANCE", { invoice: "E-100" }).text);
    mc.oLines.nSetValue("AmountPaid", 200);
    expect(mc.oLines.nWrite()).toBe(1);
    expect(mc.nWrite()).toBe(0);
    expect(mc.sLastErrorMsg).toBe("The distribution is out of balance");
    mc.nSetValue("CheckAmt", 200);
    expect(mc.nWrite()).toBe(1);
    // A second check sees only the 100.00 the first left.
    checkKey(mc, "A", "1002");
    mc.nSetValue("VendorNo$", "POWERCO");
    expect(payLine(mc, "E-100", 100.01)).toBe(0);
    mc.oLines.nSetValue("AmountPaid", 100);
    expect(mc.oLines.nWrite()).toBe(1);
    mc.nSetValue("CheckAmt", 100);
    expect(mc.nWrite()).toBe(1);
  });

  it("a check number is used once per bank: pending in another batch, or posted", () => {
    const { s, mc, batchNo } = setup();
    checkKey(mc, "A", "1001");
    mc.nSetValue("VendorNo$", "POWERCO");
    mc.nSetValue("CheckAmt", 120);
    payLine(mc, "E-101");
    expect(mc.nWrite()).toBe(1);
    const other = newObject(s, "AP_ManualCheck_bus", "AP_ManualCheck_ui") as Com;
    other.nSelectNewBatch(ref(), "N", "");
    expect(checkKey(other, "A", "1001")).toBe(0);
    expect(other.sLastErrorMsg).toBe(
      formatMessage("DUPLICATE_CHECK", { check: "1001", bank: "A", batch: batchNo }).text,
    );
    // The same number on another bank is another check.
    expect(checkKey(other, "B", "1001")).toBe(2);
    other.DropObject();
    mc.DropObject();
    expect(postBatch(s, "AP_ManualCheckRegister_upd", "AP_ManualCheckRegister_ui", batchNo).result).toBe(1);
    const again = newObject(s, "AP_ManualCheck_bus", "AP_ManualCheck_ui") as Com;
    again.nSelectNewBatch(ref(), "N", "");
    expect(checkKey(again, "A", "1001")).toBe(0);
    expect(again.sLastErrorMsg).toBe(formatMessage("CHECK_ALREADY_POSTED", { check: "1001", bank: "A" }).text);
  });

  it("posting pays the invoices, keeps check history, lowers the vendor balance and posts A/P against cash", () => {
    const { s, mc, batchNo, co } = setup();
    const vendorBefore = Number(co.t("AP_Vendor").get(["00", "POWERCO"])?.CurrentBalance);
    checkKey(mc, "A", "1001");
    mc.nSetValue("VendorNo$", "POWERCO");
    mc.nSetValue("CheckDate$", "20250320");
    mc.nSetValue("Comment$", "March power");
    mc.nSetValue("CheckAmt", 400.5);
    payLine(mc, "E-100", 280);
    // A 20.00 discount settles the rest of E-100 without cash.
    mc.oLines.nMoveFirst();
    mc.oLines.nSetValue("DiscountAmt", 20);
    mc.oLines.nWrite();
    payLine(mc, "E-101", 120);
    // A line to a G/L account (bank charges) is paid by the same check.
    mc.oLines.nAddLine();
    mc.oLines.nSetValue("AccountKey$", "7000-00");
    mc.oLines.nSetValue("AmountPaid", 0.5);
    expect(mc.oLines.nWrite()).toBe(1);
    expect(mc.nWrite()).toBe(1);
    mc.DropObject();

    const { result, upd } = postBatch(
      s,
      "AP_ManualCheckRegister_upd",
      "AP_ManualCheckRegister_ui",
      batchNo,
      "20250320",
    );
    expect(upd.sLastErrorMsg).toBe("");
    expect(result).toBe(1);
    expect(co.t("AP_OpenInvoice").get(["00", "POWERCO", "E-100"])).toMatchObject({
      Balance: 0,
      DateUpdated: "20250315",
    });
    expect(co.t("AP_OpenInvoice").get(["00", "POWERCO", "E-101"])?.Balance).toBe(0);
    expect(co.t("AP_Vendor").get(["00", "POWERCO"])).toMatchObject({
      CurrentBalance: vendorBefore - 420,
      DateLastPayment: "20250320",
    });
    expect(co.t("AP_CheckHistoryHeader").lookup("KCHECK", ["A", "1001"])).toEqual([
      expect.objectContaining({
        CheckSeqNo: "000000",
        CheckType: "M",
        CheckDate: "20250320",
        TransactionDate: "20250320",
        VendorNo: "POWERCO",
        CheckAmt: 400.5,
        CheckComment: "March power",
      }),
    ]);
    expect(
      co
        .t("AP_CheckHistoryDetail")
        .lookup("KHEADER", ["A", "1001", "000000"])
        .map((d) => [d.InvoiceNo, d.AmountPaid, d.DiscountAmt, d.AccountKey]),
    ).toEqual([
      ["E-100", 280, 20, ""],
      ["E-101", 120, 0, ""],
      ["", 0.5, 0, "000000019"],
    ]);
    const gl = [...co.t("GL_DetailPosting").values()].filter((r) => r.SourceJournal === "MC");
    const net = (key: string) =>
      gl
        .filter((r) => r.AccountKey === key)
        .reduce((t, r) => Math.round(t * 100 + Number(r.DebitAmount) * 100 - Number(r.CreditAmount) * 100) / 100, 0);
    // A/P 2000-00 debited 420, cash 1000-00 credited 400.50, discounts to cost of goods 5000-00 credited 20, bank charges 7000-00 debited 0.50.
    expect([net("000000005"), net("000000001"), net("000000012"), net("000000019")]).toEqual([420, -400.5, -20, 0.5]);
    expect(co.t("AP_ManualCheckHeader").size + co.t("AP_ManualCheckDetail").size).toBe(0);
  });

  it("a check dated in a closed period is refused", () => {
    const { mc } = setup();
    checkKey(mc, "A", "1001");
    expect(mc.nSetValue("CheckDate$", "20250115")).toBe(0);
    expect(mc.sLastErrorMsg).toBe(
      formatMessage("PERIOD_CLOSED", { date: "20250115", year: "2025", period: "01" }).text,
    );
  });
});

describe("state files from before manual checks", () => {
  it("take the A/P invoice batch option for manual checks", () => {
    const { sim } = newSim();
    const co = sim.company("XYZ");
    const data = co.toData();
    const { AP_CHECK: _dropped, ...older } = data.options.batchProcessing;
    co.loadData({
      ...data,
      options: { ...data.options, batchProcessing: older as typeof data.options.batchProcessing },
    });
    expect(co.options.batchProcessing.AP_CHECK).toBe(false);
  });
});
