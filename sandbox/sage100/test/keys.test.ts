import { describe, expect, it } from "vitest";
import { PVX_SEP } from "../boi/data-object";
import { MESSAGES } from "../messages";
import { get, newObject, newSim, openSession, ref } from "./helpers";

function customerBus() {
  const { sim, clock } = newSim();
  const s = openSession(sim);
  return { sim, clock, s, cust: newObject(s, "AR_Customer_bus", "AR_Customer_ui") };
}

describe("nSetKeyValue / nSetKey / nFind", () => {
  it("nSetKey returns 2 for a new record, 1 for an existing one, 0 on failure", () => {
    const { cust } = customerBus();
    cust.nSetKeyValue("ARDivisionNo$", "0");
    cust.nSetKeyValue("CustomerNo$", "newco");
    expect(cust.nSetKey()).toBe(2);
    expect(cust.nEditState).toBe(2);
    expect(get(cust, "CustomerNo$")).toBe("NEWCO");
    expect(get(cust, "ARDivisionNo$")).toBe("00");
    expect(get(cust, "TermsCode$")).toBe("01");
    cust.nSetValue("CustomerName$", "New Co");
    expect(cust.nWrite()).toBe(1);
    expect(cust.nEditState).toBe(0);

    cust.nSetKeyValue("ARDivisionNo$", "00");
    cust.nSetKeyValue("CustomerNo$", "NEWCO");
    expect(cust.nSetKey()).toBe(1);
    expect(get(cust, "CustomerName$")).toBe("New Co");
    cust.nClear();

    cust.nSetKeyValue("CustomerNo$", "X");
    expect(cust.nSetKey()).toBe(0);
    expect(cust.sLastErrorMsg).toBe("The ARDivisionNo is required.");
    cust.nSetKeyValue("ARDivisionNo$", "07");
    expect(cust.nSetKey()).toBe(0);
    expect(cust.sLastErrorMsg).toBe("The ARDivisionNo is not on file.");
  });

  it("nSetKey(value) sets the last key segment; nFind is read-only", () => {
    const { cust } = customerBus();
    cust.nSetKeyValue("ARDivisionNo$", "00");
    expect(cust.nFind("ACME")).toBe(1);
    expect(cust.nEditState).toBe(0);
    expect(cust.nSetValue("City$", "Elsewhere")).toBe(0);
    expect(cust.sLastErrorMsg).toBe(MESSAGES.NO_RECORD_IN_EDIT.text);
    expect(cust.nFind("NOBODY")).toBe(0);
    expect(cust.sLastErrorNum).toBe("CI_NoKey");
    expect(cust.nSetKey("ACME")).toBe(1);
  });

  it("nSetKeyValue only accepts key columns; nSetValue on a key column in edit fails", () => {
    const { cust } = customerBus();
    expect(cust.nSetKeyValue("CustomerName$", "x")).toBe(0);
    cust.nSetKeyValue("ARDivisionNo$", "00");
    cust.nSetKey("ACME");
    expect(cust.nSetValue("CustomerNo$", "OTHER")).toBe(0);
    expect(cust.sLastErrorMsg).toBe(
      "The CustomerNo is part of the key and cannot be changed while a record is in edit.",
    );
    expect(cust.nSetValue("CustomerNo$", "ACME")).toBe(1);
  });
});

describe("nSetValue column rules", () => {
  it("enforces the $ suffix, lengths (CI_CharLength), flags, enumerations, dates, numbers and read-only columns", () => {
    const { cust } = customerBus();
    cust.nSetKeyValue("ARDivisionNo$", "00");
    cust.nSetKey("ACME");
    expect(cust.nSetValue("CustomerName", "x")).toBe(0);
    expect(cust.sLastErrorMsg).toBe("The column CustomerName must be referenced as CustomerName$.");
    expect(cust.nSetValue("CreditLimit$", 1)).toBe(0);
    expect(cust.nSetValue("NoSuchColumn$", 1)).toBe(0);
    expect(cust.sLastErrorMsg).toBe("The column NoSuchColumn$ is not valid for AR_Customer.");
    expect(cust.nSetValue("CustomerName$", "x".repeat(31))).toBe(0);
    expect(cust.sLastErrorMsg).toBe("The Customer Name is greater than 30 character(s)");
    expect(cust.sLastErrorNum).toBe("CI_CharLength");
    expect(cust.nSetValue("CreditHold$", "maybe")).toBe(0);
    expect(cust.sLastErrorMsg).toBe("The CreditHold must be Y or N.");
    expect(cust.nSetValue("CustomerStatus$", "Z")).toBe(0);
    expect(cust.sLastErrorMsg).toBe("The CustomerStatus is invalid. Valid values are A, I.");
    expect(cust.nSetValue("DateEstablished$", "20250231")).toBe(0);
    expect(cust.sLastErrorMsg).toBe("The DateEstablished is not a valid date (YYYYMMDD).");
    expect(cust.nSetValue("CreditLimit", "lots")).toBe(0);
    expect(cust.sLastErrorMsg).toBe("The CreditLimit must be numeric.");
    expect(cust.nSetValue("CreditLimit", 10.005)).toBe(0);
    expect(cust.sLastErrorMsg).toBe("The CreditLimit cannot have more than 2 decimal place(s).");
    expect(cust.nSetValue("CreditLimit", "1250.50")).toBe(1);
    expect(get(cust, "CreditLimit")).toBe(1250.5);
    expect(cust.nSetValue("CurrentBalance", 5)).toBe(0);
    expect(cust.sLastErrorMsg).toBe("The CurrentBalance cannot be changed.");
    expect(cust.nSetValue("state$", "ca")).toBe(1);
    expect(get(cust, "State$")).toBe("CA");
  });

  it("field lengths are configurable per Sage version", () => {
    const { sim } = newSim({ fieldLengths: { "AR_Customer.CustomerName": 50 } });
    const cust = newObject(openSession(sim), "AR_Customer_bus", "AR_Customer_ui");
    cust.nSetKeyValue("ARDivisionNo$", "00");
    cust.nSetKey("ACME");
    expect(cust.nSetValue("CustomerName$", "x".repeat(45))).toBe(1);
    expect(cust.nSetValue("CustomerName$", "x".repeat(51))).toBe(0);
  });
});

