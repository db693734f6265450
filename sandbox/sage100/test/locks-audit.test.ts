import { describe, expect, it } from "vitest";
import { MESSAGES } from "../messages";
import { get, newObject, newSim, openSession } from "./helpers";

describe("record locks across sessions", () => {
  it("nSetKey on a record another session is editing returns 0 'in use'; nFind and ODBC still read it", () => {
    const { sim } = newSim();
    const a = newObject(openSession(sim), "AR_Customer_bus", "AR_Customer_ui");
    const b = newObject(openSession(sim), "AR_Customer_bus", "AR_Customer_ui");
    for (const o of [a, b]) o.nSetKeyValue("ARDivisionNo$", "00");
    expect(a.nSetKey("ACME")).toBe(1);
    a.nSetValue("City$", "Uncommitted City");
    expect(b.nSetKey("ACME")).toBe(0);
    expect(b.sLastErrorMsg).toBe(MESSAGES.RECORD_LOCKED.text);
    expect(b.nFind("ACME")).toBe(1);
    expect(get(b, "City$")).toBe("Los Angeles");
    expect(
      sim.query("ABC", { table: "AR_Customer", where: [{ column: "CustomerNo", op: "=", value: "ACME" }] }).rows[0]
        ?.City,
    ).toBe("Los Angeles");
    expect(a.nWrite()).toBe(1);
    b.nSetKeyValue("ARDivisionNo$", "00");
    expect(b.nSetKey("ACME")).toBe(1);
    expect(get(b, "City$")).toBe("Uncommitted City");
  });

  it("locks are released by nClear, another nSetKey, DropObject and a dropped session; the same session does not block itself", () => {
    const { sim } = newSim();
    const sa = openSession(sim);
    const a = newObject(sa, "AR_Customer_bus", "AR_Customer_ui");
    const a2 = sa.script.NewObject("AR_Customer_bus", sa.session);
    const b = newObject(openSession(sim), "AR_Customer_bus", "AR_Customer_ui");
    const lockAcme = (o: typeof a) => {
      o.nSetKeyValue("ARDivisionNo$", "00");
      return o.nSetKey("ACME");
    };
    expect(lockAcme(a)).toBe(1);
    expect(lockAcme(a2)).toBe(1);
    a2.nClear();
    expect(lockAcme(b)).toBe(0);
    a.nClear();
    expect(lockAcme(b)).toBe(1);
    b.nSetKey("BLUESKY");
    expect(lockAcme(a)).toBe(1);
    a.DropObject();
    expect(lockAcme(b)).toBe(1);
    b.nClear();
    const a3 = newObject(sa, "AR_Customer_bus", "AR_Customer_ui");
    expect(lockAcme(a3)).toBe(1);
    sa.session.DropObject();
    expect(lockAcme(b)).toBe(1);
  });

  it("header and lines lock together on documents (company without batches)", () => {
    const { sim } = newSim();
    const sa = openSession(sim, { company: "XYZ" });
    const inv = newObject(sa, "AR_Invoice_bus", "AR_Invoice_ui");
    inv.nSetKeyValue("InvoiceNo$", "0007001");
    expect(inv.nSetKey()).toBe(2);
    inv.nSetValue("ARDivisionNo$", "01");
    inv.nSetValue("CustomerNo$", "ACME");
    inv.oLines.nAddLine();
    inv.oLines.nSetValue("ItemCode$", "/INSTALL");
    inv.oLines.nWrite();
    expect(inv.nWrite()).toBe(1);
    inv.nSetKeyValue("InvoiceNo$", "0007001");
    expect(inv.nSetKey()).toBe(1);
    expect(inv.oLines.nMoveFirst()).toBe(1);
    const other = newObject(openSession(sim, { company: "XYZ" }), "AR_Invoice_bus", "AR_Invoice_ui");
    other.nSetKeyValue("InvoiceNo$", "0007001");
    expect(other.nSetKey()).toBe(0);
    expect(other.sLastErrorMsg).toBe(MESSAGES.RECORD_LOCKED.text);
    expect(other.oLines.nAddLine()).toBe(0);
    expect(other.oLines.sLastErrorMsg).toBe(MESSAGES.NO_RECORD_IN_EDIT.text);
    inv.nClear();
    expect(other.nSetKey()).toBe(1);
  });
});

describe("audit stamps", () => {
  it("DateCreated/TimeCreated on insert, DateUpdated/TimeUpdated (decimal hours as text) and user keys on every write", () => {
    const { sim, clock } = newSim();
    const s = openSession(sim);
    const cust = newObject(s, "AR_Customer_bus", "AR_Customer_ui");
    cust.nSetKeyValue("ARDivisionNo$", "00");
    cust.nSetKey("STAMPS");
    cust.nSetValue("CustomerName$", "Stamp Test");
    cust.nWrite();
    const row1 = { ...sim.company("ABC").t("AR_Customer").get(["00", "STAMPS"]) };
    expect([row1.DateCreated, row1.TimeCreated, row1.DateUpdated, row1.TimeUpdated, row1.UserCreatedKey]).toEqual([
      "20250315",
      "10.5",
      "20250315",
      "10.5",
      "0000000002",
    ]);
    clock.advance((5 * 3600 + 29 * 60 + 32) * 1000); // 15:59:32
    const admin = newObject(openSession(sim, { user: "admin" }), "AR_Customer_bus", "AR_Customer_ui");
    admin.nSetKeyValue("ARDivisionNo$", "00");
    admin.nSetKey("STAMPS");
    admin.nSetValue("City$", "Reno");
    admin.nWrite();
    const row2 = sim.company("ABC").t("AR_Customer").get(["00", "STAMPS"]);
    expect([row2?.DateCreated, row2?.TimeCreated, row2?.UserCreatedKey]).toEqual(["20250315", "10.5", "0000000002"]);
    expect([row2?.DateUpdated, row2?.TimeUpdated, row2?.UserUpdatedKey]).toEqual([
      "20250315",
      "15.99222",
      "0000000001",
    ]);
    expect(get(admin, "TimeUpdated$")).toBe("");
    admin.nSetKeyValue("ARDivisionNo$", "00");
    admin.nFind("STAMPS");
    expect(get(admin, "TimeUpdated$")).toBe("15.99222");
    expect(admin.nSetKey("STAMPS")).toBe(1);
    expect(admin.nSetValue("TimeUpdated$", "1")).toBe(0);
    expect(admin.sLastErrorMsg).toBe("The TimeUpdated cannot be changed.");
  });
});
