// Master data into Sage 100 a batch at a time: a claimed batch's upserts and read-backs travel in one agent command
// (runCommands), and the reads records need while being planned are gathered too. Each record still ends on its own.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { connectCompany, sageTable, harnessForFile, type Company, type Harness } from "../testing/harness";

let h: Harness;
harnessForFile((started) => (h = started));

const FLOW = "customers.kashflow_to_sage100";
const recordOf = (c: Company, externalId: string) =>
  db.syncRecord.findFirstOrThrow({
    where: { companyId: c.companyId, system: "KASHFLOW", model: "customer", externalId },
  });
const sageCustomerNos = (c: Company) => sageTable(c.sim, "AR_Customer").map((r) => String(r.CustomerNo));

async function addCustomers(c: Company, prefix: string, n: number, netDays?: (i: number) => number | null) {
  const codes = Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(2, "0")}`);
  for (const [i, code] of codes.entries()) {
    const days = netDays?.(i);
    await c.kashflowClient.customers.create({
      Code: code,
      Name: `${prefix} Trading ${code}`,
      ...(days ? { PaymentTerms: { Type: "AfterIssuedDate", Days: days } } : {}),
    });
  }
  return codes;
}

type Sent = { type: string; payload: unknown };
const carried = (c: Sent): string[] =>
  c.type === "runCommands" ? (c.payload as { commands: { type: string }[] }).commands.map((x) => x.type) : [c.type];

/** What one run of the flow sent the agent: queue rows, the rows that wrote, and the upserts they carried. */
async function runCosts(c: Company): Promise<{ commands: number; writing: number; upserts: number }> {
  const before = new Set(
    (await db.sage100Command.findMany({ where: { companyId: c.companyId }, select: { id: true } })).map((r) => r.id),
  );
  const result = await c.run(FLOW);
  expect(result.error ?? null).toBeNull();
  const sent = (
    await db.sage100Command.findMany({
      where: { companyId: c.companyId },
      select: { id: true, type: true, payload: true },
    })
  ).filter((r) => !before.has(r.id));
  const upserts = (x: Sent) => carried(x).filter((t) => t.startsWith("upsert")).length;
  return {
    commands: sent.length,
    writing: sent.filter((x) => upserts(x) > 0).length,
    upserts: sent.reduce((n, x) => n + upserts(x), 0),
  };
}

describe("a batch of customers into Sage 100", () => {
  let c: Company;

  beforeAll(async () => {
    c = await connectCompany(h, { account: { DataSet: "empty" } });
    await c.settle();
  }, 120_000);

  it("costs about the same few agent commands for 5 customers as for 40", async () => {
    const few = await addCustomers(c, "FEW", 5);
    const fewCost = await runCosts(c);
    const many = await addCustomers(c, "MANY", 40);
    const manyCost = await runCosts(c);
    // Every customer was written once, and synced.
    expect(fewCost.upserts).toBe(5);
    expect(manyCost.upserts).toBe(40);
    for (const code of [...few, ...many]) expect((await recordOf(c, code)).status).toBe("SYNCED");
    expect(sageCustomerNos(c).filter((no) => no.startsWith("FEW") || no.startsWith("MANY"))).toHaveLength(45);
    // One command wrote and read back each whole batch; the reads while planning went together too. One customer at
    // a time cost three commands each (a read while planning, the upsert, its read-back): 15 and 120 here.
    expect(fewCost.writing).toBe(1);
    expect(manyCost.writing).toBe(1);
    console.log(`[batch-load] 5 customers: ${fewCost.commands} commands; 40 customers: ${manyCost.commands} commands`);
    expect(fewCost.commands).toBeLessThanOrEqual(4);
    expect(manyCost.commands).toBeLessThanOrEqual(16);
  }, 120_000);

  it("one customer Sage refuses is held alone with Sage's reason; the rest of its batch syncs", async () => {
    // Sage 100 no longer has terms code 03 (net 15): the customer with those terms is refused, the others are not.
    c.sim.company("ABC").t("AR_TermsCode").delete(["03"]);
    const codes = await addCustomers(c, "MIX", 6, (i) => (i === 2 ? 15 : 30));
    const cost = await runCosts(c);
    expect(cost.upserts).toBe(6);
    const refused = await recordOf(c, codes[2]!);
    expect(refused).toMatchObject({ status: "HELD", heldBy: "TARGET" });
    expect(refused.errorMessage).toMatch(/terms/i);
    for (const code of codes.filter((_, i) => i !== 2)) expect((await recordOf(c, code)).status).toBe("SYNCED");
    expect(sageCustomerNos(c).filter((no) => no.startsWith("MIX"))).toHaveLength(5);
  }, 120_000);

  it("a batch run again after a crash (written, endings never recorded) creates no second customer", async () => {
    const codes = await addCustomers(c, "AGAIN", 8);
    await c.run(FLOW);
    const written = await db.syncRecord.findMany({
      where: { companyId: c.companyId, system: "KASHFLOW", model: "customer", externalId: { in: codes } },
      select: { id: true, counterpartId: true },
    });
    expect(written.every((r) => r.counterpartId)).toBe(true);
    // The process died after Sage wrote the batch and before the ledger recorded it: the records are due again,
    // with only their reserved keys, and no links.
    await db.entityLink.deleteMany({ where: { companyId: c.companyId, model: "customer", kashflowId: { in: codes } } });
    await db.syncRecord.updateMany({
      where: { id: { in: written.map((r) => r.id) } },
      data: { status: "PENDING", syncedHash: null, nextAttemptAt: null },
    });
    const before = sageTable(c.sim, "AR_Customer").length;
    const cost = await runCosts(c);
    expect(cost.upserts).toBe(0);
    expect(sageTable(c.sim, "AR_Customer").length).toBe(before);
    for (const r of written)
      expect(await db.syncRecord.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({
        status: "SYNCED",
        counterpartId: r.counterpartId,
      });
    expect(await db.matchReview.count({ where: { companyId: c.companyId } })).toBe(0);
  }, 120_000);
});
