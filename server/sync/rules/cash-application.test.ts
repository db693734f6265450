import { describe, expect, it } from "vitest";
import { planApplication, planCheckApplication, planCreditApplication } from "./cash-application";
import { convertBackMinor } from "./fx-split";

const GBP_USD = { from: "GBP", to: "USD", day: "2025-03-14", rate: "1.2712" };

describe("cash application", () => {
  it("a partial payment applies what it brings", () => {
    expect(planApplication({ cashMinor: 5000, openMinor: 12000, settles: false, overpaidMinor: 0 })).toEqual({
      appliedMinor: 5000,
      unappliedMinor: 0,
      fxDifferenceMinor: 0,
    });
  });

  it("an over-payment leaves the excess as unapplied cash", () => {
    expect(planApplication({ cashMinor: 15000, openMinor: 12000, settles: false, overpaidMinor: 0 })).toEqual({
      appliedMinor: 12000,
      unappliedMinor: 3000,
      fxDifferenceMinor: 0,
    });
    expect(planApplication({ cashMinor: 15000, openMinor: 12050, settles: true, overpaidMinor: 3000 })).toEqual({
      appliedMinor: 12050,
      unappliedMinor: 3000,
      fxDifferenceMinor: -50,
    });
  });

  it("a settling payment clears the open balance; the rates' difference is an exchange difference", () => {
    expect(planApplication({ cashMinor: 12711, openMinor: 12900, settles: true, overpaidMinor: 0 })).toEqual({
      appliedMinor: 12900,
      unappliedMinor: 0,
      fxDifferenceMinor: -189,
    });
    expect(planApplication({ cashMinor: 13000, openMinor: 12900, settles: true, overpaidMinor: 0 })).toEqual({
      appliedMinor: 12900,
      unappliedMinor: 0,
      fxDifferenceMinor: 100,
    });
  });

  it("a difference no exchange rate explains is refused, not booked", () => {
    expect(planApplication({ cashMinor: 12711, openMinor: 0, settles: true, overpaidMinor: 0 })).toEqual({
      tooLarge: { differenceMinor: 12711 },
    });
  });

  it("a refund on a credit memo is negative cash against a negative balance", () => {
    expect(planApplication({ cashMinor: -2000, openMinor: -5000, settles: false, overpaidMinor: 0 })).toEqual({
      appliedMinor: -2000,
      unappliedMinor: 0,
      fxDifferenceMinor: 0,
    });
  });

  it("a credit note applies no more than the invoice and the credit memo both have open", () => {
    expect(
      planCreditApplication({ amountMinor: 3000, openInvoiceMinor: 10000, openCreditMinor: -2500, settles: false }),
    ).toBe(2500);
    expect(
      planCreditApplication({ amountMinor: 3000, openInvoiceMinor: 3010, openCreditMinor: -5000, settles: true }),
    ).toBe(3010);
  });
});

describe("FX back into KashFlow's currency", () => {
  it("converts back exactly, half away from zero", () => {
    expect(convertBackMinor(12712, GBP_USD)).toBe(10000);
    expect(convertBackMinor(-12713, GBP_USD)).toBe(-10001);
    expect(convertBackMinor(100, { from: "GBP", to: "JPY", day: "2025-03-14", rate: "190" })).toBe(53);
    expect(convertBackMinor(500, { from: "GBP", to: "USD", day: "2025-03-14", rate: "1" })).toBe(500);
  });
});

describe("a supplier payment as an A/P manual check", () => {
  it("pays the bill up to what it has open; a settling payment books the rates' difference", () => {
    expect(planCheckApplication({ cashMinor: 5000, openMinor: 12000, settles: false, overpaidMinor: 0 })).toEqual({
      appliedMinor: 5000,
      fxDifferenceMinor: 0,
    });
    expect(planCheckApplication({ cashMinor: 12711, openMinor: 12900, settles: true, overpaidMinor: 0 })).toEqual({
      appliedMinor: 12900,
      fxDifferenceMinor: -189,
    });
  });

  it("never leaves unapplied cash: more than the bill has open is for a person", () => {
    expect(planCheckApplication({ cashMinor: 15000, openMinor: 12000, settles: false, overpaidMinor: 0 })).toEqual({
      exceeds: { unappliedMinor: 3000 },
    });
    expect(planCheckApplication({ cashMinor: 15000, openMinor: 12000, settles: true, overpaidMinor: 3000 })).toEqual({
      exceeds: { unappliedMinor: 3000 },
    });
    expect(planCheckApplication({ cashMinor: 15000, openMinor: 12000, settles: true, overpaidMinor: 0 })).toEqual({
      tooLarge: { differenceMinor: 3000 },
    });
  });
});
