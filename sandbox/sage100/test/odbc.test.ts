import { describe, expect, it } from "vitest";
import { OdbcError } from "../odbc/common";
import { newObject, newSim, openSession } from "./helpers";

function touchCustomer(s: ReturnType<typeof openSession>, no: string, city: string) {
  const c = newObject(s, "AR_Customer_bus", "AR_Customer_ui");
  c.nSetKeyValue("ARDivisionNo$", "00");
  c.nSetKey(no);
  c.nSetValue("CustomerName$", `Customer ${no}`);
  c.nSetValue("City$", city);
  expect(c.nWrite()).toBe(1);
  c.DropObject();
}

describe("ODBC-style structured query", () => {
  it("filters, key order, paging and ODBC formatting (dates YYYY-MM-DD)", () => {
    const { sim } = newSim();
    const q = sim.query("ABC", {
      table: "ar_customer",
      columns: ["CustomerNo", "DateEstablished", "CreditLimit"],
      where: [{ column: "CreditLimit", op: ">=", value: 10000 }],
      top: 2,
    });
    expect(q.rows).toEqual([
      { CustomerNo: "ACME", DateEstablished: "2024-01-15", CreditLimit: 25000 },
      { CustomerNo: "BLUESKY", DateEstablished: "2024-01-15", CreditLimit: 10000 },
    ]);
    expect([q.total, q.nextOffset]).toEqual([4, 2]);
    const page2 = sim.query("ABC", {
      table: "AR_Customer",
      columns: ["CustomerNo"],
      where: [{ column: "CreditLimit", op: ">=", value: 10000 }],
      top: 2,
      offset: 2,
    });
    expect(page2.rows.map((r) => r.CustomerNo)).toEqual(["CITYHALL", "FOXTROT"]);
    expect(page2.nextOffset).toBeNull();
    const like = sim.query("ABC", {
      table: "CI_Item",
      columns: ["ItemCode"],
      where: [
        { column: "ItemCode", op: "like", value: "/%" },
        { column: "ItemType", op: "in", value: ["3", "4"] },
      ],
    });
    expect(like.rows.map((r) => r.ItemCode)).toEqual(["/C", "/FREIGHT"]);
    expect(() => sim.query("ABC", { table: "NOPE" })).toThrow(OdbcError);
    expect(() => sim.query("ABC", { table: "AR_Customer", columns: ["Nope"] })).toThrow(/Column not found/);
  });

  it("DateUpdated/TimeUpdated high-water marks compare decimal hours numerically", () => {
    const { sim, clock } = newSim();
    const s = openSession(sim);
    const base = sim.query("ABC", { table: "AR_Customer", updatedSince: { date: "2025-03-15", time: 0 } });
    expect(base.rows).toHaveLength(0);
    clock.set("2025-03-15T09:30:00Z"); // "9.5"
    touchCustomer(s, "EARLY", "A");
    clock.set("2025-03-15T10:15:00Z"); // "10.25": lexically smaller than "9.5"
    touchCustomer(s, "LATER", "B");
    const first = sim.query("ABC", {
      table: "AR_Customer",
      columns: ["CustomerNo", "TimeUpdated"],
      updatedSince: { date: "20250315", time: "0" },
    });
    expect(first.rows.map((r) => r.CustomerNo)).toEqual(["EARLY", "LATER"]);
    expect(first.highWater).toEqual({ date: "2025-03-15", time: "10.25" });
    const mark = first.highWater ?? { date: "", time: "" };
    expect(sim.query("ABC", { table: "AR_Customer", updatedSince: mark }).rows).toHaveLength(0);
    expect(sim.query("ABC", { table: "AR_Customer", updatedSince: { ...mark, inclusive: true } }).rows).toHaveLength(1);
    clock.set("2025-03-16T08:00:00Z");
    touchCustomer(s, "EARLY", "C");
    const next = sim.query("ABC", { table: "AR_Customer", columns: ["CustomerNo", "City"], updatedSince: mark });
    expect(next.rows).toEqual([{ CustomerNo: "EARLY", City: "C" }]);
    expect(next.highWater).toEqual({ date: "2025-03-16", time: "8" });
  });

  it("warehouse quantity changes are visible through IM_ItemWarehouse audit stamps", () => {
    const { sim, clock } = newSim();
    clock.set("2025-03-20T12:00:00Z");
    sim.adjustInventory("ABC", "DESK-OAK", "001", 4);
    const changed = sim.query("ABC", {
      table: "IM_ItemWarehouse",
      columns: ["ItemCode", "WarehouseCode", "QuantityOnHand"],
      updatedSince: { date: "2025-03-19" },
    });
    expect(changed.rows).toEqual([{ ItemCode: "DESK-OAK", WarehouseCode: "001", QuantityOnHand: 4 }]);
  });
});

