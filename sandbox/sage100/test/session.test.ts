import { describe, expect, it } from "vitest";
import { ComError } from "../boi/errors";
import { MESSAGES } from "../messages";
import { DEFAULT_HOME_PATH } from "../simulator";
import { newObject, newSim, openSession, type Com } from "./helpers";

describe("ProvideX.Script", () => {
  it("Init rejects a path that is not MAS90\\Home with a COM exception", () => {
    const { sim } = newSim();
    const script: Com = sim.createScript();
    expect(() => script.Init("C:\\Temp")).toThrow(ComError);
    expect(() => script.NewObject("SY_Session")).toThrow(/Init must be called/);
    script.Init(DEFAULT_HOME_PATH);
    expect(script.NewObject("SY_Session")).toBeTruthy();
  });

  it("createObject only knows ProvideX.Script", () => {
    const { sim } = newSim();
    expect(sim.createObject("ProvideX.Script")).toBeTruthy();
    expect(() => sim.createObject("Excel.Application")).toThrow(ComError);
  });

  it("NewObject throws for unknown classes, for bus objects before nSetProgram, and across Script instances", () => {
    const { sim } = newSim();
    const { script, session } = openSession(sim);
    expect(() => script.NewObject("AR_Nonsense_bus", session)).toThrow(/not found/);
    expect(() => script.NewObject("AR_Customer_bus", session)).toThrow(/nSetProgram/);
    expect(() => script.NewObject("AR_Customer_bus")).toThrow(/requires an SY_Session/);
    session.nSetProgram(session.nLookupTask("AR_Customer_ui"));
    const other: Com = sim.createScript();
    other.Init(DEFAULT_HOME_PATH);
    expect(() => other.NewObject("AR_Customer_bus", session)).toThrow(/requires an SY_Session/);
    expect(script.NewObject("ar_customer_BUS", session)).toBeTruthy();
  });

  it("unknown members and calls on dropped objects throw like IDispatch", () => {
    const { sim } = newSim();
    const s = openSession(sim);
    const cust = newObject(s, "AR_Customer_bus", "AR_Customer_ui");
    expect(() => cust.nFrobnicate()).toThrow(/Unknown name/);
    expect(cust.DropObject()).toBe(1);
    expect(() => cust.nSetKey("X")).toThrow(/released/);
  });
});

describe("SY_Session", () => {
  it("bad password and unknown company return 0 with a message", () => {
    const { sim } = newSim();
    const script: Com = sim.createScript();
    script.Init(DEFAULT_HOME_PATH);
    const ss: Com = script.NewObject("SY_Session");
    expect(ss.nSetUser("ledgerlink", "wrong")).toBe(0);
    expect(ss.sLastErrorMsg).toBe(MESSAGES.BAD_LOGIN.text);
    expect(ss.nLogon()).toBe(0);
    expect(ss.nSetUser("LedgerLink", "ledgerlink")).toBe(1);
    expect(ss.sLastErrorMsg).toBe("");
    expect(ss.nSetCompany("QQQ")).toBe(0);
    expect(ss.sLastErrorMsg).toBe("Company QQQ does not exist.");
    expect(ss.nSetCompany("abc")).toBe(1);
    expect(ss.sCompanyCode).toBe("ABC");
  });

  it("module, date and task look-ups", () => {
    const { sim } = newSim();
    const { session } = openSession(sim, { module: "S/O", date: "20250320" });
    expect(session.sModuleCode).toBe("S/O");
    expect(session.sModuleDate).toBe("20250320");
    expect(session.nSetModule("X/Y")).toBe(0);
    expect(session.nSetDate("S/O", "2025-03-20")).toBe(0);
    expect(session.nLookupTask("SO_SalesOrder_ui")).toBeGreaterThan(0);
    expect(session.nLookupTask("so_salesorder_UI")).toBe(session.nLookupTask("SO_SalesOrder_ui"));
    expect(session.nLookupTask("Nope_ui")).toBe(0);
    expect(session.nSetProgram(0)).toBe(0);
    const name = { value: "" };
    const date = { value: "" };
    expect(session.nGetModuleInfo("S/O", name, date)).toBe(1);
    expect(date.value).toBe("20250320");
  });

  it("a user without rights gets No Access from nSetProgram and NewObject", () => {
    const { sim } = newSim();
    const { script, session } = openSession(sim, { user: "readonly" });
    expect(session.nSetProgram(session.nLookupTask("AR_Customer_ui"))).toBe(0);
    expect(session.sLastErrorMsg).toBe(MESSAGES.NO_ACCESS.text);
    session.nSetProgram(session.nLookupTask("IM_ItemInquiry_ui"));
    expect(() => script.NewObject("AR_Customer_bus", session)).toThrow(/No Access/);
    const svc: Com = script.NewObject("AR_Customer_svc", session);
    svc.nSetKeyValue("ARDivisionNo$", "00");
    expect(svc.nFind("ACME")).toBe(1);
    expect(svc.nSetKey("ACME")).toBe(0);
  });

  it("licence seats are counted per session with a company and freed by DropObject", () => {
    const { sim } = newSim({ licenseSeats: 2 });
    const a = openSession(sim);
    openSession(sim);
    const script: Com = sim.createScript();
    script.Init(DEFAULT_HOME_PATH);
    const third: Com = script.NewObject("SY_Session");
    third.nSetUser("ledgerlink", "ledgerlink");
    expect(third.nSetCompany("ABC")).toBe(0);
    expect(third.sLastErrorMsg).toBe("No licenses available. All 2 Sage 100 user licenses are in use.");
    a.session.DropObject();
    expect(third.nSetCompany("ABC")).toBe(1);
  });

  it("switching company re-initialises the program and DropObject releases child objects", () => {
    const { sim } = newSim();
    const s = openSession(sim, { task: "AR_Customer_ui" });
    const cust = s.script.NewObject("AR_Customer_bus", s.session);
    expect(s.session.nSetCompany("XYZ")).toBe(1);
    expect(s.session.nProgram).toBe(0);
    expect(() => s.script.NewObject("AR_Customer_bus", s.session)).toThrow(/nSetProgram/);
    expect(s.session.nCleanup()).toBe(1);
    s.session.DropObject();
    expect(() => cust.nFind("ACME")).toThrow(/released/);
    expect(sim.seatsInUse()).toBe(0);
  });
});
