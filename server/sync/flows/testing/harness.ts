// Test support for the master-data flows: a real KashFlow sandbox over HTTP (with a request counter in front), the
// real agent routes over HTTP, and per company a Sage 100 simulator driven by a real agent (simulator driver) whose
// change poller is run by hand, so each test decides when Sage's changes reach the server.
import type { AddressInfo } from "node:net";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { serve } from "@hono/node-server";
import { ChangePoller } from "@/agent/src/changes/change-poller";
import { ServerClient } from "@/agent/src/runtime/server-client";
import { StateStore } from "@/agent/src/runtime/state-store";
import { createKashflowSandbox, type KashflowSandbox } from "@/sandbox/kashflow";
import type { CreatedAccount } from "@/sandbox/kashflow";
import { byRef, createSage100Simulator, DEFAULT_HOME_PATH, type Sage100Simulator } from "@/sandbox/sage100";
import { ControllableClock } from "@/sandbox/sage100/clock";
import { db } from "@/server/db";
import { createKashflowClient, type KashflowClient, type KashflowLimits } from "@/server/integrations/kashflow";
import { agentRateLimits, TokenBucket } from "@/server/integrations/sage100/rate-limit";
import { startAgentApiServer, type AgentApiServer } from "@/server/integrations/sage100/testing/agent-api-server";
import { startTestAgent, type TestAgent } from "@/server/integrations/sage100/testing/test-agent";
import { connectWithPassword } from "@/server/services/kashflow/connect-with-password";
import { createCompany, createOrg, createUser } from "@/tests/factories";
import { buildFlowContext } from "../../engine/context";
import type { FlowContext } from "../../engine/flow";
import { runFlow, type RunResult } from "../../engine/run-flow";
import { FLOWS, flowById } from "..";

export const ADMIN_KEY = "flows-test-admin";
const MASTER_PATH = /^\/v2\/(customers|suppliers|products)(\/|$)/i;

export type Harness = Awaited<ReturnType<typeof startHarness>>;

/** One KashFlow sandbox and one agent API for a test file. */
export async function startHarness() {
  // The agent's server-side rate limit (4 requests/s) would make a 2,000-record test take half an hour.
  agentRateLimits.perAgent = new TokenBucket(1_000_000, 1_000_000);
  const kashflow: KashflowSandbox = createKashflowSandbox({ adminKey: ADMIN_KEY });
  const counts = { writes: 0, reads: 0 };
  const server = serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch: (request: Request, env: unknown) => {
      const { pathname } = new URL(request.url);
      if (MASTER_PATH.test(pathname)) counts[request.method === "GET" ? "reads" : "writes"]++;
      return kashflow.app.fetch(request, env as never);
    },
  });
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once("listening", () => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const api: AgentApiServer = await startAgentApiServer();
  return {
    kashflow,
    url,
    api,
    /** KashFlow writes (POST/PUT/DELETE) and reads of customers, suppliers and products since the start. */
    counts,
    async close() {
      await api.close();
      await new Promise<void>((resolve) => {
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      });
      await kashflow.close();
    },
  };
}

export type Company = Awaited<ReturnType<typeof connectCompany>>;
type AccountOptions = { DataSet?: "demo" | "empty"; Seed?: number; Size?: Partial<Record<"Customers" | "Suppliers" | "Products" | "Invoices" | "Purchases" | "BankTransactions", number>> };