describe("ODBC SQL subset", () => {
  it("SELECT with TOP, {d} escapes, parameters, ORDER BY, COUNT(*) and SY_Company", () => {
    const { sim } = newSim();
    const r = sim.sql(
      "ABC",
      "SELECT TOP 2 CustomerNo, CreditLimit FROM AR_Customer WHERE DateEstablished >= {d '2024-01-01'} AND State = ? ORDER BY CreditLimit DESC",
      ["CA"],
    );
    expect(r.rows).toEqual([
      { CustomerNo: "ACME", CreditLimit: 25000 },
      { CustomerNo: "FOXTROT", CreditLimit: 15000 },
    ]);
    expect(sim.sql("ABC", "select count(*) from CI_Item where InactiveItem = 'Y'").rows).toEqual([{ "COUNT(*)": 1 }]);
    expect(sim.sql("ABC", "SELECT CompanyCode FROM SY_Company").rows.map((x) => x.CompanyCode)).toEqual(["ABC", "XYZ"]);
    expect(
      sim.sql(
        "ABC",
        "SELECT ItemCode FROM CI_Item WHERE (ItemType = '3' OR ItemType = '4') AND NOT ItemCode LIKE '/F%'",
      ).rows,
    ).toEqual([{ ItemCode: "/C" }]);
    expect(() => sim.sql("ABC", "SELECT * FROM AR_Customer WHERE State = ?", [])).toThrow(/Wrong number of parameters/);
  });

  it("is read-only and follows the dialect: LIMIT/OFFSET only in pxplus; joins/UNION are refused", () => {
    const { sim } = newSim();
    expect(() => sim.sql("ABC", "UPDATE AR_Customer SET City = 'X'")).toThrow(/read-only/);
    expect(() => sim.sql("ABC", "DELETE FROM AR_Customer")).toThrow(/read-only/);
    expect(() => sim.sql("ABC", "SELECT CustomerNo FROM AR_Customer LIMIT 2")).toThrow(/ProvideX 4.x grammar/);
    const px = sim.sql("ABC", "SELECT CustomerNo FROM AR_Customer ORDER BY CustomerNo LIMIT 2 OFFSET 1", [], "pxplus");
    expect(px.rows.map((x) => x.CustomerNo)).toEqual(["BLUESKY", "CITYHALL"]);
    expect(() => sim.sql("ABC", "SELECT CustomerNo FROM AR_Customer UNION SELECT VendorNo FROM AP_Vendor")).toThrow(
      OdbcError,
    );
    expect(() => sim.sql("ABC", "SELECT * FROM {oj AR_Customer LEFT OUTER JOIN AR_OpenInvoice ON 1=1}")).toThrow(
      /not simulated/,
    );
  });

  it("string columns compare lexically, so TimeUpdated > '9.5' misses '10.25' (the real driver's trap)", () => {
    const { sim, clock } = newSim();
    const s = openSession(sim);
    clock.set("2025-03-15T10:15:00Z");
    touchCustomer(s, "LATER", "B");
    expect(
      sim.sql("ABC", "SELECT CustomerNo FROM AR_Customer WHERE DateUpdated = {d '2025-03-15'} AND TimeUpdated > '9.5'")
        .rows,
    ).toHaveLength(0);
    expect(sim.sql("ABC", "SELECT CustomerNo FROM AR_Customer WHERE DateUpdated >= {d '2025-03-15'}").rows).toEqual([
      { CustomerNo: "LATER" },
    ]);
  });
});
