// The six master-data flows end to end: real Postgres, the KashFlow sandbox over HTTP, a real agent (simulator
// driver) over HTTP. Initial sync both ways, changes each way, ownership, echo suppression.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { saveSyncSettings, parseSyncSettings } from "../settings";
import {
  connectCompany,
  sageCustomer,
  sageStamps,
  sageTable,
  sageWrite,
  harnessForFile,
  type Company,
  type Harness,
} from "./testing/harness";

let h: Harness;
harnessForFile((started) => (h = started));

async function company(o: Parameters<typeof connectCompany>[1] = {}) {
  const c = await connectCompany(h, o);
  return c;
}

const ledger = (companyId: string, where: Record<string, unknown> = {}) =>
  db.syncRecord.findMany({ where: { companyId, ...where }, orderBy: { externalId: "asc" } });

describe("initial sync of a seeded company", () => {
  let c: Company;
  let demoCodes: string[];
  beforeAll(async () => {
    c = await company();
    demoCodes = (await c.kashflowClient.customers.sweep({ details: false })).records.map((r) => r.Code);
    await c.settle();
  }, 120_000);

  it("puts KashFlow's demo customers, suppliers and products into Sage 100", async () => {
    const kfCustomers = await ledger(c.companyId, {
      system: "KASHFLOW",
      model: "customer",
      externalId: { in: demoCodes },
    });
    expect(kfCustomers.length).toBeGreaterThanOrEqual(12);
    const sageCustomers = sageTable(c.sim, "AR_Customer");
    for (const r of kfCustomers) {
      const link = await db.entityLink.findUniqueOrThrow({
        where: { companyId_model_kashflowId: { companyId: c.companyId, model: "customer", kashflowId: r.externalId } },
      });
      const row = sageCustomers.find((s) => `${s.ARDivisionNo}-${s.CustomerNo}` === link.sage100Key);
      expect(row, r.externalId).toBeDefined();
      expect(String(row!.CustomerNo).length).toBeLessThanOrEqual(7);
      expect(row!.CustomerName).toBe(
        String((r.payload as { name: string }).name)
          .slice(0, 30)
          .trim(),
      );
      expect(r.status).toBe("SYNCED");
    }
    const vendors = await ledger(c.companyId, { system: "KASHFLOW", model: "supplier" });
    expect(vendors.length).toBeGreaterThan(0);
    expect(vendors.every((v) => v.status === "SYNCED")).toBe(true);
    // CONSULT lives under two nominals: two Sage items, neither overwriting the other.
    const consult = await db.entityLink.findMany({
      where: { companyId: c.companyId, model: "item", kashflowId: { in: ["4000/CONSULT", "4010/CONSULT"] } },
    });
    expect(consult.map((l) => l.sage100Key).sort()).toEqual(["/CONSULT", "/CONSULT-4010"]);
    expect(sageTable(c.sim, "CI_Item").find((i) => i.ItemCode === "WIDGET-A")).toMatchObject({
      ItemType: "1",
      TaxClass: "TX",
    });
  });

  it("puts Sage 100's seeded customers, vendors and items into KashFlow", async () => {
    const acme = await c.kashflowClient.customers.get("ACME");
    expect(acme).toMatchObject({ Name: "Acme Industrial Supply" });
    expect(acme.Addresses?.[0]).toMatchObject({
      Line1: "1200 Harbor Blvd",
      Line2: "Los Angeles, CA",
      PostCode: "90012",
      CountryCode: "US",
    });
    expect(acme.Contacts?.[0]).toMatchObject({ Email: "ap@acme.example.com" });
    expect(await c.kashflowClient.suppliers.get("OFFSUPP")).toMatchObject({ Name: "Office Supply Co." });
    expect(await c.kashflowClient.products.get(4000, "GADGET-200")).toMatchObject({
      Name: "Deluxe Gadget",
      ManageStockLevel: true,
    });
    expect(await c.kashflowClient.products.get(4000, "INSTALL")).toMatchObject({
      Name: "Installation",
      ManageStockLevel: false,
    });
    const sage = await ledger(c.companyId, { system: "SAGE100" });
    expect(
      sage.filter((r) => r.status !== "SYNCED").map((r) => `${r.model} ${r.externalId} ${r.status} ${r.errorMessage}`),
    ).toEqual([]);
  });

  it("a second full cycle writes nothing on either side", async () => {
    const kfWrites = h.counts.writes;
    const stamps = sageStamps(c.sim);
    c.clock.advance(3_600_000);
    const commands = await db.sage100Command.count({
      where: { companyId: c.companyId, type: { startsWith: "upsert" } },
    });
    const results = await c.cycle();
    await c.cycle();
    expect(h.counts.writes - kfWrites).toBe(0);
    expect(await db.sage100Command.count({ where: { companyId: c.companyId, type: { startsWith: "upsert" } } })).toBe(
      commands,
    );
    expect(sageStamps(c.sim)).toEqual(stamps);
    for (const r of Object.values(results)) expect(r.counts).toMatchObject({ SYNCED: 0, FAILED: 0, HELD: 0 });
  });
});

/** A KashFlow customer that came from KashFlow's demo data, and its Sage 100 customer number. */
async function kashflowOriginCustomer(c: Company): Promise<{ code: string; customerNo: string }> {
  const link = await db.entityLink.findFirstOrThrow({
    where: {
      companyId: c.companyId,
      model: "customer",
      kashflowId: { not: { startsWith: "A" } },
      sage100Key: { startsWith: "00-" },
    },
    orderBy: { kashflowId: "asc" },
  });
  return { code: link.kashflowId, customerNo: link.sage100Key.slice(3) };
}

