// What happens when things go wrong between server, agent and Sage: an agent lost mid-command, a command replayed,
// change batches pushed and re-pushed, pause for period-end.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { byRef, createSage100Simulator, DEFAULT_HOME_PATH } from "@/sandbox/sage100";
import { db } from "@/server/db";
import { createTenant, type Tenant } from "@/tests/factories";
import { setAgentPaused } from "@/server/services/sage100/agent-control";
import { awaitCommandResult, enqueueCommand } from "./command-queue";
import { startAgentApiServer, type AgentApiServer } from "./testing/agent-api-server";
import { pairTestAgent, startTestAgent, waitUntil } from "./testing/test-agent";

let api: AgentApiServer;

beforeAll(async () => {
  api = await startAgentApiServer();
});

afterAll(async () => {
  await api?.close();
});

/** A Sage user's sales order, entered through BOI on a session of its own. */
function enterSalesOrder(sim: ReturnType<typeof createSage100Simulator>): string {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const script: any = sim.createScript();
  script.Init(DEFAULT_HOME_PATH);
  const session = script.NewObject("SY_Session");
  session.nSetUser("admin", "admin");
  session.nSetCompany("ABC");
  session.nSetDate("S/O", "20250315");
  session.nSetModule("S/O");
  session.nSetProgram(session.nLookupTask("SO_SalesOrder_ui"));
  const so = script.NewObject("SO_SalesOrder_bus", session);
  const no = byRef("");
  so.nGetNextSalesOrderNo(no);
  so.nSetKeyValue("SalesOrderNo$", no.valueOf());
  so.nSetKey();
  so.nSetValue("CustomerNo$", "ACME");
  so.oLines.nAddLine();
  so.oLines.nSetValue("ItemCode$", "GADGET-200");
  so.oLines.nSetValue("QuantityOrdered", 2);
  so.oLines.nWrite();
  if (so.nWrite() !== 1) throw new Error(so.sLastErrorMsg);
  so.DropObject();
  session.nCleanup();
  session.DropObject();
  return no.valueOf();
}

const invoiceRows = (sim: ReturnType<typeof createSage100Simulator>, invoiceNo: string) =>
  (sim.inspect("ABC", ["AR_InvoiceHeader"]).tables.AR_InvoiceHeader ?? []).filter((r) => r.InvoiceNo === invoiceNo);

describe("an agent lost in the middle of a command", () => {
  let tenant: Tenant;
  beforeAll(async () => {
    tenant = await createTenant("s100lost");
  });

  it("the lease expires, the command is re-queued and re-delivered, and Sage still holds one document", async () => {
    const sim = createSage100Simulator();
    const { token } = await pairTestAgent(api.url, tenant.company);
    // The first agent writes to Sage, then its network drops before the result gets out.
    const dropResults: typeof fetch = async (input, init) => {
      if (String(input).endsWith("/result")) throw new TypeError("fetch failed: network is down");
      return fetch(input, init);
    };
    const first = await startTestAgent(api.url, tenant.company, { sim, token, leaseMs: 1_500, fetchImpl: dropResults });
    const { command } = await enqueueCommand({
      orgId: tenant.org.id,
      companyId: tenant.company.id,
      command: {
        type: "createArInvoice",
        payload: {
          invoiceNo: "KF20001",
          customerNo: "ACME",
          invoiceDate: "2025-03-15",
          lines: [{ itemCode: "/INSTALL", quantity: "1" }],
        },
      },
      idempotencyKey: "kf-invoice-20001",
    });
    await waitUntil(() => invoiceRows(sim, "KF20001").length === 1, 10_000, "the invoice in Sage");
    await first.stop();
    expect((await db.sage100Command.findUniqueOrThrow({ where: { id: command.id } })).status).toBe("LEASED");

    // A fresh agent process (same Sage, same token, no memory of the first) picks it up after the lease expired.
    const second = await startTestAgent(api.url, tenant.company, { sim, token });
    try {
      const done = await awaitCommandResult({ companyId: tenant.company.id, commandId: command.id, timeoutMs: 15_000 });
      expect(done).toMatchObject({
        status: "DONE",
        attempts: 2,
        result: { invoiceNo: "KF20001", created: false, state: "pending" },
      });
      expect(invoiceRows(sim, "KF20001")).toHaveLength(1);
    } finally {
      await second.stop();
    }
  });
});

