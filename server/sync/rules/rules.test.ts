// The pure rules of the master-data flows: addresses into Sage 100's shape and back, keys, first-connect matching,
// field ownership, terms codes, tax classes, and when a field group counts as in step.
import { describe, expect, it } from "vitest";
import type { Party } from "@/server/domain/canonical/party";
import { parseSyncSettings } from "../settings";
import { addressParts, fromSageAddress, toSageAddress } from "@/server/domain/rules/address";
import { differingGroups, partyGroupValue, PARTY_GROUPS, warningsFor } from "./field-groups";
import { firstFreeKey, itemKeyCandidates, kashflowCodeCandidates, partyKeyCandidates } from "./keys";
import { matchRecord, reviewMessage, type MatchCandidate } from "./matching";
import { decideGroups, newerSide, ownerOf } from "./ownership";
import { isUkCounty, toAlpha2, toAlpha3 } from "@/server/domain/rules/places";
import { taxClassOf, vatFromTaxClass } from "@/server/domain/rules/tax-class";
import { termsFromSage, termsToSage } from "@/server/domain/rules/terms";
import { FitLog } from "@/server/domain/rules/text-fit";

const rule = parseSyncSettings({}).sage100;
const take = <T>(gen: Iterable<T>, n: number): T[] => {
  const out: T[] = [];
  for (const v of gen) {
    out.push(v);
    if (out.length === n) break;
  }
  return out;
};

describe("addresses into Sage 100's shape", () => {
  const uk = (lines: string[], postCode = "M1 1AA") => ({ name: null, lines, postCode, countryCode: "GB" });

  it("puts the town in City, the postcode in ZipCode, GB as GBR, and the county in AddressLine3 by default", () => {
    const log = new FitLog();
    expect(toSageAddress(uk(["12 High Street", "Manchester", "Lancashire"]), rule, log)).toEqual({
      addressLine1: "12 High Street",
      addressLine2: "",
      addressLine3: "Lancashire",
      city: "Manchester",
      state: "",
      zipCode: "M1 1AA",
      countryCode: "GBR",
    });
    expect(log.warnings).toEqual([]);
  });

  it("drops the county by the company rule, with a warning, and uses the company's foreign State", () => {
    const log = new FitLog();
    expect(
      toSageAddress(uk(["12 High Street", "Manchester", "Lancs"]), { countyTo: "drop", foreignState: "zz" }, log),
    ).toMatchObject({ addressLine3: "", city: "Manchester", state: "ZZ" });
    expect(log.warnings).toEqual([
      { field: "address.county", message: 'County "Lancs" is not kept in Sage 100 (company rule: drop the county).' },
    ]);
  });

  it("joins street lines when the county takes line 3, and cuts long lines, saying so each time", () => {
    const log = new FitLog();
    const s = toSageAddress(
      uk(["Unit 4", "Riverside Industrial Estate North", "Mill Lane", "Bury", "Greater Manchester"]),
      rule,
      log,
    );
    expect(s).toMatchObject({
      addressLine1: "Unit 4",
      addressLine2: "Riverside Industrial Estate No",
      addressLine3: "Greater Manchester",
      city: "Bury",
    });
    expect(log.warnings.map((w) => w.field)).toEqual(["address", "address.line2"]);
  });

  it("does not take a town for a county (Durham is both)", () => {
    expect(addressParts(uk(["1 Saddler St", "Durham"]))).toEqual({
      street: ["1 Saddler St"],
      town: "Durham",
      county: "",
      state: "",
    });
    expect(isUkCounty("Co. Durham")).toBe(true);
  });

  it("reads US addresses as 'City, ST' or a state line of its own", () => {
    const us = (lines: string[]) => ({ lines, countryCode: "US" });
    expect(addressParts(us(["1200 Harbor Blvd", "Los Angeles, CA"]))).toEqual({
      street: ["1200 Harbor Blvd"],
      town: "Los Angeles",
      county: "",
      state: "CA",
    });
    expect(addressParts(us(["1 Main St", "Springfield", "IL"]))).toEqual({
      street: ["1 Main St"],
      town: "Springfield",
      county: "",
      state: "IL",
    });
    expect(addressParts(us(["1 Main St", "New York"]))).toEqual({
      street: ["1 Main St"],
      town: "New York",
      county: "",
      state: "",
    });
  });

  it("converts ISO countries both ways and warns about codes it does not know", () => {
    expect([toAlpha3("GB"), toAlpha3("IE"), toAlpha3("US"), toAlpha2("GBR"), toAlpha2("USA"), toAlpha2("DE")]).toEqual([
      "GBR",
      "IRL",
      "USA",
      "GB",
      "US",
      "DE",
    ]);
    const log = new FitLog();
    expect(
      toSageAddress({ name: null, lines: ["1 Rue X", "Paris"], postCode: "75001", countryCode: "XK" }, rule, log)
        .countryCode,
    ).toBe("");
    expect(log.warnings).toEqual([
      { field: "address.countryCode", message: 'Country "XK" has no Sage 100 country code; left blank.' },
    ]);
  });

  it("reads Sage addresses back so that shaping them again gives the same fields", () => {
    const samples = [
      {
        addressLine1: "12 High Street",
        addressLine2: "",
        addressLine3: "Lancashire",
        city: "Manchester",
        state: "",
        zipCode: "M1 1AA",
        countryCode: "GBR",
      },
      {
        addressLine1: "Unit 4",
        addressLine2: "Mill Lane",
        addressLine3: "Off the Ring Road",
        city: "Leeds",
        state: "",
        zipCode: "LS1 1AA",
        countryCode: "GBR",
      },
      {
        addressLine1: "1200 Harbor Blvd",
        addressLine2: "Suite 5",
        addressLine3: "",
        city: "Los Angeles",
        state: "CA",
        zipCode: "90012",
        countryCode: "USA",
      },
      {
        addressLine1: "9 Quay Road",
        addressLine2: "",
        addressLine3: "",
        city: "Toronto",
        state: "ON",
        zipCode: "M5J 2N8",
        countryCode: "CAN",
      },
    ];
    for (const s of samples) expect(toSageAddress(fromSageAddress(s), rule, new FitLog())).toEqual(s);
  });

  it("warns when Sage holds a State that a KashFlow address outside the US cannot carry", () => {
    const log = new FitLog();
    expect(
      fromSageAddress(
        {
          addressLine1: "1 Dame St",
          addressLine2: "",
          addressLine3: "",
          city: "Dublin",
          state: "DU",
          zipCode: "D02",
          countryCode: "IRL",
        },
        log,
      )?.lines,
    ).toEqual(["1 Dame St", "Dublin"]);
    expect(log.warnings.map((w) => w.field)).toEqual(["address.state"]);
  });
});