const sageRow = (c: Company, customerNo: string) =>
  sageTable(c.sim, "AR_Customer").find((r) => r.CustomerNo === customerNo)!;

/** Nothing left to carry: two more full cycles write nothing anywhere. */
async function expectQuiet(c: Company) {
  const kfWrites = h.counts.writes;
  const upserts = await db.sage100Command.count({ where: { companyId: c.companyId, type: { startsWith: "upsert" } } });
  const stamps = sageStamps(c.sim);
  await c.cycle();
  await c.cycle();
  expect(h.counts.writes - kfWrites, "KashFlow writes").toBe(0);
  expect(
    await db.sage100Command.count({ where: { companyId: c.companyId, type: { startsWith: "upsert" } } }),
    "Sage 100 upserts",
  ).toBe(upserts);
  expect(sageStamps(c.sim)).toEqual(stamps);
}

describe("changes after the first sync", () => {
  it("a change on each side reaches the other: KashFlow's name, Sage 100's terms and item price", async () => {
    const c = await company();
    await c.settle();
    const { code, customerNo } = await kashflowOriginCustomer(c);
    await c.kashflowClient.customers.update(code, { Name: "Renamed In KashFlow Ltd" });
    sageCustomer(c.sim, customerNo, { TermsCode: "03" });
    sageWrite(c.sim, {
      object: "CI_ItemCode_bus",
      task: "CI_ItemCode_ui",
      module: "C/I",
      key: { ItemCode: "WIDGET-A" },
      values: { StandardUnitPrice: 26.5 },
    });
    await c.settle();
    expect(sageRow(c, customerNo)).toMatchObject({ CustomerName: "Renamed In KashFlow Ltd", TermsCode: "03" });
    expect((await c.kashflowClient.customers.get(code)).PaymentTerms).toMatchObject({
      Type: "AfterIssuedDate",
      Days: 15,
    });
    expect((await c.kashflowClient.products.get(4000, "WIDGET-A")).Price).toBe("26.5");
    await expectQuiet(c);
  }, 60_000);

  it("conflicting edits follow the default owners: KashFlow's name, Sage 100's credit terms", async () => {
    const c = await company();
    await c.settle();
    const { code, customerNo } = await kashflowOriginCustomer(c);
    await c.kashflowClient.customers.update(code, {
      Name: "Name From KashFlow",
      PaymentTerms: { Type: "AfterIssuedDate", Days: 15 },
    });
    sageCustomer(c.sim, customerNo, { CustomerName: "Name From Sage", TermsCode: "02" });
    await c.settle();
    expect(sageRow(c, customerNo)).toMatchObject({ CustomerName: "Name From KashFlow", TermsCode: "02" });
    expect(await c.kashflowClient.customers.get(code)).toMatchObject({
      Name: "Name From KashFlow",
      PaymentTerms: { Type: "AfterIssuedDate", Days: 30 },
    });
    await expectQuiet(c);
  }, 60_000);

  it("with most-recent-wins, the side whose record changed later wins the group, either way round", async () => {
    const c = await company();
    await saveSyncSettings(c.companyId, parseSyncSettings({ ownership: { names: "MOST_RECENT" } }));
    await c.settle();
    const { code, customerNo } = await kashflowOriginCustomer(c);
    // Sage 100's edit is an hour after KashFlow's.
    await c.kashflowClient.customers.update(code, { Name: "Earlier KashFlow Name" });
    c.clock.set(h.kashflow.clock.now() + 3_600_000);
    sageCustomer(c.sim, customerNo, { CustomerName: "Later Sage Name" });
    await c.settle();
    expect(sageRow(c, customerNo).CustomerName).toBe("Later Sage Name");
    expect((await c.kashflowClient.customers.get(code)).Name).toBe("Later Sage Name");
    // Now KashFlow's edit is the later one.
    c.clock.set(h.kashflow.clock.now() + 3_600_000 + 60_000);
    sageCustomer(c.sim, customerNo, { CustomerName: "Earlier Sage Name" });
    h.kashflow.clock.advance(2 * 3_600_000);
    await c.kashflowClient.customers.update(code, { Name: "Later KashFlow Name" });
    await c.settle();
    expect(sageRow(c, customerNo).CustomerName).toBe("Later KashFlow Name");
    expect((await c.kashflowClient.customers.get(code)).Name).toBe("Later KashFlow Name");
    await expectQuiet(c);
  }, 60_000);

  it("a customer deleted in KashFlow becomes inactive in Sage 100 after the grace window, never deleted", async () => {
    const c = await company();
    await c.settle();
    const { code, customerNo } = await kashflowOriginCustomer(c);
    await c.kashflowClient.customers.delete(code);
    await c.cycle();
    expect(sageRow(c, customerNo).CustomerStatus).toBe("A");
    await c.settle();
    expect(sageRow(c, customerNo).CustomerStatus).toBe("I");
    const record = await db.syncRecord.findFirstOrThrow({
      where: { companyId: c.companyId, system: "KASHFLOW", model: "customer", externalId: code },
    });
    expect(record).toMatchObject({ status: "SYNCED", deletedAt: expect.any(Date) });
    await expectQuiet(c);
  }, 60_000);
});
