import { describe, expect, it } from "vitest";
import type { PurchaseInvoice } from "@/server/domain/canonical/purchase-invoice";
import { apDistributions } from "./posting";

const money = (amountMinor: number) => ({ amountMinor, currency: "EUR" });
/** A EUR bill of lines (net, VAT) in cents: only what the distribution reads. */
const bill = (lines: [net: number, vat: number][]) =>
  ({
    currency: "EUR",
    lines: lines.map(([net, vat], i) => ({
      description: `Line ${i + 1}`,
      net: money(net),
      tax: { amount: money(vat) },
    })),
  }) as unknown as PurchaseInvoice;
const accounts = (n: number) => ({ lineAccounts: Array.from({ length: n }, () => "6000-00"), vatAccount: "2200-00" });

describe("A/P distributions by the rounding policy", () => {
  it("each line's gross and VAT converted on their own; the invoice amount their sum, to the cent", () => {
    const rate = { from: "EUR", to: "USD", day: "2025-03-17", rate: "1.083457" };
    // Ten lines of €0.05 + €0.01 VAT: each $0.07 gross, $0.01 VAT — $0.70 in all (the €0.60 total converted: $0.65).
    const ten = apDistributions(bill(Array.from({ length: 10 }, () => [5, 1])), { ...accounts(10), rate });
    expect(ten.amountMinor).toBe(70);
    expect(ten.distributions.map((d) => d.amountMinor)).toEqual([...Array.from({ length: 10 }, () => 6), 10]);
    expect(ten.distributions.at(-1)).toMatchObject({ account: "2200-00", comment: "VAT" });
  });

  it("a credit note is the exact negative, and lines whose VAT cancels in euros may still leave a cent of VAT", () => {
    const rate = { from: "EUR", to: "USD", day: "2025-03-18", rate: "1.5" };
    const invoice = apDistributions(
      bill([
        [115, 23],
        [-15, -3],
      ]),
      { ...accounts(2), rate },
    );
    const credit = apDistributions(
      bill([
        [-115, -23],
        [15, 3],
      ]),
      { ...accounts(2), rate },
    );
    // 1.38 × 1.5 = 2.07, VAT 0.345 → 0.35; −0.18 × 1.5 = −0.27, VAT −0.045 → −0.05.
    expect(invoice.amountMinor).toBe(207 - 27);
    expect(invoice.distributions.map((d) => d.amountMinor)).toEqual([172, -22, 30]);
    expect(credit.amountMinor).toBe(-invoice.amountMinor);
    expect(credit.distributions.map((d) => d.amountMinor)).toEqual([-172, 22, -30]);
    // VAT +1, +1, −2 cents: nothing in euros, but 0.015 + 0.015 − 0.03 rounds to 2 + 2 − 3 = 1 cent in dollars.
    const cancels = apDistributions(
      bill([
        [100, 1],
        [100, 1],
        [100, -2],
      ]),
      { ...accounts(3), rate },
    );
    expect(cancels.distributions.find((d) => d.comment === "VAT")?.amountMinor).toBe(1);
    expect(cancels.distributions.reduce((t, d) => t + d.amountMinor, 0)).toBe(cancels.amountMinor);
  });
});