describe("keys for new records", () => {
  it("customer and vendor numbers: up to 7 letters and digits, then a numbered stem", () => {
    expect(take(partyKeyCandidates("Northern-Bakery", "CUST"), 3)).toEqual(["NORTHER", "NORTH01", "NORTH02"]);
    expect(take(partyKeyCandidates("nor01", "CUST"), 2)).toEqual(["NOR01", "NOR0101"]);
    expect(take(partyKeyCandidates("---", "VEND"), 1)).toEqual(["VEND"]);
    expect([...take(partyKeyCandidates("ABCDEFGHIJ", "X"), 200)].every((k) => k.length <= 7)).toBe(true);
    expect(new Set(take(partyKeyCandidates("ABCDEFGHIJ", "X"), 200)).size).toBe(200);
  });

  it("item codes: stock items keep the code, others are '/' items; the same code under another nominal gets it as suffix", () => {
    expect(take(itemKeyCandidates("WIDGET-A", { stockTracked: true, nominalCode: "4000" }), 2)).toEqual([
      "WIDGET-A",
      "WIDGET-A-4000",
    ]);
    expect(take(itemKeyCandidates("consult", { stockTracked: false, nominalCode: "4010" }), 3)).toEqual([
      "/CONSULT",
      "/CONSULT-4010",
      "/CONSULT-2",
    ]);
    expect(
      take(itemKeyCandidates("X".repeat(40), { stockTracked: false, nominalCode: "4010" }), 3).every(
        (k) => k.length <= 30,
      ),
    ).toBe(true);
  });

  it("KashFlow codes: the Sage key without '/', a division other than 00 in front", () => {
    expect(take(kashflowCodeCandidates("/INSTALL"), 2)).toEqual(["INSTALL", "INSTALL-2"]);
    expect(take(kashflowCodeCandidates("ACME", "01"), 1)).toEqual(["01-ACME"]);
  });

  it("the first free candidate, asked in order: the same answer every time", async () => {
    const taken = new Set(["NOR01", "NOR0101"]);
    expect(await firstFreeKey(partyKeyCandidates("NOR01", "C"), (k) => taken.has(k))).toBe("NOR0102");
    expect(await firstFreeKey(partyKeyCandidates("NOR01", "C"), (k) => taken.has(k))).toBe("NOR0102");
  });
});

