// First connect of a company whose Sage 100 already holds some of KashFlow's customers: matched and linked, or put
// to a person when unsure — never duplicated. And a crash between the write and the ledger commit, each way.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { resolveMatchReview } from "@/server/services/sync/resolve-match-review";
import { isHold } from "../../engine/flow";
import { claimDue } from "../../engine/run-flow";
import { flowById } from "..";
import {
  connectCompany,
  sageCustomer,
  sageTable,
  harnessForFile,
  type Company,
  type Harness,
} from "../testing/harness";

let h: Harness;
harnessForFile((started) => (h = started));

async function emptyKashflowCompany() {
  const c = await connectCompany(h, { account: { DataSet: "empty" } });
  return c;
}

const sageNames = (c: Company) => sageTable(c.sim, "AR_Customer").map((r) => String(r.CustomerName));
const kashflowCustomers = async (c: Company) => (await c.kashflowClient.customers.sweep({ details: false })).records;
const recordOf = (c: Company, externalId: string) =>
  db.syncRecord.findFirstOrThrow({
    where: { companyId: c.companyId, system: "KASHFLOW", model: "customer", externalId },
  });
const linkOf = (c: Company, kashflowId: string) =>
  db.entityLink.findFirst({ where: { companyId: c.companyId, model: "customer", kashflowId } });

describe("first-connect matching", () => {
  let c: Company;
  let sageBefore: number;

  beforeAll(async () => {
    c = await emptyKashflowCompany();
    const customers = c.kashflowClient.customers;
    await customers.create({
      Code: "HARB01",
      Name: "Harbour Lights Ltd",
      Addresses: [{ Line1: "1 Quay St", Line3: "Bristol", PostCode: "BS1 4DJ", CountryCode: "GB" }],
    });
    await customers.create({
      Code: "RIV-7",
      Name: "Riverside Bakery Ltd",
      Addresses: [{ Line1: "7 Mill Lane", Line3: "Leeds", PostCode: "LS1 1AA", CountryCode: "GB" }],
    });
    await customers.create({
      Code: "PENN1",
      Name: "Pennine Print",
      Addresses: [{ Line1: "2 Moor Rd", Line3: "Halifax", PostCode: "HX1 1AA", CountryCode: "GB" }],
    });
    await customers.create({
      Code: "OAK1",
      Name: "Oak Joinery",
      Contacts: [{ IsPrimary: true, Name: "Ola Oak", Email: "office@oak.test" }],
    });
    // What Sage 100 already has: the same code; the same name and postcode; three of the same name; the same email.
    sageCustomer(c.sim, "HARB01", { CustomerName: "Harbour Lights", ZipCode: "BS1 4DJ" });
    sageCustomer(c.sim, "RB100", { CustomerName: "Riverside Bakery Ltd", ZipCode: "LS1 1AA" });
    sageCustomer(c.sim, "PENNA", { CustomerName: "Pennine Print", ZipCode: "HX2 2BB" });
    sageCustomer(c.sim, "PENNB", { CustomerName: "Pennine Print" });
    sageCustomer(c.sim, "PENNC", { CustomerName: "Pennine Print", ZipCode: "HX3 3CC" });
    sageCustomer(c.sim, "OAKJ", { CustomerName: "Oak Joinery & Sons", EmailAddress: "office@oak.test" });
    sageBefore = sageNames(c).length;
    await c.settle();
  }, 120_000);

  it("links a sure match (same code; same name and postcode) instead of creating a second record", async () => {
    expect((await linkOf(c, "HARB01"))?.sage100Key).toBe("00-HARB01");
    expect((await linkOf(c, "RIV-7"))?.sage100Key).toBe("00-RB100");
    expect(await recordOf(c, "RIV-7")).toMatchObject({ status: "SYNCED" });
    // KashFlow owns names: the matched Sage customer takes KashFlow's.
    expect(sageTable(c.sim, "AR_Customer").find((r) => r.CustomerNo === "HARB01")?.CustomerName).toBe(
      "Harbour Lights Ltd",
    );
    const kashflowCodes = (await kashflowCustomers(c)).map((r) => r.Code);
    expect(kashflowCodes).not.toContain("RB100");
    expect(kashflowCodes.filter((code) => code.startsWith("HARB01"))).toEqual(["HARB01"]);
  });

  it("holds an unsure match for Match review, with its candidates, and creates nothing on either side", async () => {
    expect(await recordOf(c, "PENN1")).toMatchObject({
      status: "HELD",
      errorCode: "MATCH_REVIEW",
      errorMessage: "3 Sage 100 customers could be this one: choose in Match review.",
    });
    expect(await recordOf(c, "OAK1")).toMatchObject({
      status: "HELD",
      errorMessage: "A Sage 100 customer could be this one (same email): choose in Match review.",
    });
    const review = await db.matchReview.findUniqueOrThrow({
      where: { companyId_model_kashflowId: { companyId: c.companyId, model: "customer", kashflowId: "PENN1" } },
    });
    expect((review.candidates as { sage100Key: string }[]).map((x) => x.sage100Key)).toEqual([
      "00-PENNA",
      "00-PENNB",
      "00-PENNC",
    ]);
    // The Sage candidates wait for the choice too, instead of appearing in KashFlow.
    const held = await db.syncRecord.findMany({
      where: { companyId: c.companyId, system: "SAGE100", status: "HELD" },
      orderBy: { externalId: "asc" },
    });
    expect(held.map((r) => r.externalId)).toEqual(["00-OAKJ", "00-PENNA", "00-PENNB", "00-PENNC"]);
    expect(sageNames(c)).toHaveLength(sageBefore);
    expect((await kashflowCustomers(c)).filter((r) => r.Name === "Pennine Print").map((r) => r.Code)).toEqual([
      "PENN1",
    ]);
  });

  it("a person's choice releases them: the chosen one is linked, 'create' makes a new one, the rest follow", async () => {
    const reviews = await db.matchReview.findMany({ where: { companyId: c.companyId } });
    const userId = (await db.user.create({ data: { email: `reviewer-${Date.now()}@example.test` } })).id;
    const org = await db.company.findUniqueOrThrow({ where: { id: c.companyId }, select: { orgId: true } });
    for (const r of reviews) {
      await resolveMatchReview({
        orgId: org.orgId,
        companyId: c.companyId,
        reviewId: r.id,
        userId,
        resolution: r.kashflowId === "PENN1" ? "00-PENNB" : "CREATE",
      });
    }
    await c.settle();
    expect(await recordOf(c, "PENN1")).toMatchObject({ status: "SYNCED", counterpartId: "00-PENNB" });
    expect((await linkOf(c, "OAK1"))?.sage100Key).toBe("00-OAK1");
    expect(sageNames(c)).toHaveLength(sageBefore + 1);
    expect(sageNames(c).filter((n) => n === "Pennine Print")).toHaveLength(3);
    const kashflow = await kashflowCustomers(c);
    expect(
      kashflow
        .filter((r) => r.Name === "Pennine Print")
        .map((r) => r.Code)
        .sort(),
    ).toEqual(["PENN1", "PENNA", "PENNC"]);
    expect(
      kashflow
        .filter((r) => r.Name?.startsWith("Oak Joinery"))
        .map((r) => r.Code)
        .sort(),
    ).toEqual(["OAK1", "OAKJ"]);
    expect(
      await db.syncRecord.findMany({
        where: { companyId: c.companyId, model: "customer", status: { notIn: ["SYNCED"] } },
        select: { system: true, externalId: true, status: true, errorMessage: true },
      }),
    ).toEqual([]);
  });
});

