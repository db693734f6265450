import { describe, expect, it } from "vitest";
import { holdFixHref } from "./hrefs";

describe("the fix-it link of a held record", () => {
  const sync = "/o/acme/companies/c1/sync";
  it("opens the mapping form prefilled with the kind and key", () => {
    expect(holdFixHref(sync, "MAPPING_MISSING", "mapping:nominal_to_gl:4000")).toEqual({
      href: `${sync}/mappings?kind=nominal_to_gl&key=4000#map-nominal_to_gl`,
      label: "Add this mapping",
    });
    expect(holdFixHref(sync, "MAPPING_MISSING", "mapping:payment_method_to_bank:Card & cash")!.href).toBe(
      `${sync}/mappings?kind=payment_method_to_bank&key=Card+%26+cash#map-payment_method_to_bank`,
    );
  });
  it("opens the rate form prefilled with the pair and day", () => {
    expect(holdFixHref(sync, "FX_MISSING", "fx:EUR:USD:2026-11-20")).toEqual({
      href: `${sync}/fx?from=EUR&to=USD&day=2026-11-20#add-rate`,
      label: "Enter the EUR→USD rate",
    });
  });
  it("opens the sync settings at the account a payment waits for, or at re-dating for a closed period", () => {
    expect(holdFixHref(sync, "SETTING_MISSING", "setting:payments.unappliedCashAccount")).toEqual({
      href: `${sync}/settings#unapplied-cash`,
      label: "Choose it in sync settings",
    });
    expect(holdFixHref(sync, "SETTING_MISSING", "setting:payments.fxDifferenceAccount")!.href).toBe(
      `${sync}/settings#fx-difference`,
    );
    expect(holdFixHref(sync, "PERIOD_CLOSED", null)).toEqual({
      href: `${sync}/settings#redate-closed`,
      label: "Move documents out of closed periods",
    });
    expect(holdFixHref(sync, "SETTING_MISSING", "setting:payments.unknown")).toBeNull();
  });
  it("offers nothing for other holds or malformed fields", () => {
    expect(holdFixHref(sync, "INVALID_RECORD", "billingAddress.postCode")).toBeNull();
    expect(holdFixHref(sync, "MAPPING_MISSING", "nominal")).toBeNull();
    expect(holdFixHref(sync, "FX_MISSING", "fx:EUR:USD:yesterday")).toBeNull();
    expect(holdFixHref(sync, "MAPPING_MISSING", null)).toBeNull();
  });
});