describe("first-connect matching", () => {
  const subject = {
    code: "harb-01",
    name: "Harbour Lights Ltd",
    postCode: "BS1 4DJ",
    emails: ["Accounts@Harbour.test"],
  };
  const candidate = (key: string, o: Partial<MatchCandidate> = {}): MatchCandidate => ({
    key,
    code: key.slice(3),
    name: "Someone Else",
    postCode: null,
    emails: [],
    ...o,
  });

  it("links one candidate with the same code, or the same name at the same postcode", () => {
    expect(matchRecord(subject, [candidate("00-HARB01"), candidate("00-OTHER")])).toEqual({
      kind: "link",
      key: "00-HARB01",
      reason: "same code",
    });
    expect(matchRecord(subject, [candidate("00-HL1", { name: "Harbour Lights Ltd.", postCode: "bs14dj" })])).toEqual({
      kind: "link",
      key: "00-HL1",
      reason: "same name and postcode",
    });
  });

  it("asks a person about several strong candidates, or weak ones (email, name alone) together", () => {
    const two = matchRecord(subject, [
      candidate("00-HL1", { name: "Harbour Lights Ltd", postCode: "BS1 4DJ" }),
      candidate("00-HL2", { name: "Harbour Lights Ltd", postCode: "BS1 4DJ" }),
    ]);
    expect(two).toMatchObject({ kind: "review", candidates: [{ sage100Key: "00-HL1" }, { sage100Key: "00-HL2" }] });
    const weak = matchRecord(subject, [
      candidate("00-A", { emails: ["accounts@harbour.test"] }),
      candidate("00-B", { name: "HARBOUR LIGHTS LTD" }),
    ]);
    expect(weak).toEqual({
      kind: "review",
      candidates: [
        { sage100Key: "00-A", name: "Someone Else", reason: "same email" },
        { sage100Key: "00-B", name: "HARBOUR LIGHTS LTD", reason: "same name" },
      ],
    });
    expect(reviewMessage(weak.kind === "review" ? weak.candidates : [], { one: "customer", many: "customers" })).toBe(
      "2 Sage 100 customers could be this one: choose in Match review.",
    );
    expect(matchRecord(subject, [candidate("00-Z")])).toEqual({ kind: "none" });
  });
});

describe("field ownership", () => {
  const defaults = parseSyncSettings({});

  it("defaults: KashFlow owns names, contact and address; Sage 100 credit terms and item pricing; status goes to the newer", () => {
    expect(
      ["names", "contact", "address", "creditTerms", "itemPricing", "status", "tax"].map((g) =>
        ownerOf(g as never, defaults),
      ),
    ).toEqual(["KASHFLOW", "KASHFLOW", "KASHFLOW", "SAGE100", "SAGE100", "MOST_RECENT", "KASHFLOW"]);
  });

  it("a flow writes the groups its source wins and leaves the target's to flow back", () => {
    const d = decideGroups({
      source: "KASHFLOW",
      differing: ["names", "creditTerms"],
      settings: defaults,
      sourceUpdatedAt: null,
      targetUpdatedAt: null,
    });
    expect(d).toEqual({ write: ["names"], yielded: ["creditTerms"] });
    expect(
      decideGroups({
        source: "SAGE100",
        differing: ["names", "creditTerms"],
        settings: defaults,
        sourceUpdatedAt: null,
        targetUpdatedAt: null,
      }),
    ).toEqual({ write: ["creditTerms"], yielded: ["names"] });
  });

  it("most recent wins by the record's timestamp (no offset = UTC), the source on a tie", () => {
    const s = parseSyncSettings({ ownership: { names: "MOST_RECENT" } });
    const at = (kf: string, sage: string) =>
      decideGroups({
        source: "KASHFLOW",
        differing: ["names"],
        settings: s,
        sourceUpdatedAt: kf,
        targetUpdatedAt: sage,
      });
    expect(at("2026-03-01T10:00:00", "2026-03-01T11:00:00Z")).toEqual({ write: [], yielded: ["names"] });
    expect(at("2026-03-01T12:00:00", "2026-03-01T11:00:00Z")).toEqual({ write: ["names"], yielded: [] });
    expect(
      newerSide({ source: "SAGE100", sourceUpdatedAt: "2026-03-01T11:00:00Z", targetUpdatedAt: "2026-03-01T11:00:00" }),
    ).toBe("SAGE100");
  });
});

