import { describe, expect, it } from "vitest";
import type { SalesInvoice } from "@/server/domain/canonical/sales-invoice";
import { invoiceProblem, isZeroValue } from "./sales-invoice-checks";

const gbp = (amountMinor: number) => ({ amountMinor, currency: "GBP" });
const lineOf = (n: number, quantity: string, netMinor: number, vatMinor: number) => ({
  lineNumber: n,
  description: "Work",
  quantity,
  unitPrice: "1",
  accountCode: "4000",
  itemCode: null,
  net: gbp(netMinor),
  tax: { rate: "20", exempt: false, amount: gbp(vatMinor) },
  projectNumber: null,
});

function invoice(lines: ReturnType<typeof lineOf>[], o: { gross?: number; credit?: boolean } = {}): SalesInvoice {
  const net = lines.reduce((t, l) => t + l.net.amountMinor, 0);
  const tax = lines.reduce((t, l) => t + l.tax.amount.amountMinor, 0);
  return {
    kind: "sales_invoice",
    number: "42",
    issueDate: "2025-03-10",
    dueDate: null,
    currency: "GBP",
    exchangeRate: "1",
    isCreditNote: o.credit ?? net + tax < 0,
    lines,
    totals: { net: gbp(net), tax: gbp(tax), gross: gbp(o.gross ?? net + tax) },
    balance: { paid: gbp(0), due: gbp(0) },
    homeTotals: { net: null, tax: gbp(tax), gross: gbp(net + tax) },
    status: "unpaid",
    payments: [],
    projectNumber: null,
    createdAt: null,
    updatedAt: null,
    customerCode: "C1",
    customerName: null,
    customerReference: null,
    billingAddress: null,
    deliveryAddress: null,
  };
}

describe("sales invoice input checks", () => {
  it("passes a sound invoice and a sound credit note", () => {
    expect(invoiceProblem(invoice([lineOf(1, "2", 10_000, 2_000), lineOf(2, "1", 500, 100)]))).toBeNull();
    expect(invoiceProblem(invoice([lineOf(1, "-2", -10_000, -2_000)]))).toBeNull();
  });

  it("holds lines that do not add up to the totals, with both sides in the reason", () => {
    expect(invoiceProblem(invoice([lineOf(1, "1", 10_000, 2_000)], { gross: 12_001 }))).toEqual({
      code: "LINES_DONT_ADD_UP",
      field: "totals",
      message:
        "The lines of KashFlow invoice 42 add up to net 100.00 GBP + VAT 20.00 GBP = 120.00 GBP, but its totals say net 100.00 GBP, VAT 20.00 GBP, gross 120.01 GBP. Correct the invoice in KashFlow.",
    });
  });

  it("allows negative quantities and amounts only on credit notes, and no charges on a credit note", () => {
    expect(invoiceProblem(invoice([lineOf(1, "1", 10_000, 2_000), lineOf(2, "-1", -1_000, -200)]))).toMatchObject({
      code: "NEGATIVE_QUANTITY",
      field: "lines.1.quantity",
    });
    expect(invoiceProblem(invoice([lineOf(1, "1", 10_000, 2_000), lineOf(2, "1", -1_000, -200)]))).toMatchObject({
      code: "NEGATIVE_LINE",
      field: "lines.1.net",
    });
    expect(invoiceProblem(invoice([lineOf(1, "-1", -10_000, -2_000), lineOf(2, "1", 1_000, 200)]))).toMatchObject({
      code: "CHARGE_ON_CREDIT_NOTE",
      field: "lines.1.net",
      message: expect.stringContaining("credit note 42"),
    });
  });

  it("holds a document without lines, or with more than one Sage document takes", () => {
    expect(invoiceProblem(invoice([]))).toMatchObject({ code: "NO_LINES" });
    expect(invoiceProblem(invoice(Array.from({ length: 491 }, (_, i) => lineOf(i + 1, "1", 100, 20))))).toMatchObject({
      code: "TOO_MANY_LINES",
    });
  });

  it("knows a zero-value document has nothing to post", () => {
    expect(isZeroValue(invoice([lineOf(1, "1", 0, 0)]))).toBe(true);
    expect(isZeroValue(invoice([lineOf(1, "1", 100, 20)]))).toBe(false);
  });
});
