import { describe, expect, it } from "vitest";
import { addDecimal, compareDecimal, decimalToMinor, minorToDecimal, money, multiplyDecimal, toDecimal } from "./money";
import { journalSchema } from "./journal";

describe("canonical money", () => {
  it("reads KashFlow numbers and strings as exact decimals", () => {
    expect(toDecimal(117.5)).toBe("117.5");
    expect(toDecimal(0.1 + 0.2)).toBe("0.30000000000000004");
    expect(toDecimal("117.5000")).toBe("117.5");
    expect(toDecimal("£1,234.50")).toBe("1234.5");
    expect(toDecimal("-0.0000")).toBe("0");
    expect(toDecimal("(3.00)")).toBe("-3");
    expect(toDecimal(1e-7)).toBe("0.0000001");
    expect(toDecimal(2e21)).toBe("2000000000000000000000");
    expect(toDecimal("abc")).toBeNull();
    expect(toDecimal(Number.NaN)).toBeNull();
  });

  it("converts to minor units exactly, rounding half away from zero", () => {
    expect(decimalToMinor("777.45", 2)).toBe(77745);
    expect(decimalToMinor("0.005", 2)).toBe(1);
    expect(decimalToMinor("-0.005", 2)).toBe(-1);
    expect(decimalToMinor("-0.004", 2)).toBe(0);
    expect(decimalToMinor("1234567890.12", 2)).toBe(123456789012);
    expect(decimalToMinor("5", 0)).toBe(5);
    expect(money("12.3", "jpy")).toEqual({ amountMinor: 12, currency: "JPY" });
    expect(minorToDecimal(-5, 2)).toBe("-0.05");
    expect(minorToDecimal(123456, 3)).toBe("123.456");
  });

  it("multiplies and adds decimals without floats", () => {
    expect(multiplyDecimal("1.5", "140")).toBe("210");
    expect(multiplyDecimal("0.1", "0.2")).toBe("0.02");
    expect(multiplyDecimal("-3", "24.995")).toBe("-74.985");
    expect(addDecimal("0.1", "0.2")).toBe("0.3");
    expect(compareDecimal("10.50", "10.5")).toBe(0);
    expect(compareDecimal("-1", "0.5")).toBe(-1);
  });

  it("journals must balance in one currency", () => {
    const line = (debit: number, credit: number) => ({
      accountCode: "4000",
      description: null,
      debit: { amountMinor: debit, currency: "GBP" },
      credit: { amountMinor: credit, currency: "GBP" },
    });
    const base = { number: null, date: "2026-03-31", reference: null, narrative: null, currency: "GBP" };
    expect(journalSchema.safeParse({ ...base, lines: [line(100, 0), line(0, 100)] }).success).toBe(true);
    expect(journalSchema.safeParse({ ...base, lines: [line(100, 0), line(0, 99)] }).success).toBe(false);
  });
});
