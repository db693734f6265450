import { describe, expect, it } from "vitest";
import type { SalesInvoice } from "@/server/domain/canonical/sales-invoice";
import { postingFingerprint, vatKey } from "./posting";

const gbp = (amountMinor: number) => ({ amountMinor, currency: "GBP" });
const invoice: SalesInvoice = {
  kind: "sales_invoice",
  number: "7",
  issueDate: "2025-03-10",
  dueDate: "2025-04-09",
  currency: "GBP",
  exchangeRate: "1",
  isCreditNote: false,
  lines: [
    {
      lineNumber: 1,
      description: "Work",
      quantity: "2",
      unitPrice: "50",
      accountCode: "4000",
      itemCode: null,
      net: gbp(10_000),
      tax: { rate: "20", exempt: false, amount: gbp(2_000) },
      projectNumber: null,
    },
  ],
  totals: { net: gbp(10_000), tax: gbp(2_000), gross: gbp(12_000) },
  balance: { paid: gbp(0), due: gbp(12_000) },
  homeTotals: { net: gbp(10_000), tax: gbp(2_000), gross: gbp(12_000) },
  status: "unpaid",
  payments: [],
  projectNumber: null,
  createdAt: null,
  updatedAt: "2025-03-10T12:00:00",
  customerCode: "C1",
  customerName: "C One",
  customerReference: null,
  billingAddress: null,
  deliveryAddress: null,
};

describe("the posting fingerprint (what was posted, as a hash)", () => {
  it("ignores payments, balances, status and timestamps, so a payment never counts as a change after posting", () => {
    const paid: SalesInvoice = {
      ...invoice,
      status: "paid",
      balance: { paid: gbp(12_000), due: gbp(0) },
      updatedAt: "2025-03-20T12:00:00",
      dueDate: "2025-04-30",
    };
    expect(postingFingerprint(paid)).toBe(postingFingerprint(invoice));
  });

  it("changes with anything that was posted: a line, the date, the customer, the currency", () => {
    const fp = postingFingerprint(invoice);
    expect(postingFingerprint({ ...invoice, lines: [{ ...invoice.lines[0]!, quantity: "3" }] })).not.toBe(fp);
    expect(postingFingerprint({ ...invoice, issueDate: "2025-03-11" })).not.toBe(fp);
    expect(postingFingerprint({ ...invoice, customerCode: "C2" })).not.toBe(fp);
    expect(postingFingerprint({ ...invoice, currency: "EUR" })).not.toBe(fp);
  });

  it("keys VAT for the tax-class mapping by rate, exempt lines as EXEMPT", () => {
    expect(vatKey({ rate: "20", exempt: false, amount: gbp(1) })).toBe("20");
    expect(vatKey({ rate: "17.5", exempt: false, amount: gbp(1) })).toBe("17.5");
    expect(vatKey({ rate: null, exempt: true, amount: gbp(0) })).toBe("EXEMPT");
  });
});
