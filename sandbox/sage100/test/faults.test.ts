import { describe, expect, it } from "vitest";
import { ComError } from "../boi/errors";
import { MESSAGES, formatMessage } from "../messages";
import { createArInvoice, newObject, newSim, openSession } from "./helpers";

describe("faults switchable at run time", () => {
  it("lockedRecords: matching records are 'in use by another user'", () => {
    const { sim } = newSim();
    sim.faults.update({ lockedRecords: [{ table: "AR_Customer", match: { CustomerNo: "ACME" } }] });
    const c = newObject(openSession(sim), "AR_Customer_bus", "AR_Customer_ui");
    c.nSetKeyValue("ARDivisionNo$", "00");
    expect(c.nSetKey("ACME")).toBe(0);
    expect(c.sLastErrorMsg).toBe(MESSAGES.RECORD_LOCKED.text);
    expect(c.nSetKey("BLUESKY")).toBe(1);
    sim.faults.reset();
    expect(c.nSetKey("ACME")).toBe(1);
  });

  it("batchesInUse: nSelectBatch and the update fail", () => {
    const { sim } = newSim();
    const s = openSession(sim);
    const { batchNo, inv } = createArInvoice(s);
    inv.DropObject();
    sim.faults.update({ batchesInUse: [{ company: "ABC", batchNo: "1" }] });
    const again = newObject(s, "AR_Invoice_bus", "AR_Invoice_ui");
    expect(again.nSelectBatch(batchNo)).toBe(0);
    expect(again.sLastErrorMsg).toBe(formatMessage("BATCH_IN_USE", { batch: batchNo }).text);
    const upd = newObject(s, "AR_SalesJournal_upd", "AR_SalesJournal_ui");
    expect(upd.nSelectBatch(batchNo)).toBe(0);
  });

  it("slowWritesMs and slowCallsMs block synchronously", () => {
    const { sim } = newSim();
    const c = newObject(openSession(sim), "AR_Customer_bus", "AR_Customer_ui");
    c.nSetKeyValue("ARDivisionNo$", "00");
    c.nSetKey("ACME");
    sim.faults.update({ slowWritesMs: 120 });
    let t = Date.now();
    expect(c.nWrite()).toBe(1);
    expect(Date.now() - t).toBeGreaterThanOrEqual(110);
    sim.faults.update({ slowWritesMs: 0, slowCallsMs: 60 });
    t = Date.now();
    c.nSetKeyValue("ARDivisionNo$", "00");
    c.nFind("ACME");
    expect(Date.now() - t).toBeGreaterThanOrEqual(110);
  });

  it("sessionFailure 'exception' throws on every call; 'dead' returns 0 with an empty message", () => {
    const { sim } = newSim();
    const s = openSession(sim);
    const c = newObject(s, "AR_Customer_bus", "AR_Customer_ui");
    const inv = newObject(s, "AR_Invoice_bus", "AR_Invoice_ui");
    sim.faults.update({ sessionFailure: "exception" });
    expect(() => c.nFind("ACME")).toThrow(ComError);
    expect(() => s.session.nSetCompany("ABC")).toThrow(/remote procedure call failed/);
    sim.faults.update({ sessionFailure: "dead" });
    c.nSetKeyValue("ARDivisionNo$", "00");
    expect(c.nFind("ACME")).toBe(0);
    expect(c.sLastErrorMsg).toBe("");
    expect(inv.oLines.nAddLine()).toBe(0);
    expect(inv.sLastErrorMsg).toBe("");
    sim.faults.update({ sessionFailure: null });
    c.nSetKeyValue("ARDivisionNo$", "00");
    expect(c.nFind("ACME")).toBe(1);
  });

  it("dropAllSessions / dropSessionsAfterCalls kill existing sessions (mid-command) while new sessions work", () => {
    const { sim } = newSim();
    const s = openSession(sim);
    const c = newObject(s, "AR_Customer_bus", "AR_Customer_ui");
    sim.faults.update({ dropSessionsAfterCalls: { calls: 2, mode: "dead" } });
    expect(c.nSetKeyValue("ARDivisionNo$", "00")).toBe(1);
    expect(c.nSetKey("ACME")).toBe(1);
    expect(c.nSetValue("City$", "X")).toBe(0);
    expect(c.nWrite()).toBe(0);
    expect(sim.sessionInfo().find((x) => x.id === s.session.id)?.killed).toBe("dead");
    const fresh = newObject(openSession(sim), "AR_Customer_bus", "AR_Customer_ui");
    fresh.nSetKeyValue("ARDivisionNo$", "00");
    expect(fresh.nSetKey("ACME")).toBe(1);
    expect(sim.dropAllSessions("exception")).toBeGreaterThanOrEqual(1);
    expect(() => fresh.nWrite()).toThrow(ComError);
  });

  it("licenseSeats: 0 seats => nSetCompany fails with the licence message", () => {
    const { sim } = newSim();
    sim.faults.update({ licenseSeats: 0 });
    expect(() => openSession(sim)).toThrow("No licenses available. All 0 Sage 100 user licenses are in use.");
  });

  it("exclusiveCompanies (period-end): new sessions and writes fail", () => {
    const { sim } = newSim();
    const c = newObject(openSession(sim), "AR_Customer_bus", "AR_Customer_ui");
    c.nSetKeyValue("ARDivisionNo$", "00");
    c.nSetKey("ACME");
    sim.faults.update({ exclusiveCompanies: ["abc"] });
    expect(c.nWrite()).toBe(0);
    expect(c.sLastErrorMsg).toBe(formatMessage("EXCLUSIVE_MODE", { company: "ABC" }).text);
    expect(() => openSession(sim)).toThrow(/in use exclusively/);
    expect(() => openSession(sim, { company: "XYZ" })).not.toThrow();
  });

  it("odbcLatencyMs slows ODBC reads", () => {
    const { sim } = newSim();
    sim.faults.update({ odbcLatencyMs: 80 });
    const t = Date.now();
    sim.query("ABC", { table: "GL_Account", top: 1 });
    expect(Date.now() - t).toBeGreaterThanOrEqual(70);
  });

  it("fault settings are validated", () => {
    const { sim } = newSim();
    expect(() => sim.faults.update({ slowWritesMs: -1 })).toThrow();
    expect(() => sim.faults.update({ sessionFailure: "zombie" as never })).toThrow();
  });
});