describe("terms and tax classes", () => {
  it("maps net days to the plain code, and warns when Sage has none", () => {
    const log = new FitLog();
    expect(termsToSage({ basis: "after_issue_date", days: 30 }, log)).toBe("01");
    expect(termsToSage({ basis: "after_issue_date", days: 15 }, log)).toBe("03");
    expect(termsToSage({ basis: "after_month_end", days: 30 }, log)).toBeUndefined();
    expect(log.warnings).toEqual([
      {
        field: "paymentTerms",
        message: 'Payment terms "30 days after month end" have no Sage 100 terms code; Sage 100 keeps its own terms.',
      },
    ]);
    expect(termsFromSage("02")).toEqual({ basis: "after_issue_date", days: 30 });
    expect(termsFromSage("ZZ")).toBeNull();
  });

  it("taxable when VAT applies, and back as the standard rate or zero-rated", () => {
    expect(taxClassOf({ vatExempt: false, vatRate: "20" })).toBe("TX");
    expect(taxClassOf({ vatExempt: false, vatRate: "0" })).toBe("NT");
    expect(taxClassOf({ vatExempt: true, vatRate: null })).toBe("NT");
    expect(vatFromTaxClass("NT")).toEqual({ vatExempt: false, vatRate: "0" });
    expect(vatFromTaxClass("TX")).toEqual({ vatExempt: false, vatRate: "20" });
  });
});

describe("groups in step", () => {
  const base: Party = {
    kind: "customer",
    code: "NOR01",
    name: "Northern Bakery and Confectionery Ltd",
    isArchived: false,
    currency: "GBP",
    vatNumber: null,
    billingAddress: { name: null, lines: ["12 High St", "Manchester"], postCode: "M1 1AA", countryCode: "GB" },
    deliveryAddresses: [],
    contacts: [
      {
        name: "Grace",
        firstName: null,
        lastName: null,
        email: "grace@example.test",
        phone: "0161 1",
        mobile: null,
        isPrimary: true,
      },
    ],
    paymentTerms: { basis: "after_issue_date", days: 30 },
    defaultAccountCode: null,
    discountRate: null,
    note: null,
    createdAt: null,
    updatedAt: null,
  };
  const sageOf = (p: Party) => ({
    ...p,
    name: p.name.slice(0, 30),
    contacts: p.contacts.map((c) => ({ ...c, name: null })),
  });
  const differing = (kf: Party, sage: Party) =>
    differingGroups({
      groups: PARTY_GROUPS,
      canonical: { kashflow: kf, sage100: sage },
      sage: { kashflow: { name: kf.name.slice(0, 30).toUpperCase() }, sage100: { name: sage.name.slice(0, 30) } },
      canonicalValue: partyGroupValue,
      sageFields: { names: ["name"], contact: [], address: [], creditTerms: [], status: [] },
    });

  it("a name Sage holds cut to 30 characters (or in another case) is in step; a changed email is not", () => {
    expect(differing(base, sageOf(base))).toEqual([]);
    expect(
      differing(base, { ...sageOf(base), contacts: [{ ...base.contacts[0]!, email: "new@example.test" }] }),
    ).toEqual(["contact"]);
    expect(differing(base, { ...sageOf(base), isArchived: true })).toEqual(["status"]);
  });

  it("keeps only the warnings about groups that were written", () => {
    const w = [
      { field: "name", message: "cut" },
      { field: "address.line1", message: "cut" },
      { field: "other", message: "kept" },
    ];
    expect(warningsFor(w, ["names"]).map((x) => x.field)).toEqual(["name", "other"]);
  });
});
