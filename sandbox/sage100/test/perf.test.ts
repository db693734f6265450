// Guards against accidental O(n^2) paths: thousands of A/R invoices through BOI and one update stay fast.
import { describe, expect, it } from "vitest";
import { get, newObject, newSim, openSession, ref } from "./helpers";

describe("throughput", () => {
  it("writes 5,000 A/R invoices in one batch and posts them within a few seconds", () => {
    const { sim } = newSim();
    const s = openSession(sim);
    const inv = newObject(s, "AR_Invoice_bus", "AR_Invoice_ui");
    const batch = ref();
    inv.nSelectNewBatch(batch, "N", "perf");
    const no = ref();
    const started = Date.now();
    for (let i = 0; i < 5000; i++) {
      inv.nGetNextInvoiceNo(no);
      inv.nSetKeyValue("InvoiceNo$", no.value);
      inv.nSetKey();
      inv.nSetValue("CustomerNo$", i % 2 ? "ACME" : "CITYHALL");
      inv.oLines.nAddLine();
      inv.oLines.nSetValue("ItemCode$", "/SERVICE");
      inv.oLines.nSetValue("UnitPrice", 10 + (i % 7));
      inv.oLines.nWrite();
      expect(inv.nWrite()).toBe(1);
    }
    inv.DropObject();
    const upd = newObject(s, "AR_SalesJournal_upd", "AR_SalesJournal_ui");
    upd.nSelectBatch(batch.value);
    upd.nProcessReport("PRINT");
    expect(upd.nUpdate()).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(sim.company("ABC").t("AR_OpenInvoice").size).toBe(5003);
    const svc = s.script.NewObject("AR_OpenInvoice_svc", s.session);
    svc.nSetKeyValue("ARDivisionNo$", "00");
    svc.nSetKeyValue("CustomerNo$", "ACME");
    svc.nSetKeyValue("InvoiceNo$", no.value);
    expect(svc.nFind("IN")).toBe(1);
    expect(get(svc, "Balance")).toBe(10 + (4999 % 7));
  });
});