describe("replays", () => {
  let tenant: Tenant;
  beforeAll(async () => {
    tenant = await createTenant("s100replay");
  });

  it("the same idempotency key is one command; a second command for the same document finds it", async () => {
    const agent = await startTestAgent(api.url, tenant.company);
    try {
      const command = {
        type: "createArInvoice" as const,
        payload: {
          invoiceNo: "KF30001",
          customerNo: "BLUESKY",
          invoiceDate: "2025-03-15",
          lines: [{ itemCode: "/SERVICE", amount: "80.00" }],
          batch: { post: true },
        },
      };
      const a = await enqueueCommand({
        orgId: tenant.org.id,
        companyId: tenant.company.id,
        command,
        idempotencyKey: "kf-invoice-30001",
      });
      const b = await enqueueCommand({
        orgId: tenant.org.id,
        companyId: tenant.company.id,
        command,
        idempotencyKey: "kf-invoice-30001",
      });
      expect([a.created, b.created, b.command.id]).toEqual([true, false, a.command.id]);
      const first = await awaitCommandResult({
        companyId: tenant.company.id,
        commandId: a.command.id,
        timeoutMs: 10_000,
      });
      expect(first.result).toMatchObject({ created: true, state: "posted" });
      // A replay (e.g. a user pressing "retry" on the ledger, which makes a new command) must not post it twice.
      const replay = await enqueueCommand({
        orgId: tenant.org.id,
        companyId: tenant.company.id,
        command,
        idempotencyKey: "kf-invoice-30001-replay",
      });
      const second = await awaitCommandResult({
        companyId: tenant.company.id,
        commandId: replay.command.id,
        timeoutMs: 10_000,
      });
      expect(second).toMatchObject({ status: "DONE", result: { created: false, state: "posted" } });
      const history = agent.sim.inspect("ABC", ["AR_InvoiceHistoryHeader", "AR_OpenInvoice"]).tables;
      expect(history.AR_InvoiceHistoryHeader?.filter((r) => r.InvoiceNo === "KF30001")).toHaveLength(1);
      expect(history.AR_OpenInvoice?.filter((r) => r.InvoiceNo === "KF30001")).toHaveLength(1);

      // Cash receipts and journals are found the same way (customer + check number, journal reference).
      const receipt = {
        type: "createCashReceipt" as const,
        payload: {
          customerNo: "BLUESKY",
          checkNo: "KFR-1",
          bankCode: "A",
          depositDate: "2025-03-20",
          amount: "80.00",
          applications: [{ invoiceNo: "KF30001", amount: "80.00" }],
        },
      };
      for (const key of ["r-1", "r-2"]) {
        const { command: c } = await enqueueCommand({
          orgId: tenant.org.id,
          companyId: tenant.company.id,
          command: receipt,
          idempotencyKey: key,
        });
        expect(
          await awaitCommandResult({ companyId: tenant.company.id, commandId: c.id, timeoutMs: 10_000 }),
        ).toMatchObject({ status: "DONE" });
      }
      expect(
        agent.sim
          .inspect("ABC", ["AR_CashReceiptsHeader"])
          .tables.AR_CashReceiptsHeader?.filter((r) => r.CheckNo === "KFR-1"),
      ).toHaveLength(1);
      expect(agent.sim.inspect("ABC", ["AR_CashReceiptsDeposit"]).tables.AR_CashReceiptsDeposit).toHaveLength(1);
    } finally {
      await agent.stop();
    }
  });
});

