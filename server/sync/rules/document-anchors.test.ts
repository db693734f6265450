import { describe, expect, it } from "vitest";
import {
  apCheckNo,
  apInvoiceCandidates,
  apReversalNo,
  isLedgerlinkCheckNo,
  receiptCheckNo,
  supplierInvoiceNo,
} from "./document-anchors";

describe("document anchors", () => {
  it("check numbers fit Sage's 10 characters and are recognisably ours", () => {
    expect(receiptCheckNo("payment", "4567")).toBe("KF4567");
    expect(receiptCheckNo("payment", "12345678")).toBe("KF12345678");
    expect(receiptCheckNo("payment", "123456789012")).toBe("KF-1KPQZG2");
    expect(receiptCheckNo("reversal", "4567")).toBe("KR4567");
    expect(receiptCheckNo("credit", "99")).toBe("KC99");
    for (const c of ["KF4567", "KR1", "KC-ABC", "kf12"]) expect(isLedgerlinkCheckNo(c)).toBe(true);
    for (const c of ["1001", "APPLY", "KFC", "CHK-77"]) expect(isLedgerlinkCheckNo(c)).toBe(false);
  });

  it("A/P manual check numbers: KF + the supplier payment id, within Sage's 10 characters", () => {
    expect(apCheckNo("5123")).toBe("KF5123");
    expect(apCheckNo("123456789012")).toBe("KF-1KPQZG2");
  });

  it("A/P invoice numbers: the supplier's own when it fits, else KF + the KashFlow number", () => {
    expect(apInvoiceCandidates({ supplierReference: " inv-2291 ", kashflowNumber: "12" })).toEqual([
      "INV-2291",
      "KF12",
    ]);
    expect(apInvoiceCandidates({ supplierReference: "A very long supplier reference", kashflowNumber: "12" })).toEqual([
      "KF12",
    ]);
    expect(apInvoiceCandidates({ supplierReference: null, kashflowNumber: "7" })).toEqual(["KF7"]);
    expect(supplierInvoiceNo("£12")).toBeNull();
    expect(apReversalNo("12")).toBe("KFR12");
    expect(apReversalNo("123456789")).toBe("KFR-21I3V9");
  });
});
