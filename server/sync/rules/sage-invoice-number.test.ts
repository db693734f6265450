import { describe, expect, it } from "vitest";
import { kashflowNumberOfSageInvoice, sageInvoiceKey, sageInvoiceNumber } from "./sage-invoice-number";

describe("Sage 100 invoice numbers derived from KashFlow numbers", () => {
  it("pads under the prefix to Sage's 7 characters and reads back", () => {
    expect(sageInvoiceNumber(123, "K")).toBe("K000123");
    expect(sageInvoiceNumber("0042", "kf")).toBe("KF00042");
    expect(sageInvoiceNumber(1234567, "")).toBe("1234567");
    expect(kashflowNumberOfSageInvoice("K000123", "K")).toBe("123");
    expect(kashflowNumberOfSageInvoice("0000101", "K")).toBeNull();
    expect(kashflowNumberOfSageInvoice("KABC123", "K")).toBeNull();
  });

  it("credit notes are credit memos under the same number", () => {
    expect(sageInvoiceKey(7, true, "K")).toEqual({ invoiceNo: "K000007", invoiceType: "CM" });
    expect(sageInvoiceKey(7, false, "K")).toEqual({ invoiceNo: "K000007", invoiceType: "IN" });
  });

  it("refuses what cannot be carried, with a reason a person can act on", () => {
    expect(() => sageInvoiceNumber(1234567, "K")).toThrow(/does not fit/);
    expect(() => sageInvoiceNumber("12a", "K")).toThrow(/not a whole number/);
    expect(() => sageInvoiceNumber(1, "K-")).toThrow(/up to 6 letters/);
  });
});