/** A tenant whose company is connected to a new KashFlow sandbox account and paired with an agent on its own Sage. */
export async function connectCompany(h: Harness, o: { account?: AccountOptions; sim?: Sage100Simulator; limits?: Partial<KashflowLimits> } = {}) {
  // Plain factories: the full tenant factory also seeds sample ledger rows and reviews, which would be noise here.
  const owner = await createUser("flows-owner");
  const org = await createOrg(owner);
  const tenant = { owner, org, company: await createCompany(org) };
  const account: CreatedAccount = h.kashflow.createAccount({ DataSet: "demo", Seed: 7, AnchorDate: "2025-03-01", ...o.account });
  const apiBaseUrl = `${h.url}/v2`;
  await connectWithPassword({ orgId: tenant.org.id, companyId: tenant.company.id, userId: tenant.owner.id, username: account.UserName, password: account.Password, memorableWord: account.MemorableWord, apiBaseUrl });
  // Other test files' in-process runners tick over every syncable company: keep this one to the test's own runs.
  await db.company.update({ where: { id: tenant.company.id }, data: { status: "PAUSED" } });
  const clock = new ControllableClock();
  const sim = o.sim ?? createSage100Simulator({ clock });
  const agent: TestAgent = await startTestAgent(h.api.url, tenant.company, { sim });
  const poller = new ChangePoller({
    odbc: agent.driver.odbc,
    state: new StateStore(fs.mkdtempSync(path.join(os.tmpdir(), "ll-flows-"))),
    send: async (batch) => void (await new ServerClient(h.api.url, agent.token).changes(batch)),
  });
  const kashflowClient: KashflowClient = createKashflowClient({
    accountKey: `test:${account.AccountId}`,
    endpoints: { apiBaseUrl },
    credentials: { method: "SESSION_TOKEN", username: account.UserName, password: account.Password, memorableWord: account.MemorableWord },
    // Real retries, with test-sized pauses.
    limits: { requestsPerWindow: 1_000_000, maxConcurrent: 6, retryBaseDelayMs: 20, retryMaxDelayMs: 200, ...(o.limits ?? {}) },
  });
  const companyId = tenant.company.id;

  async function context(flowId: string): Promise<FlowContext> {
    const ctx = await buildFlowContext(companyId, flowId);
    return { ...ctx, kashflow: async () => kashflowClient };
  }

  async function run(flowId: string): Promise<RunResult> {
    const flow = flowById(flowId);
    if (!flow) throw new Error(`No flow ${flowId}`);
    return runFlow(await context(flowId), flow, { nextRunAt: new Date(Date.now() + 60_000) });
  }

  /** Every registered flow once, in order, after the agent has pushed Sage's changes. */
  async function cycle(flowIds: readonly string[] = FLOWS.map((f) => f.id)): Promise<Record<string, RunResult>> {
    await poller.pollAll();
    const results: Record<string, RunResult> = {};
    for (const id of flowIds) {
      results[id] = await run(id);
      if (results[id].error) throw new Error(`${id}: ${results[id].error}`);
    }
    return results;
  }

  /** Cycles (failed records made due at once) until nothing is due and no Sage change is waiting. */
  async function settle(o: { flowIds?: readonly string[]; maxCycles?: number } = {}): Promise<number> {
    for (let n = 1; n <= (o.maxCycles ?? 12); n++) {
      await db.syncRecord.updateMany({ where: { companyId, status: "FAILED" }, data: { nextAttemptAt: new Date(Date.now() - 1) } });
      await cycle(o.flowIds);
      await poller.pollAll();
      const [due, batches] = await Promise.all([
        db.syncRecord.count({ where: { companyId, status: { in: ["PENDING", "FAILED"] } } }),
        db.sage100ChangeBatch.count({ where: { companyId, processedAt: null, sageTable: { in: ["AR_Customer", "AP_Vendor", "CI_Item"] } } }),
      ]);
      if (due === 0 && batches === 0) return n;
    }
    const left = await db.syncRecord.findMany({ where: { companyId, status: { in: ["PENDING", "FAILED"] } }, take: 10 });
    throw new Error(`The flows did not settle: ${left.map((r) => `${r.system} ${r.model} ${r.externalId} ${r.status} ${r.errorMessage ?? ""}`).join("; ")}`);
  }

  return { tenant, companyId, account, sim, clock, agent, poller, kashflowClient, context, run, cycle, settle };
}

/** A person at Sage 100: a BOI session of its own on the simulator, writing one record. */
export function sageWrite(sim: Sage100Simulator, o: { object: string; task: string; module: string; key: Record<string, string>; values: Record<string, string | number> }): void {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const script: any = sim.createScript();
  script.Init(DEFAULT_HOME_PATH);
  const session = script.NewObject("SY_Session");
  session.nSetUser("admin", "admin");
  session.nSetCompany("ABC");
  session.nSetDate(o.module, "20250315");
  session.nSetModule(o.module);
  session.nSetProgram(session.nLookupTask(o.task));
  const bus = script.NewObject(o.object, session);
  try {
    for (const [column, value] of Object.entries(o.key)) bus.nSetKeyValue(`${column}$`, value);
    if (bus.nSetKey() === 0) throw new Error(bus.sLastErrorMsg);
    for (const [column, value] of Object.entries(o.values)) {
      const name = typeof value === "number" ? column : `${column}$`;
      if (bus.nSetValue(name, value) === 0) throw new Error(`${column}: ${bus.sLastErrorMsg}`);
    }
    if (bus.nWrite() === 0) throw new Error(bus.sLastErrorMsg);
  } finally {
    bus.DropObject();
    session.nCleanup();
    session.DropObject();
  }
}

export const sageCustomer = (sim: Sage100Simulator, customerNo: string, values: Record<string, string | number>) =>
  sageWrite(sim, { object: "AR_Customer_bus", task: "AR_Customer_ui", module: "A/R", key: { ARDivisionNo: "00", CustomerNo: customerNo }, values });

export const sageTable = (sim: Sage100Simulator, table: string) => sim.inspect("ABC", [table]).tables[table] ?? [];

/** Sage's audit stamps of every master record: a write, even of the same values, moves one. */
export function sageStamps(sim: Sage100Simulator): Map<string, string> {
  const out = new Map<string, string>();
  for (const table of ["AR_Customer", "AP_Vendor", "CI_Item"]) {
    for (const row of sageTable(sim, table)) out.set(`${table}|${row.ARDivisionNo ?? row.APDivisionNo ?? ""}|${row.CustomerNo ?? row.VendorNo ?? row.ItemCode}`, `${row.DateUpdated} ${row.TimeUpdated}`);
  }
  return out;
}

export { byRef };