describe("write, delete, clear, browse, metadata, next numbers", () => {
  it("required columns are checked on nWrite", () => {
    const { cust } = customerBus();
    cust.nSetKeyValue("ARDivisionNo$", "00");
    cust.nSetKey("NONAME");
    expect(cust.nWrite()).toBe(0);
    expect(cust.sLastErrorMsg).toBe("The CustomerName is required.");
    expect(cust.nEditState).toBe(2);
  });

  it("nClear abandons changes; nDelete removes (and refuses customers with open items)", () => {
    const { cust, sim } = customerBus();
    cust.nSetKeyValue("ARDivisionNo$", "00");
    cust.nSetKey("FOXTROT");
    cust.nSetValue("City$", "Nowhere");
    expect(cust.nClear()).toBe(1);
    cust.nSetKeyValue("ARDivisionNo$", "00");
    cust.nFind("FOXTROT");
    expect(get(cust, "City$")).toBe("Santa Monica");
    cust.nSetKeyValue("ARDivisionNo$", "00");
    expect(cust.nDelete("ACME")).toBe(0);
    expect(cust.sLastErrorMsg).toMatch(/open invoices/);
    cust.nSetKeyValue("ARDivisionNo$", "00");
    expect(cust.nDelete("FOXTROT")).toBe(1);
    expect(sim.company("ABC").t("AR_Customer").has(["00", "FOXTROT"])).toBe(false);
    expect(cust.nDelete()).toBe(0);
  });

  it("browse with nSetBrowseFilter / nMoveFirst / nMoveNext / nEOF in key order", () => {
    const { cust } = customerBus();
    cust.nSetBrowseFilter("00");
    const seen: string[] = [];
    cust.nMoveFirst();
    while (cust.nEOF === 0) {
      seen.push(String(get(cust, "CustomerNo$")));
      cust.nMoveNext();
    }
    expect(seen).toEqual(["ACME", "BLUESKY", "CITYHALL", "DELTA", "EVERGREEN", "FOXTROT"]);
    cust.nSetBrowseFilter("00B");
    expect(cust.nMoveFirst()).toBe(1);
    expect(get(cust, "CustomerNo$")).toBe("BLUESKY");
    expect(cust.nMoveNext()).toBe(0);
    expect(cust.nEOF).toBe(1);
  });

  it("sGetColumns / sGetKeyColumns / nGetResultSets use the ProvideX SEP", () => {
    const { cust } = customerBus();
    expect(cust.sGetKeyColumns()).toBe(`ARDivisionNo$${PVX_SEP}CustomerNo$`);
    expect(cust.sGetColumns().split(PVX_SEP)).toContain("CreditLimit");
    const descs = ref();
    const keys = ref();
    expect(cust.nGetResultSets("CustomerName$", "CustomerNo$", descs, keys, "", "00A", "00BZ")).toBe(1);
    expect(keys.value.split(PVX_SEP)).toEqual(["ACME", "BLUESKY"]);
    expect(descs.value.split(PVX_SEP)[0]).toBe("Acme Industrial Supply");
  });

  it("next-number calls burn numbers whether or not a record is written", () => {
    const { cust } = customerBus();
    const a = ref();
    const b = ref();
    cust.nGetNextCustomerNo(a);
    cust.nGetNextCustomerNo(b);
    expect(a.value).toBe("0000001");
    expect(b.value).toBe("0000002");
  });

  it("GL_Account_bus is keyed by the formatted account while the table key is the AccountKey surrogate", () => {
    const { sim } = newSim();
    const acct = newObject(openSession(sim, { module: "G/L" }), "GL_Account_bus", "GL_Account_ui");
    expect(acct.nSetKey("620000")).toBe(1);
    expect(get(acct, "Account$")).toBe("6200-00");
    expect(get(acct, "AccountKey$")).toBe("000000015");
    acct.nClear();
    expect(acct.nSetKey("6500-00")).toBe(2);
    acct.nSetValue("AccountDesc$", "Software subscriptions");
    expect(acct.nWrite()).toBe(1);
    const row = sim.company("ABC").t("GL_Account").lookup("KACCOUNT", ["6500-00"])[0];
    expect(row?.AccountKey).toMatch(/^\d{9}$/);
    expect(row?.RawAccount).toBe("650000");
    expect(acct.nSetKey("65-0")).toBe(0);
    expect(acct.sLastErrorMsg).toBe("The account 65-0 does not match the account format ####-##.");
  });
});
