import { describe, expect, it } from "vitest";
import { aggregateSummary, invoiceContribution, isBalanced, summaryReference } from "./sales-invoice-summary";

const sale = (account: string, taxClass: string, amountMinor: number) => ({ account, taxClass, amountMinor });

describe("summary journal aggregation", () => {
  it("sums invoices per (account, tax class), debits receivables with the gross, and balances to the cent", () => {
    const a = invoiceContribution({
      receivables: "1200-00",
      grossMinor: 12_000,
      lines: [sale("4000-00", "TX", 8_000), sale("4010-00", "TX", 2_000), sale("2200-00", "TX", 2_000)],
    });
    const b = invoiceContribution({
      receivables: "1200-00",
      grossMinor: 6_050,
      lines: [sale("4000-00", "TX", 5_000), sale("4000-00", "NT", 50), sale("2200-00", "TX", 1_000)],
    });
    const summary = aggregateSummary([
      { number: "1", lines: a },
      { number: "2", lines: b },
    ]);
    expect(summary.lines).toEqual([
      { account: "1200-00", taxClass: "", debitMinor: 18_050, creditMinor: 0 },
      { account: "2200-00", taxClass: "TX", debitMinor: 0, creditMinor: 3_000 },
      { account: "4000-00", taxClass: "NT", debitMinor: 0, creditMinor: 50 },
      { account: "4000-00", taxClass: "TX", debitMinor: 0, creditMinor: 13_000 },
      { account: "4010-00", taxClass: "TX", debitMinor: 0, creditMinor: 2_000 },
    ]);
    expect(summary).toMatchObject({ debitMinor: 18_050, creditMinor: 18_050, unbalanced: [] });
    expect(isBalanced(summary)).toBe(true);
  });

  it("a credit note nets off, and a group that nets to zero leaves no line; a net credit on receivables is a credit", () => {
    const inv = invoiceContribution({
      receivables: "1200-00",
      grossMinor: 1_200,
      lines: [sale("4000-00", "TX", 1_000), sale("2200-00", "TX", 200)],
    });
    const credit = invoiceContribution({
      receivables: "1200-00",
      grossMinor: -1_800,
      lines: [sale("4000-00", "TX", -1_500), sale("2200-00", "TX", -300)],
    });
    const summary = aggregateSummary([
      { number: "7", lines: inv },
      { number: "8", lines: credit },
    ]);
    expect(summary.lines).toEqual([
      { account: "1200-00", taxClass: "", debitMinor: 0, creditMinor: 600 },
      { account: "2200-00", taxClass: "TX", debitMinor: 100, creditMinor: 0 },
      { account: "4000-00", taxClass: "TX", debitMinor: 500, creditMinor: 0 },
    ]);
    expect(isBalanced(summary)).toBe(true);
    expect(
      aggregateSummary([
        { number: "7", lines: inv },
        { number: "7r", lines: inv.map((l) => ({ ...l, amountMinor: -l.amountMinor })) },
      ]).lines,
    ).toEqual([]);
  });

  it("names every invoice whose own share does not balance, and the journal is not balanced then", () => {
    const ok = invoiceContribution({
      receivables: "1200-00",
      grossMinor: 1_000,
      lines: [sale("4000-00", "TX", 1_000)],
    });
    const off = invoiceContribution({
      receivables: "1200-00",
      grossMinor: 1_001,
      lines: [sale("4000-00", "TX", 1_000)],
    });
    const summary = aggregateSummary([
      { number: "1", lines: ok },
      { number: "2", lines: off },
    ]);
    expect(summary).toMatchObject({
      debitMinor: 2_001,
      creditMinor: 2_000,
      unbalanced: [{ number: "2", differenceMinor: 1 }],
    });
    expect(isBalanced(summary)).toBe(false);
    // Two errors that cancel out still hold the journal: each share must balance on its own.
    const under = invoiceContribution({
      receivables: "1200-00",
      grossMinor: 999,
      lines: [sale("4000-00", "TX", 1_000)],
    });
    const masked = aggregateSummary([
      { number: "2", lines: off },
      { number: "3", lines: under },
    ]);
    expect(masked.debitMinor).toBe(masked.creditMinor);
    expect(isBalanced(masked)).toBe(false);
  });

  it("is the same whatever order the invoices come in", () => {
    const members = Array.from({ length: 25 }, (_, i) => ({
      number: String(i),
      lines: invoiceContribution({
        receivables: "1200-00",
        grossMinor: 1_000 + i * 37,
        lines: [sale(i % 2 ? "4000-00" : "4010-00", i % 3 ? "TX" : "NT", 1_000 + i * 37)],
      }),
    }));
    expect(aggregateSummary([...members].reverse())).toEqual(aggregateSummary(members));
  });

  it("references one journal per company and day (the idempotency anchor), later ones of a day numbered", () => {
    expect(summaryReference("2025-03-14", 1)).toBe("KF SALES 2025-03-14");
    expect(summaryReference("2025-03-14", 2)).toBe("KF SALES 2025-03-14 #2");
    expect(summaryReference("2025-03-14", 99).length).toBeLessThanOrEqual(30);
  });
});
