import { describe, expect, it } from "vitest";
import { convertMinor } from "../mappings/fx";
import { convertDocument, convertLine } from "./fx-split";

const at = (rate: string) => ({ from: "GBP", to: "USD", day: "2026-12-01", rate });

describe("the rounding policy: each line's gross and VAT converted half away from zero, totals their sums", () => {
  it("gets the pennies right where binary floating point does not", () => {
    // £1.00 at 1.005 is $1.005 → $1.01; in binary 1.005 × 100 is 100.49999… and Math.round gives $1.00.
    expect(Math.round(1.005 * 100)).toBe(100); // what floats do
    expect(convertMinor(100, at("1.005"))).toBe(101);
    expect(convertLine({ netMinor: 100, vatMinor: 0 }, at("1.005")).grossMinor).toBe(101);
    expect(convertMinor(1005, at("0.001"))).toBe(1); // 10.05 × 0.001 = 0.01005 → 0.01
    expect(convertMinor(100_500, at("0.00001"))).toBe(1); // 1005.00 × 0.00001 = 0.01005 → 0.01
    expect(convertMinor(201, at("0.5"))).toBe(101); // 2.01 × 0.5 = 1.005 → 1.01 (floats: 1.00)
    expect(Math.round(2.01 * 0.5 * 100)).toBe(100); // the float answer, a cent short
    // 1.15 × 1.1 = 1.265 exactly → 1.27; in floats 1.2649999… → 1.26.
    expect(convertMinor(115, at("1.1"))).toBe(127);
    expect(Math.round(1.15 * 1.1 * 100)).toBe(126);
    // Negative amounts (credit notes) round away from zero too.
    expect(convertMinor(-115, at("1.1"))).toBe(-127);
    expect(convertMinor(-201, at("0.5"))).toBe(-101);
  });

  it("converts 0.1 + 0.2 exactly and rates with six decimals", () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    const doc = convertDocument(
      [
        { netMinor: 10, vatMinor: 0 },
        { netMinor: 20, vatMinor: 0 },
      ],
      at("1"),
    );
    expect(doc.grossMinor).toBe(30);
    // 8.35 × 1.234567 = 10.30863445 → 10.31; 0.07 × 1.234567 = 0.08641969 → 0.09.
    expect(convertLine({ netMinor: 835, vatMinor: 0 }, at("1.234567"))).toEqual({
      grossMinor: 1031,
      vatMinor: 0,
      netMinor: 1031,
    });
    // Gross 12.00 (10.00 + VAT 2.00) at 1.270835: 15.25002 → 15.25; VAT 2.541670 → 2.54; net the rest 12.71.
    expect(convertLine({ netMinor: 1000, vatMinor: 200 }, at("1.270835"))).toEqual({
      grossMinor: 1525,
      vatMinor: 254,
      netMinor: 1271,
    });
  });

  it("a many-line document: the total is the sum of its converted lines, not the converted total", () => {
    // 30 lines of £0.05 + £0.01 VAT at 1.25: each line 0.06 × 1.25 = 0.075 → 0.08, VAT 0.0125 → 0.01.
    const lines = Array.from({ length: 30 }, () => ({ netMinor: 5, vatMinor: 1 }));
    const doc = convertDocument(lines, at("1.25"));
    expect(doc.grossMinor).toBe(240); // Σ 0.08; converting the £1.80 total would give 2.25
    expect(convertMinor(180, at("1.25"))).toBe(225);
    expect(doc.vatMinor).toBe(30);
    expect(doc.netMinor).toBe(210);
    expect(doc.netMinor + doc.vatMinor).toBe(doc.grossMinor);
    for (const l of doc.lines) expect(l.netMinor + l.vatMinor).toBe(l.grossMinor);
  });

  it("net and VAT rounded separately would differ from the policy; the policy's parts always add up", () => {
    // Net 0.05 and VAT 0.01 at 1.5: separately 0.08 + 0.02 = 0.10; the policy's gross 0.06 × 1.5 = 0.09.
    const line = convertLine({ netMinor: 5, vatMinor: 1 }, at("1.5"));
    expect(convertMinor(5, at("1.5")) + convertMinor(1, at("1.5"))).toBe(10);
    expect(line).toEqual({ grossMinor: 9, vatMinor: 2, netMinor: 7 });
  });

  it("a credit note and a discount line convert symmetrically", () => {
    const invoice = convertDocument(
      [
        { netMinor: 10_005, vatMinor: 2_001 },
        { netMinor: -1_000, vatMinor: -200 },
      ],
      at("1.2345"),
    );
    const credit = convertDocument(
      [
        { netMinor: -10_005, vatMinor: -2_001 },
        { netMinor: 1_000, vatMinor: 200 },
      ],
      at("1.2345"),
    );
    expect(credit.grossMinor).toBe(-invoice.grossMinor);
    expect(credit.vatMinor).toBe(-invoice.vatMinor);
    // 120.06 × 1.2345 = 148.21407 → 148.21; −12.00 × 1.2345 = −14.814 → −14.81.
    expect(invoice.grossMinor).toBe(14_821 - 1_481);
  });

  it("a currency with no minor units (JPY) and one with three (BHD)", () => {
    expect(convertLine({ netMinor: 250, vatMinor: 50 }, { ...at("190.5"), to: "JPY" })).toEqual({
      grossMinor: 572, // 3.00 × 190.5 = 571.5 → 572
      vatMinor: 95, // 0.50 × 190.5 = 95.25 → 95
      netMinor: 477,
    });
    expect(convertMinor(1, { ...at("0.4705"), to: "BHD" })).toBe(5); // 0.01 × 0.4705 = 0.004705 → 0.005
  });
});
