// Read-only service objects over reference tables and warehouse quantities.
import { describe, expect, it } from "vitest";
import { get, newSim, openSession } from "./helpers";

describe("_svc objects", () => {
  it("IM_ItemWarehouse_svc reads quantities per item and warehouse", () => {
    const { sim } = newSim();
    const s = openSession(sim, { module: "I/M" });
    const svc = s.script.NewObject("IM_ItemWarehouse_svc", s.session);
    svc.nSetKeyValue("ItemCode$", "widget-100");
    expect(svc.nFind("001")).toBe(1);
    expect(get(svc, "QuantityOnHand")).toBe(120);
    sim.adjustInventory("ABC", "WIDGET-100", "001", -20);
    svc.nSetKeyValue("ItemCode$", "WIDGET-100");
    svc.nFind("001");
    expect(get(svc, "QuantityOnHand")).toBe(100);
    expect(svc.nSetKey("001")).toBe(0);
    expect(svc.sLastErrorMsg).toBe("IM_ItemWarehouse_svc is a read-only object.");
  });

  it("terms, salespersons, tax schedules/classes and divisions browse in key order", () => {
    const { sim } = newSim();
    const s = openSession(sim);
    const list = (name: string, col: string) => {
      const o = s.script.NewObject(name, s.session);
      const out: unknown[] = [];
      for (let r = o.nMoveFirst(); r === 1; r = o.nMoveNext()) out.push(get(o, col));
      expect(o.nEOF).toBe(1);
      return out;
    };
    expect(list("AR_TermsCode_svc", "TermsCodeDesc$")).toEqual([
      "Due upon receipt",
      "Net 30 Days",
      "2% 10 Net 30",
      "Net 15 Days",
    ]);
    expect(list("AR_Salesperson_svc", "SalespersonNo$")).toEqual(["0100", "0200"]);
    expect(list("SY_SalesTaxSchedule_svc", "TaxSchedule$")).toEqual(["EAST", "NONTAX", "WEST"]);
    expect(list("SY_SalesTaxClass_svc", "TaxClass$")).toEqual(["NT", "TX"]);
    expect(list("AR_Division_svc", "ARAccountKey$")).toEqual(["000000003"]);
    const xyz = openSession(sim, { company: "XYZ" });
    const div = xyz.script.NewObject("AR_Division_svc", xyz.session);
    div.nMoveFirst();
    expect(get(div, "ARDivisionNo$")).toBe("01");
  });
});
