// Real HTTP (listen on port 0) against one simulator instance that is also driven in-process through BOI.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSage100Server } from "../http/server";
import { newObject, newSim, openSession } from "./helpers";

const { sim } = newSim();
let base = "";
let close: () => Promise<void> = async () => undefined;
const ADMIN = { "x-admin-key": "test-admin", "content-type": "application/json" };

beforeAll(async () => {
  const server = createSage100Server(sim, { adminKey: "test-admin" });
  const running = await server.listen(0);
  base = running.url;
  close = running.close;
});
afterAll(async () => {
  await close();
});

const getJson = async (path: string, init?: RequestInit) => {
  const res = await fetch(`${base}${path}`, init);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe("HTTP endpoints", () => {
  it("health and company listing", async () => {
    expect((await getJson("/health")).body.ok).toBe(true);
    const { body } = await getJson("/companies");
    expect((body.companies as Array<{ code: string }>).map((c) => c.code)).toEqual(["ABC", "XYZ"]);
    expect((await getJson("/companies/QQQ/tables")).status).toBe(404);
  });

  it("inspection endpoints dump tables as JSON and see writes made through BOI in the same process", async () => {
    const c = newObject(openSession(sim), "AR_Customer_bus", "AR_Customer_ui");
    c.nSetKeyValue("ARDivisionNo$", "00");
    c.nSetKey("HTTPCO");
    c.nSetValue("CustomerName$", "Over HTTP Inc.");
    expect(c.nWrite()).toBe(1);
    const tables = await getJson("/companies/ABC/tables");
    const list = tables.body.tables as Array<{ name: string; rows: number }>;
    expect(list.find((t) => t.name === "AR_Customer")?.rows).toBe(7);
    const one = await getJson("/companies/ABC/tables/AR_Customer?limit=1&offset=6");
    expect((one.body.rows as Array<Record<string, unknown>>)[0]?.CustomerNo).toBe("HTTPCO");
    expect(one.body.total).toBe(7);
    const filtered = await getJson("/companies/ABC/tables/AR_OpenInvoice?customerNo=BLUESKY");
    expect((filtered.body.rows as Array<Record<string, unknown>>).map((r) => r.InvoiceNo)).toEqual(["0000102"]);
    const dump = await getJson("/companies/ABC/inspect?tables=AR_Customer,GL_Account");
    expect(Object.keys(dump.body.tables as object)).toEqual(["AR_Customer", "GL_Account"]);
    expect((await getJson("/companies/ABC/tables/NoTable")).status).toBe(404);
  });

  it("ODBC-style GET and POST queries, and SQL", async () => {
    const get = await getJson("/companies/ABC/odbc/AR_Customer?columns=CustomerNo,State&eq.State=NY");
    expect(get.body.rows).toEqual([{ CustomerNo: "BLUESKY", State: "NY" }]);
    const since = await getJson(
      "/companies/ABC/odbc/AR_Customer?columns=CustomerNo&updatedSince=2025-03-15&updatedSinceTime=10",
    );
    expect(since.body.rows).toEqual([{ CustomerNo: "HTTPCO" }]);
    const post = await getJson("/companies/ABC/odbc/query", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        table: "CI_Item",
        columns: ["ItemCode"],
        where: [{ column: "InactiveItem", op: "=", value: "Y" }],
      }),
    });
    expect(post.body.rows).toEqual([{ ItemCode: "OLD-MODEL-X" }]);
    const sql = await getJson("/companies/ABC/odbc/sql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sql: "SELECT TOP 1 VendorNo FROM AP_Vendor WHERE VendorStatus = ?", params: ["I"] }),
    });
    expect(sql.body.rows).toEqual([{ VendorNo: "OLDVEND" }]);
    const bad = await getJson("/companies/ABC/odbc/sql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sql: "INSERT INTO AP_Vendor VALUES (1)" }),
    });
    expect(bad.status).toBe(400);
    expect((bad.body.error as { sqlState: string }).sqlState).toBe("HY000");
  });

  it("admin endpoints require the admin key", async () => {
    expect((await getJson("/admin/state")).status).toBe(401);
    expect((await getJson("/admin/state", { headers: { "x-admin-key": "wrong" } })).status).toBe(401);
    const state = await getJson("/admin/state", { headers: ADMIN });
    expect(state.status).toBe(200);
    expect((state.body.clock as { controllable: boolean }).controllable).toBe(true);
  });

  it("faults switched over HTTP take effect on BOI objects", async () => {
    const c = newObject(openSession(sim), "AR_Customer_bus", "AR_Customer_ui");
    const patch = await getJson("/admin/faults", {
      method: "PATCH",
      headers: ADMIN,
      body: JSON.stringify({ lockedRecords: [{ table: "AR_Customer", match: { CustomerNo: "ACME" } }] }),
    });
    expect(patch.status).toBe(200);
    c.nSetKeyValue("ARDivisionNo$", "00");
    expect(c.nSetKey("ACME")).toBe(0);
    expect(
      (await getJson("/admin/faults", { method: "PATCH", headers: ADMIN, body: JSON.stringify({ slowWritesMs: -5 }) }))
        .status,
    ).toBe(400);
    await getJson("/admin/faults", { method: "DELETE", headers: ADMIN });
    expect(c.nSetKey("ACME")).toBe(1);
    c.nClear();
    const dropped = await getJson("/admin/sessions/drop", {
      method: "POST",
      headers: ADMIN,
      body: JSON.stringify({ mode: "dead" }),
    });
    expect(dropped.body.dropped as number).toBeGreaterThan(0);
    expect(c.nSetKey("ACME")).toBe(0);
  });

  it("clock, inventory adjustment, options and company reset", async () => {
    const clock = await getJson("/admin/clock", {
      method: "POST",
      headers: ADMIN,
      body: JSON.stringify({ set: "2025-04-01T08:00:00Z" }),
    });
    expect(clock.body.now).toBe("2025-04-01T08:00:00.000Z");
    await getJson("/admin/clock", { method: "POST", headers: ADMIN, body: JSON.stringify({ advanceDays: 1 }) });
    const adj = await getJson("/admin/companies/ABC/inventory", {
      method: "POST",
      headers: ADMIN,
      body: JSON.stringify({ itemCode: "chair-ergo", warehouseCode: "000", quantity: -5 }),
    });
    expect((adj.body.itemWarehouse as Record<string, unknown>).QuantityOnHand).toBe(20);
    expect((adj.body.itemWarehouse as Record<string, unknown>).DateUpdated).toBe("20250402");
    const opts = await getJson("/admin/companies/ABC/options", {
      method: "PATCH",
      headers: ADMIN,
      body: JSON.stringify({ batchProcessing: { AR_INVOICE: false } }),
    });
    expect((opts.body.options as { batchProcessing: Record<string, boolean> }).batchProcessing).toMatchObject({
      AR_INVOICE: false,
      AR_CASH: true,
    });
    const created = await getJson("/admin/companies/TST/reset", {
      method: "POST",
      headers: ADMIN,
      body: JSON.stringify({ template: "minimal", name: "Test Co" }),
    });
    expect((created.body.company as { code: string }).code).toBe("TST");
    expect(((await getJson("/companies")).body.companies as unknown[]).length).toBe(3);
    await getJson("/admin/companies/ABC/reset", { method: "POST", headers: ADMIN, body: "{}" });
    expect(sim.company("ABC").t("AR_Customer").has(["00", "HTTPCO"])).toBe(false);
    expect((await getJson("/admin/companies/TST", { method: "DELETE", headers: ADMIN })).body.deleted).toBe(true);
  });
});
