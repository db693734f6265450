// The real agent (run loop + simulator driver) against the real route handlers over real HTTP: pairing, every
// document type landing in Sage, and every validation error coming back classified and readable.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import type { CommandInput } from "@/agent/src/protocol";
import { createTenant, type Tenant } from "@/tests/factories";
import { getAgentStatus } from "./agents";
import { awaitCommandResult, enqueueCommand } from "./command-queue";
import { startAgentApiServer, type AgentApiServer } from "./testing/agent-api-server";
import { startTestAgent, waitUntil, type TestAgent } from "./testing/test-agent";

let api: AgentApiServer;
let tenant: Tenant;
let agent: TestAgent;
let seq = 0;

async function run(command: CommandInput, idempotencyKey = `k-${++seq}`) {
  const { command: queued } = await enqueueCommand({
    orgId: tenant.org.id,
    companyId: tenant.company.id,
    command,
    idempotencyKey,
  });
  return awaitCommandResult({ companyId: tenant.company.id, commandId: queued.id, timeoutMs: 15_000 });
}

const table = (name: string) => agent.sim.inspect("ABC", [name]).tables[name] ?? [];

beforeAll(async () => {
  api = await startAgentApiServer();
  tenant = await createTenant("s100docs");
  agent = await startTestAgent(api.url, tenant.company);
});

afterAll(async () => {
  await agent?.stop();
  await api?.close();
});

describe("pairing", () => {
  it("pairs, heartbeats and shows online with its driver and Sage company", async () => {
    const status = await waitUntil(async () => {
      const s = await getAgentStatus({ orgId: tenant.org.id, companyId: tenant.company.id });
      return s.online && s.agent?.state === "running" ? s : null;
    });
    expect(status.agent).toMatchObject({
      driver: "simulator",
      sageCompany: "ABC",
      hostname: "test-host",
      sandbox: false,
      version: "0.1.0",
    });
    expect(status.heartbeatAgeSeconds).toBeLessThan(5);
    const audit = await db.auditLog.findFirst({
      where: { companyId: tenant.company.id, action: "sage100.agent_paired" },
    });
    expect(audit?.details).toMatchObject({ hostname: "test-host", driver: "simulator" });
  });
});

