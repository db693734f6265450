// A Sage 100 customer whose name holds a NUL byte or a broken UTF-16 character: it reaches KashFlow with the text
// cleaned and a warning on its record saying what was cleaned — whether the agent cleaned it or the server did — and
// the change feed carries on past it.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { connectCompany, harnessForFile, sageCustomer, type Company, type Harness } from "../testing/harness";

let h: Harness;
harnessForFile((started) => (h = started));

const sageRecord = (c: Company, customerNo: string) =>
  db.syncRecord.findFirstOrThrow({
    where: { companyId: c.companyId, system: "SAGE100", model: "customer", externalId: `00-${customerNo}` },
  });

async function kashflowName(c: Company, customerNo: string): Promise<string | undefined> {
  const record = await sageRecord(c, customerNo);
  expect(record.status).toBe("SYNCED");
  const found = await c.kashflowClient.customers.find(record.counterpartId ?? "");
  return found?.Name ?? undefined;
}

describe("unsafe text in Sage 100 customer names", () => {
  let c: Company;

  beforeAll(async () => {
    c = await connectCompany(h, { account: { DataSet: "empty" } });
    sageCustomer(c.sim, "NUL01", { CustomerName: "Nul\u0000 Trading", City: "Springfield" });
    sageCustomer(c.sim, "SUR01", { CustomerName: "Broken \uD800 Co", City: "Springfield" });
  }, 60_000);

  it("reach KashFlow cleaned, with a warning on the record (cleaned by the agent)", async () => {
    await c.settle();
    expect(await kashflowName(c, "NUL01")).toBe("Nul Trading");
    expect(await kashflowName(c, "SUR01")).toBe("Broken \uFFFD Co");
    for (const no of ["NUL01", "SUR01"])
      expect((await sageRecord(c, no)).warnings).toEqual([
        {
          field: "CustomerName",
          message: expect.stringMatching(/^Sage 100 holds characters here that cannot be stored/),
        },
      ]);
    // Customers with clean names carry no such warning.
    const clean = await db.syncRecord.findMany({
      where: {
        companyId: c.companyId,
        system: "SAGE100",
        model: "customer",
        externalId: { notIn: ["00-NUL01", "00-SUR01"] },
      },
    });
    expect(clean.length).toBeGreaterThan(0);
    for (const r of clean) expect(JSON.stringify(r.warnings)).not.toMatch(/cannot be stored/);
  });

  it("reach KashFlow cleaned, with a warning, when an agent that does not clean pushes them (cleaned by the server)", async () => {
    const response = await fetch(`${h.api.url}/api/agent/changes`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${c.agent.token}` },
      // JSON.stringify writes the NUL and the lone surrogate as \u escapes, as a raw client would.
      body: JSON.stringify({
        batchId: "raw-agent-batch-1",
        table: "AR_Customer",
        keyColumns: ["ARDivisionNo", "CustomerNo"],
        rows: [
          {
            ARDivisionNo: "00",
            CustomerNo: "RAW01",
            CustomerName: "Raw\u0000 Goods \uDC00",
            City: "Springfield",
            DateUpdated: "2025-03-01",
            TimeUpdated: "11.5",
          },
        ],
        highWater: { date: "2025-03-01", time: "11.5" },
      }),
    });
    expect(response.status).toBe(200);
    await c.settle();
    expect(await kashflowName(c, "RAW01")).toBe("Raw Goods \uFFFD");
    expect((await sageRecord(c, "RAW01")).warnings).toEqual([
      {
        field: "CustomerName",
        message: expect.stringMatching(/^Sage 100 holds characters here that cannot be stored/),
      },
    ]);
  });
});
