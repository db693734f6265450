import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ControllableClock } from "../clock";
import { createSage100Simulator } from "../simulator";
import { createArInvoice, newObject, openSession } from "./helpers";

const dirs: string[] = [];
function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sage100-"));
  dirs.push(dir);
  return path.join(dir, "state.json");
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const clock = () => new ControllableClock({ start: "2025-03-15T10:30:00Z", frozen: true });

describe("persistence", () => {
  it("state survives a restart (records, counters, options), sessions and locks do not", () => {
    const file = tempFile();
    const sim1 = createSage100Simulator({ stateFile: file, clock: clock() });
    expect(fs.existsSync(file)).toBe(true);
    const s = openSession(sim1);
    const c = newObject(s, "AR_Customer_bus", "AR_Customer_ui");
    c.nSetKeyValue("ARDivisionNo$", "00");
    c.nSetKey("PERSIST");
    c.nSetValue("CustomerName$", "Persisted LLC");
    c.nWrite();
    const { invoiceNo, batchNo } = createArInvoice(s);
    c.nSetKeyValue("ARDivisionNo$", "00");
    c.nSetKey("ACME"); // holds a lock at "crash" time
    sim1.updateOptions("ABC", { restrictAccountingDate: true });
    sim1.close();

    const sim2 = createSage100Simulator({ stateFile: file, clock: clock() });
    const co = sim2.company("ABC");
    expect(co.t("AR_Customer").get(["00", "PERSIST"])?.CustomerName).toBe("Persisted LLC");
    expect(co.t("AR_InvoiceHeader").get([invoiceNo, "IN"])?.BatchNo).toBe(batchNo);
    expect(co.options.restrictAccountingDate).toBe(true);
    expect(co.counters.InvoiceNo).toBe(1002);
    expect(sim2.seatsInUse()).toBe(0);
    const c2 = newObject(openSession(sim2), "AR_Customer_bus", "AR_Customer_ui");
    c2.nSetKeyValue("ARDivisionNo$", "00");
    expect(c2.nSetKey("ACME")).toBe(1);
    const inv = newObject(openSession(sim2), "AR_Invoice_bus", "AR_Invoice_ui");
    expect(inv.nSelectBatch(batchNo)).toBe(1);
  });

  it("writes are debounced to the file", async () => {
    const file = tempFile();
    const sim = createSage100Simulator({ stateFile: file, clock: clock(), persistDebounceMs: 30 });
    const before = fs.readFileSync(file, "utf8");
    sim.adjustInventory("ABC", "WIDGET-100", "000", 1);
    expect(fs.readFileSync(file, "utf8")).toBe(before);
    await new Promise((r) => setTimeout(r, 120));
    const saved = JSON.parse(fs.readFileSync(file, "utf8")) as {
      companies: Array<{ code: string; tables: Record<string, Array<Record<string, unknown>>> }>;
    };
    const row = saved.companies
      .find((x) => x.code === "ABC")
      ?.tables.IM_ItemWarehouse?.find((r) => r.ItemCode === "WIDGET-100" && r.WarehouseCode === "000");
    expect(row?.QuantityOnHand).toBe(501);
  });

  it("an unreadable state file is set aside and the simulator starts from seed", () => {
    const file = tempFile();
    fs.writeFileSync(file, "{not json");
    const sim = createSage100Simulator({ stateFile: file, clock: clock() });
    expect(sim.listCompanies().map((c) => c.code)).toEqual(["ABC", "XYZ"]);
    expect(fs.readdirSync(path.dirname(file)).some((f) => f.includes(".corrupt-"))).toBe(true);
  });
});