describe("documents", () => {
  it("ping reaches a BOI session", async () => {
    const done = await run({ type: "ping", payload: {} });
    expect(done).toMatchObject({ status: "DONE", result: { pong: true, sageCompany: "ABC", driver: "simulator" } });
  });

  it("upserts a customer, then changes only what differs", async () => {
    const created = await run({
      type: "upsertCustomer",
      payload: { customerNo: "kf-cust1", name: "Harbour Lights Ltd", city: "Boston", state: "MA", zipCode: "02110" },
    });
    expect(created).toMatchObject({ status: "DONE", result: { customerNo: "KF-CUST1", created: true } });
    const again = await run({
      type: "upsertCustomer",
      payload: { customerNo: "KF-CUST1", name: "Harbour Lights Ltd", city: "Cambridge" },
    });
    expect(again.result).toMatchObject({ created: false, changed: ["city"] });
    expect(table("AR_Customer").find((r) => r.CustomerNo === "KF-CUST1")).toMatchObject({
      CustomerName: "Harbour Lights Ltd",
      City: "Cambridge",
      State: "MA",
    });
  });

  it("upserts a vendor and an item", async () => {
    expect(
      await run({
        type: "upsertVendor",
        payload: { vendorNo: "KFSUP1", name: "Paper & Co", expenseAccount: "6000-00" },
      }),
    ).toMatchObject({ status: "DONE", result: { created: true } });
    expect(table("AP_Vendor").find((r) => r.VendorNo === "KFSUP1")).toMatchObject({ VendorName: "Paper & Co" });
    expect(
      await run({
        type: "upsertItem",
        payload: { itemCode: "/KF-CONSULT", itemType: "5", description: "Consulting", salesAccount: "4010-00" },
      }),
    ).toMatchObject({ status: "DONE" });
    expect(table("CI_Item").find((r) => r.ItemCode === "/KF-CONSULT")).toMatchObject({
      ItemCodeDesc: "Consulting",
      ItemType: "5",
    });
  });

  it("creates an A/R invoice in a batch, then posts the batch", async () => {
    const inv = await run({
      type: "createArInvoice",
      payload: {
        invoiceNo: "KF10001",
        customerNo: "ACME",
        invoiceDate: "2025-03-15",
        customerPONo: "PO-77",
        lines: [
          { itemCode: "/INSTALL", quantity: "2" },
          { itemCode: "/SERVICE", amount: "50.00" },
        ],
      },
    });
    expect(inv).toMatchObject({
      status: "DONE",
      result: { invoiceNo: "KF10001", created: true, state: "pending", totalAmt: 240 },
    });
    const batchNo = (inv.result as { batchNo: string }).batchNo;
    expect(table("AR_InvoiceHeader").filter((r) => r.InvoiceNo === "KF10001")).toHaveLength(1);
    expect(table("AR_InvoiceDetail").filter((r) => r.InvoiceNo === "KF10001")).toHaveLength(2);
    const posted = await run({
      type: "postBatch",
      payload: { journal: "AR_SALES", batchNo, postingDate: "2025-03-15" },
    });
    expect(posted).toMatchObject({ status: "DONE", result: { posted: true, alreadyPosted: false } });
    expect(table("AR_OpenInvoice").find((r) => r.InvoiceNo === "KF10001")).toMatchObject({
      Balance: 240,
      CustomerNo: "ACME",
    });
  });

  it("creates a cash receipt applied to an open invoice", async () => {
    const done = await run({
      type: "createCashReceipt",
      payload: {
        customerNo: "ACME",
        checkNo: "KFPAY1",
        bankCode: "A",
        depositDate: "2025-03-20",
        amount: "500.00",
        applications: [{ invoiceNo: "0000101", amount: "500.00" }],
      },
    });
    expect(done).toMatchObject({ status: "DONE", result: { checkNo: "KFPAY1", created: true, state: "pending" } });
    expect(table("AR_CashReceiptsHeader").find((r) => r.CheckNo === "KFPAY1")).toMatchObject({
      CustomerNo: "ACME",
      PostingAmt: 500,
    });
    expect(table("AR_CashReceiptsDetail").find((r) => r.CheckNo === "KFPAY1")).toMatchObject({
      InvoiceNo: "0000101",
      AmountPosted: 500,
    });
  });

  it("creates an A/P invoice with its G/L distribution and posts it", async () => {
    const done = await run({
      type: "createApInvoice",
      payload: {
        vendorNo: "POWERCO",
        invoiceNo: "KF-B-1",
        invoiceDate: "2025-03-10",
        amount: "300.00",
        distributions: [
          { account: "6000-00", amount: "200.00" },
          { account: "6100-00", amount: "100.00" },
        ],
        batch: { post: true },
      },
    });
    expect(done).toMatchObject({ status: "DONE", result: { created: true, state: "posted" } });
    expect(table("AP_OpenInvoice").find((r) => r.InvoiceNo === "KF-B-1")).toMatchObject({
      VendorNo: "POWERCO",
      Balance: 300,
    });
  });

  it("creates and posts a balanced G/L journal", async () => {
    const done = await run({
      type: "createGlJournal",
      payload: {
        reference: "KF-JNL-0001",
        postingDate: "2025-03-31",
        lines: [
          { account: "6100-00", debit: "75.00" },
          { account: "2000-00", credit: "75.00" },
        ],
        batch: { post: true },
      },
    });
    expect(done).toMatchObject({ status: "DONE", result: { created: true, state: "posted" } });
    expect(table("GL_GeneralJournalHistory").find((r) => r.JournalComment === "KF-JNL-0001")).toMatchObject({
      DebitAmount: 75,
      CreditAmount: 75,
    });
  });

  it("finds documents and reads changes", async () => {
    const found = await run({ type: "findDocument", payload: { kind: "arInvoice", invoiceNo: "KF10001" } });
    expect(found.result).toMatchObject({ found: true, state: "posted", record: { CustomerNo: "ACME" } });
    const missing = await run({ type: "findDocument", payload: { kind: "customer", customerNo: "NOBODY" } });
    expect(missing.result).toEqual({ found: false });
    const changes = await run({
      type: "readChanges",
      payload: { table: "AR_Customer", since: { date: "2026-01-01", time: "0" } },
    });
    const rows = (changes.result as { rows: Array<{ CustomerNo: string }> }).rows;
    expect(rows.map((r) => r.CustomerNo)).toContain("KF-CUST1");
  });
});