describe("a crash between the write and the ledger commit", () => {
  /** Runs one record's stages by hand and stops where a killed process would: after the write, before markSynced. */
  async function writeThenDie(c: Company, flowId: string, externalId: string) {
    const flow = flowById(flowId)!;
    const ctx = await c.context(flowId);
    await flow.detect(ctx);
    const record = (await claimDue(ctx, flow, 500)).find((r) => r.externalId === externalId);
    if (!record) throw new Error(`${externalId} is not due`);
    const meta = { id: record.id, externalId, counterpartId: record.counterpartId, deleted: false };
    const ruled = await flow.rules(ctx, flow.canonical.parse(record.payload), meta);
    if (isHold(ruled)) throw new Error(ruled.message);
    await flow.load(ctx, ruled.plan, meta);
    return record.id;
  }

  it("KashFlow → Sage 100: the re-run finds the customer it wrote and creates no second one", async () => {
    const c = await emptyKashflowCompany();
    await c.settle();
    // A code longer than Sage's 7 characters: without the key reserved before the write, the re-run would only see
    // a customer of the same name in Sage and stop for Match review.
    await c.kashflowClient.customers.create({ Code: "CRASHTEST9", Name: "Crash Test Dummies Ltd" });
    const id = await writeThenDie(c, "customers.kashflow_to_sage100", "CRASHTEST9");
    expect(sageNames(c).filter((n) => n === "Crash Test Dummies Ltd")).toHaveLength(1);
    expect((await db.syncRecord.findUniqueOrThrow({ where: { id } })).status).toBe("PENDING");
    await c.settle();
    expect(sageNames(c).filter((n) => n === "Crash Test Dummies Ltd")).toHaveLength(1);
    expect(await db.syncRecord.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "SYNCED",
      counterpartId: "00-CRASHTE",
    });
    expect((await linkOf(c, "CRASHTEST9"))?.sage100Key).toBe("00-CRASHTE");
    expect(await db.matchReview.count({ where: { companyId: c.companyId } })).toBe(0);
  }, 60_000);

  it("Sage 100 → KashFlow: the re-run finds the customer it wrote and creates no second one", async () => {
    const c = await emptyKashflowCompany();
    await c.settle();
    sageCustomer(c.sim, "CRASH2", { CustomerName: "Crash Two Inc" });
    await c.poller.pollAll();
    const id = await writeThenDie(c, "customers.sage100_to_kashflow", "00-CRASH2");
    expect((await kashflowCustomers(c)).filter((r) => r.Name === "Crash Two Inc")).toHaveLength(1);
    await c.settle();
    expect((await kashflowCustomers(c)).filter((r) => r.Name === "Crash Two Inc").map((r) => r.Code)).toEqual([
      "CRASH2",
    ]);
    expect(await db.syncRecord.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "SYNCED",
      counterpartId: "CRASH2",
    });
  }, 60_000);
});