describe("change batches", () => {
  let tenant: Tenant;
  beforeAll(async () => {
    tenant = await createTenant("s100changes");
  });

  it("pushes changed rows found by audit stamps, never the same row twice, and again after another change", async () => {
    const agent = await startTestAgent(api.url, tenant.company);
    try {
      const first = await agent.runner.pollChangesNow();
      expect(first).toBeGreaterThan(10); // the seeded company, on the first poll
      const batches = await db.sage100ChangeBatch.findMany({ where: { companyId: tenant.company.id } });
      expect(new Set(batches.map((b) => b.sageTable))).toEqual(
        new Set(["AR_Customer", "AP_Vendor", "CI_Item", "IM_ItemWarehouse", "AR_OpenInvoice"]),
      );
      expect(await agent.runner.pollChangesNow()).toBe(0);

      // A Sage user enters a sales order at a workstation (their own BOI session): order status flows back too.
      const orderNo = enterSalesOrder(agent.sim);
      expect(await agent.runner.pollChangesNow()).toBeGreaterThanOrEqual(2);
      const orderBatch = await db.sage100ChangeBatch.findFirstOrThrow({
        where: { companyId: tenant.company.id, sageTable: "SO_SalesOrderHeader" },
      });
      expect(orderBatch.rows).toEqual([expect.objectContaining({ SalesOrderNo: orderNo, CustomerNo: "ACME" })]);

      const { command } = await enqueueCommand({
        orgId: tenant.org.id,
        companyId: tenant.company.id,
        command: {
          type: "upsertCustomer",
          payload: { customerNo: "ACME", name: "Acme Industrial Supply", city: "Pasadena" },
        },
        idempotencyKey: "acme-move",
      });
      await awaitCommandResult({ companyId: tenant.company.id, commandId: command.id, timeoutMs: 10_000 });
      agent.sim.adjustInventory("ABC", "WIDGET-100", "000", 5);
      // The customer, the warehouse quantity, and the item's total on hand that the adjustment also stamped.
      expect(await agent.runner.pollChangesNow()).toBe(3);
      const latest = await db.sage100ChangeBatch.findMany({
        where: { companyId: tenant.company.id, sageTable: { in: ["AR_Customer", "IM_ItemWarehouse"] } },
        orderBy: { receivedAt: "desc" },
        take: 2,
      });
      const rows = latest.flatMap((b) => b.rows as Array<Record<string, unknown>>);
      expect(rows.find((r) => r.CustomerNo === "ACME")).toMatchObject({ City: "Pasadena" });
      expect(rows.find((r) => r.ItemCode === "WIDGET-100" && r.WarehouseCode === "000")).toBeTruthy();
      expect(latest.every((b) => b.rowCount === 1 && b.agentId)).toBe(true);
      // A resent batch (same id) is recognised, not stored twice.
      const again = await fetch(`${api.url}/api/agent/changes`, {
        method: "POST",
        headers: { authorization: `Bearer ${agent.token}`, "content-type": "application/json" },
        body: JSON.stringify({
          batchId: latest[0]!.batchId,
          table: latest[0]!.sageTable,
          keyColumns: latest[0]!.keyColumns,
          rows: latest[0]!.rows,
          highWater: latest[0]!.highWater,
        }),
      });
      expect(await again.json()).toEqual({ accepted: true, duplicate: true });
    } finally {
      await agent.stop();
    }
  });
});

describe("pause for period-end", () => {
  let tenant: Tenant;
  beforeAll(async () => {
    tenant = await createTenant("s100pause");
  });

  it("a paused agent closes its Sage sessions and takes no commands until resumed", async () => {
    const agent = await startTestAgent(api.url, tenant.company);
    try {
      const ping = async (key: string) =>
        (
          await enqueueCommand({
            orgId: tenant.org.id,
            companyId: tenant.company.id,
            command: { type: "ping", payload: {} },
            idempotencyKey: key,
          })
        ).command.id;
      await awaitCommandResult({ companyId: tenant.company.id, commandId: await ping("p1"), timeoutMs: 10_000 });
      expect(agent.sim.sessionInfo().filter((s) => s.holdsSeat)).toHaveLength(1);

      await setAgentPaused({
        orgId: tenant.org.id,
        companyId: tenant.company.id,
        userId: tenant.owner.id,
        paused: true,
      });
      await waitUntil(() => agent.sim.sessionInfo().length === 0, 10_000, "sessions closed");
      await waitUntil(
        async () =>
          (await db.sage100Agent.findFirstOrThrow({ where: { companyId: tenant.company.id, revokedAt: null } }))
            .state === "paused",
        10_000,
        "paused heartbeat",
      );
      const waiting = await ping("p2");
      await new Promise((r) => setTimeout(r, 800));
      expect((await db.sage100Command.findUniqueOrThrow({ where: { id: waiting } })).status).toBe("QUEUED");

      await setAgentPaused({
        orgId: tenant.org.id,
        companyId: tenant.company.id,
        userId: tenant.owner.id,
        paused: false,
      });
      expect(
        await awaitCommandResult({ companyId: tenant.company.id, commandId: waiting, timeoutMs: 10_000 }),
      ).toMatchObject({ status: "DONE" });
      const actions = (
        await db.auditLog.findMany({
          where: { companyId: tenant.company.id, action: { startsWith: "sage100.agent_" } },
        })
      ).map((a) => a.action);
      expect(actions).toEqual(expect.arrayContaining(["sage100.agent_paused", "sage100.agent_resumed"]));
    } finally {
      await agent.stop();
    }
  });
});