describe("validation errors come back classified and readable", () => {
  const invoice = (over: Record<string, unknown>) => ({
    type: "createArInvoice" as const,
    payload: {
      invoiceNo: `KE${String(++seq).padStart(5, "0")}`,
      customerNo: "ACME",
      invoiceDate: "2025-03-15",
      lines: [{ itemCode: "/INSTALL", quantity: "1" }],
      ...over,
    },
  });

  const cases: Array<[string, CommandInput, { code: string; retryClass: string; message: RegExp; field?: string }]> = [
    [
      "unknown customer",
      invoice({ customerNo: "NOSUCH" }),
      {
        code: "NOT_FOUND",
        retryClass: "NEEDS_USER",
        message: /Customer 00-NOSUCH does not exist in Sage 100/,
        field: "customerNo",
      },
    ],
    [
      "inactive customer",
      invoice({ customerNo: "EVERGREEN" }),
      { code: "INACTIVE", retryClass: "NEEDS_USER", message: /inactive in Sage 100/, field: "customerNo" },
    ],
    [
      "date in a closed period",
      invoice({ invoiceDate: "2025-01-20" }),
      {
        code: "PERIOD_CLOSED",
        retryClass: "NEEDS_USER",
        message: /period 2025-01, which is closed/,
        field: "invoiceDate",
      },
    ],
    [
      "unknown item",
      invoice({ lines: [{ itemCode: "/NOPE", quantity: "1" }] }),
      { code: "NOT_FOUND", retryClass: "NEEDS_USER", message: /item code is not on file/, field: "lines.0.itemCode" },
    ],
    [
      "regular item on an A/R invoice",
      invoice({ lines: [{ itemCode: "WIDGET-100", quantity: "1" }] }),
      {
        code: "INVALID_VALUE",
        retryClass: "NEEDS_USER",
        message: /cannot be used on A\/R Invoice Data Entry/,
        field: "lines.0.itemCode",
      },
    ],
    [
      "inactive G/L account",
      {
        type: "createApInvoice",
        payload: {
          vendorNo: "POWERCO",
          invoiceNo: "KE-GL-1",
          invoiceDate: "2025-03-10",
          amount: "10.00",
          distributions: [{ account: "6400-00", amount: "10.00" }],
        },
      },
      {
        code: "INACTIVE",
        retryClass: "NEEDS_USER",
        message: /G\/L account 6400-00 is inactive/,
        field: "distributions.0.account",
      },
    ],
    [
      "unknown vendor",
      {
        type: "createApInvoice",
        payload: {
          vendorNo: "NOVEND",
          invoiceNo: "KE-V-1",
          invoiceDate: "2025-03-10",
          amount: "10.00",
          distributions: [{ account: "6000-00", amount: "10.00" }],
        },
      },
      { code: "NOT_FOUND", retryClass: "NEEDS_USER", message: /Vendor 00-NOVEND does not exist/, field: "vendorNo" },
    ],
    [
      "A/P distribution out of balance",
      {
        type: "createApInvoice",
        payload: {
          vendorNo: "POWERCO",
          invoiceNo: "KE-D-1",
          invoiceDate: "2025-03-10",
          amount: "10.00",
          distributions: [{ account: "6000-00", amount: "9.00" }],
        },
      },
      { code: "OUT_OF_BALANCE", retryClass: "NEEDS_USER", message: /amounts do not add up/ },
    ],
    [
      "unbalanced journal",
      {
        type: "createGlJournal",
        payload: {
          reference: "KE-JNL-1",
          postingDate: "2025-03-31",
          lines: [
            { account: "6100-00", debit: "10" },
            { account: "2000-00", credit: "9" },
          ],
        },
      },
      { code: "OUT_OF_BALANCE", retryClass: "NEEDS_USER", message: /debits and credits are not equal/ },
    ],
    [
      "name too long",
      {
        type: "upsertCustomer",
        payload: { customerNo: "KE-LONG", name: "A very long customer name that Sage cannot hold" },
      },
      {
        code: "TOO_LONG",
        retryClass: "NEEDS_USER",
        message: /customer name is too long for Sage 100, which allows 30 characters/,
        field: "name",
      },
    ],
    [
      "over-applied cash",
      {
        type: "createCashReceipt",
        payload: {
          customerNo: "CITYHALL",
          checkNo: "KE-OVER",
          bankCode: "A",
          depositDate: "2025-03-20",
          amount: "900.00",
          applications: [{ invoiceNo: "0000103", amount: "900.00" }],
        },
      },
      { code: "INVALID_VALUE", retryClass: "NEEDS_USER", message: /more than invoice 0000103's open balance/ },
    ],
    [
      "invoice number taken by another customer",
      invoice({ invoiceNo: "0000102" }),
      {
        code: "DUPLICATE",
        retryClass: "NEEDS_USER",
        message: /already used in Sage 100 by customer 00-BLUESKY/,
        field: "invoiceNo",
      },
    ],
  ];

  it.each(cases)("%s", async (_name, command, expected) => {
    const failed = await run(command);
    expect(failed.status).toBe("FAILED");
    expect(failed.errorCode).toBe(expected.code);
    expect(failed.retryClass).toBe(expected.retryClass);
    expect(failed.errorMessage).toMatch(expected.message);
    const error = (failed.result as { error: { field?: string; sageMessage?: string } }).error;
    if (expected.field) expect(error.field).toBe(expected.field);
    // Sage's own text is kept for support, but the message shown is a sentence of its own.
    expect(failed.errorMessage).not.toBe(error.sageMessage);
  });

  it("a locked record is TRANSIENT: the command goes back to the queue with a backoff", async () => {
    agent.sim.faults.update({
      lockedRecords: [{ company: "ABC", table: "AR_Customer", match: { CustomerNo: "FOXTROT" } }],
    });
    try {
      const { command } = await enqueueCommand({
        orgId: tenant.org.id,
        companyId: tenant.company.id,
        command: { type: "upsertCustomer", payload: { customerNo: "FOXTROT", name: "Foxtrot Renamed" } },
        idempotencyKey: "locked-1",
      });
      const requeued = await waitUntil(async () => {
        const c = await db.sage100Command.findUniqueOrThrow({ where: { id: command.id } });
        return c.status === "QUEUED" && c.attempts === 1 ? c : null;
      });
      expect(requeued).toMatchObject({
        errorCode: "LOCKED",
        retryClass: "TRANSIENT",
        errorMessage: "Someone in Sage 100 has this record open. Ledgerlink will retry when they close it.",
      });
      expect(requeued.availableAt.getTime()).toBeGreaterThan(Date.now());
    } finally {
      agent.sim.faults.update({ lockedRecords: [] });
    }
  });

  it("no free licence and a batch in use are TRANSIENT too", async () => {
    agent.sim.faults.update({ licenseSeats: 0 });
    await agent.driver.drain();
    agent.driver.resume();
    const { command } = await enqueueCommand({
      orgId: tenant.org.id,
      companyId: tenant.company.id,
      command: { type: "ping", payload: {} },
      idempotencyKey: "nolicence-1",
    });
    const noLicence = await waitUntil(async () => {
      const c = await db.sage100Command.findUniqueOrThrow({ where: { id: command.id } });
      return c.attempts === 1 && c.status === "QUEUED" ? c : null;
    });
    expect(noLicence).toMatchObject({ errorCode: "NO_LICENSE", retryClass: "TRANSIENT" });
    expect(noLicence.errorMessage).toMatch(/Every Sage 100 user licence is in use/);
    agent.sim.faults.update({ licenseSeats: null });
    const first = await run({
      type: "createArInvoice",
      payload: { invoiceNo: "KE-B1", customerNo: "ACME", invoiceDate: "2025-03-15", lines: [{ itemCode: "/INSTALL" }] },
    });
    const batchNo = (first.result as { batchNo: string }).batchNo;
    // Someone at a Sage workstation has the batch open.
    agent.sim.faults.update({ batchesInUse: [{ company: "ABC", module: "A/R", batchNo }] });
    try {
      const { command } = await enqueueCommand({
        orgId: tenant.org.id,
        companyId: tenant.company.id,
        command: {
          type: "createArInvoice",
          payload: {
            invoiceNo: "KE-B2",
            customerNo: "ACME",
            invoiceDate: "2025-03-15",
            lines: [{ itemCode: "/INSTALL" }],
            batch: { batchNo },
          },
        },
        idempotencyKey: "batch-in-use-1",
      });
      const inUse = await waitUntil(async () => {
        const c = await db.sage100Command.findUniqueOrThrow({ where: { id: command.id } });
        return c.attempts === 1 && c.status === "QUEUED" ? c : null;
      });
      expect(inUse).toMatchObject({
        errorCode: "BATCH_IN_USE",
        retryClass: "TRANSIENT",
        errorMessage: `Batch ${batchNo} is open in Sage 100 on another workstation. Ledgerlink will retry when it is free.`,
      });
      const missing = await run({
        type: "postBatch",
        payload: { journal: "AR_SALES", batchNo: "99999", postingDate: "2025-03-15" },
      });
      expect(missing).toMatchObject({
        status: "FAILED",
        errorCode: "NOT_FOUND",
        errorMessage: "Batch 99999 does not exist in Sage 100.",
      });
    } finally {
      agent.sim.faults.update({ batchesInUse: [] });
    }
  });
});
