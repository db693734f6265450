// The key order a table keeps per write, and ODBC equality reads served from it: the same rows, in the same order,
// as a full scan of the table sorted by its key.
import { describe, expect, it } from "vitest";
import { Table } from "../tables/table";
import { buildSchema, n, s, table as tableDef } from "../tables/schema";
import type { Row } from "../tables/schema";
import { createArInvoice, newSim, openSession, postBatch } from "./helpers";

function fullScanInKeyOrder(table: Table): Row[] {
  return table.inKeyOrder([...table.values()]);
}

describe("a table's key order", () => {
  it("stays the order of a full sort through inserts, replacements and deletes, read between writes", () => {
    const table = new Table(buildSchema(tableDef("T", { key: ["A", "B"] }, [s("A", 4), n("B", 0), s("C", 10)])));
    let seed = 7;
    const random = (k: number) => (seed = (seed * 48271) % 2147483647) % k;
    for (let i = 0; i < 4_000; i++) {
      const a = `K${random(40)}`;
      const b = random(300);
      const op = random(10);
      if (op < 6) table.upsert({ A: a, B: b, C: `v${i}` });
      else if (op < 8) table.delete([a, b]);
      else table.patch([a, b], { C: `p${i}` });
      if (i % 97 === 0) expect(table.sorted()).toEqual(fullScanInKeyOrder(table));
      if (i % 89 === 0) expect(table.withKeyPrefix([a])).toEqual(fullScanInKeyOrder(table).filter((r) => r.A === a));
    }
    expect(table.sorted()).toEqual(fullScanInKeyOrder(table));
    // Numbers in a key order as numbers, not as text.
    expect(table.withKeyPrefix(["K1"]).map((r) => r.B)).toEqual(
      [...table.withKeyPrefix(["K1"]).map((r) => r.B as number)].sort((x, y) => x - y),
    );
  });
});

describe("ODBC equality reads", () => {
  it("answer exactly what a full scan in key order answers, on key prefixes, secondary indexes and neither", () => {
    const { sim } = newSim();
    const session = openSession(sim);
    const first = createArInvoice(session, { customer: "CITYHALL", lines: [{ item: "/SERVICE", price: 10 }] });
    for (let i = 1; i < 40; i++)
      createArInvoice(session, {
        customer: i % 3 ? "ACME" : "CITYHALL",
        lines: [{ item: "/SERVICE", price: 10 + i }],
        batch: first.batchNo,
      });
    expect(postBatch(session, "AR_SalesJournal_upd", "AR_SalesJournal_ui", first.batchNo).result).toBe(1);
    const pending = createArInvoice(session, { customer: "ACME", lines: [{ item: "/SERVICE", price: 5 }] });
    for (let i = 1; i < 10; i++)
      createArInvoice(session, { customer: "ACME", lines: [{ item: "/SERVICE", price: 5 }], batch: pending.batchNo });
    const company = sim.company("ABC");
    const cases: Array<{ table: string; columns: string[] }> = [
      { table: "AR_InvoiceHistoryHeader", columns: ["InvoiceNo", "InvoiceType"] }, // key prefix
      { table: "AR_InvoiceHistoryHeader", columns: ["ARDivisionNo", "CustomerNo"] }, // secondary index
      { table: "AR_OpenInvoice", columns: ["ARDivisionNo", "CustomerNo", "InvoiceNo", "InvoiceType"] }, // whole key
      { table: "AR_OpenInvoice", columns: ["InvoiceNo"] }, // index, not a key prefix
      { table: "AR_InvoiceHeader", columns: ["BatchNo"] },
      { table: "AR_InvoiceHistoryDetail", columns: ["InvoiceNo"] },
      { table: "AR_Customer", columns: ["City"] }, // neither: a full scan
    ];
    let compared = 0;
    for (const c of cases) {
      const table = company.t(c.table);
      const all = fullScanInKeyOrder(table);
      expect(all.length).toBeGreaterThan(0);
      for (const row of all.slice(0, 25)) {
        const where = c.columns.map((col) => `${col} = ?`).join(" AND ");
        const params = c.columns.map((col) => row[col] as string | number);
        const expected = all
          .filter((r) => c.columns.every((col) => r[col] === row[col]))
          .map((r) => r[table.schema.key[0]!]);
        const got = sim
          .sql("ABC", `SELECT * FROM ${c.table} WHERE ${where}`, params)
          .rows.map((r) => r[table.schema.key[0]!]);
        expect(got).toEqual(expected);
        // The structured query takes the same road.
        const structured = sim.query("ABC", {
          table: c.table,
          where: c.columns.map((col) => ({ column: col, op: "=" as const, value: row[col] as string | number })),
        });
        expect(structured.rows.map((r) => r[table.schema.key[0]!])).toEqual(expected);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(100);
    // Other conditions still apply on top of the key range; literals are converted as before.
    const posted = fullScanInKeyOrder(company.t("AR_InvoiceHistoryHeader"))[0]!;
    expect(
      sim.sql(
        "ABC",
        `SELECT InvoiceNo FROM AR_InvoiceHistoryHeader WHERE InvoiceNo = '${String(posted.InvoiceNo)}' AND InvoiceType = 'XX'`,
      ).rows,
    ).toEqual([]);
    // An OR is not narrowed to either side's index.
    const either = fullScanInKeyOrder(company.t("AR_InvoiceHistoryHeader")).filter(
      (r) => (r.ARDivisionNo === "00" && r.CustomerNo === "ACME") || r.CustomerNo === "CITYHALL",
    );
    expect(either.length).toBeGreaterThanOrEqual(40);
    expect(
      sim.sql(
        "ABC",
        "SELECT COUNT(*) FROM AR_InvoiceHistoryHeader WHERE ARDivisionNo = '00' AND CustomerNo = 'ACME' OR CustomerNo = 'CITYHALL'",
      ).rows[0],
    ).toEqual({ "COUNT(*)": either.length });
  });
});
