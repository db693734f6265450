// Test support for the master-data flows: a real KashFlow sandbox over HTTP (with a request counter in front), the
// real agent routes over HTTP, and per company a Sage 100 simulator driven by a real agent (simulator driver) whose
// change poller is run by hand, so each test decides when Sage's changes reach the server.
import type { AddressInfo } from "node:net";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll } from "vitest";
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
import { startTestAgent, waitUntil, type TestAgent } from "@/server/integrations/sage100/testing/test-agent";
import { connectWithPassword } from "@/server/services/kashflow/connect-with-password";
import { createCompany, createOrg, createUser } from "@/tests/factories";
import { buildFlowContext } from "../../engine/context";
import { startFlowRun, type FlowRun } from "../../engine/flow-run";
import { dueWhere } from "../../engine/run-flow";
import { directStep, runLoop, runUnitById, type RunResult } from "../../engine/run-loop";
import { FLOWS, flowById } from "..";

export const ADMIN_KEY = "flows-test-admin";
/** The master-data flows, in registry order: these tests run only them (documents have their own tests). */
export const MASTER_DATA_FLOWS = [
  "customers.kashflow_to_sage100",
  "customers.sage100_to_kashflow",
  "suppliers.kashflow_to_sage100",
  "suppliers.sage100_to_kashflow",
  "items.kashflow_to_sage100",
  "items.sage100_to_kashflow",
] as const;
const TABLE_OF: Record<string, string[]> = { customer: ["AR_Customer"], supplier: ["AP_Vendor"], item: ["CI_Item"] };

/** The models the given flows carry: what "nothing is due" is checked over. */
const modelsOf = (ids: readonly string[]): string[] => [
  ...new Set(ids.map((id) => flowById(id)?.model).filter((m): m is NonNullable<typeof m> => Boolean(m))),
];
const MASTER_PATH = /^\/v2\/(customers|suppliers|products)(\/|$)/i;
const SIGN_IN_PATH = /^\/(v2\/sessiontoken|oauth2?)(\/|$)/i;

export type Harness = Awaited<ReturnType<typeof startHarness>>;

/** One KashFlow sandbox and one agent API for a test file. */
export async function startHarness() {
  // The agent's server-side rate limit (4 requests/s) would make a 2,000-record test take half an hour.
  agentRateLimits.perAgent = new TokenBucket(1_000_000, 1_000_000);
  const kashflow: KashflowSandbox = createKashflowSandbox({ adminKey: ADMIN_KEY });
  const counts = { writes: 0, reads: 0, anyWrites: 0, anyWriteLog: [] as string[], requests: 0 };
  const server = serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch: (request: Request, env: unknown) => {
      const { pathname } = new URL(request.url);
      counts.requests++;
      if (MASTER_PATH.test(pathname)) counts[request.method === "GET" ? "reads" : "writes"]++;
      // Every write to the books on any path; signing in and out (session tokens, OAuth) writes nothing to them.
      if (request.method !== "GET" && request.method !== "HEAD" && !SIGN_IN_PATH.test(pathname)) {
        counts.anyWrites++;
        if (counts.anyWriteLog.length < 50) counts.anyWriteLog.push(`${request.method} ${pathname}`);
      }
      return kashflow.app.fetch(request, env as never);
    },
  });
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once("listening", () => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const api: AgentApiServer = await startAgentApiServer();
  /** Every company connected through this harness: their agents stop when it closes. */
  const agents: { stop: () => Promise<void> }[] = [];
  return {
    kashflow,
    url,
    api,
    agents,
    /**
     * KashFlow writes (POST/PUT/DELETE) and reads of customers, suppliers and products since the start; `anyWrites`
     * counts every write on any path (sign-in aside), `anyWriteLog` names the first of them; `requests` counts them all.
     */
    counts,
    async close() {
      for (const agent of agents) await agent.stop();
      await api.close();
      await new Promise<void>((resolve) => {
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      });
      await kashflow.close();
    },
  };
}

/** A test file's harness: started before its tests, closed (with every company's agent) after them. */
export function harnessForFile(started: (h: Harness) => void): void {
  let h: Harness | undefined;
  beforeAll(async () => {
    h = await startHarness();
    started(h);
  });
  afterAll(async () => {
    await h?.close();
  });
}

export type Company = Awaited<ReturnType<typeof connectCompany>>;
/** What POST /admin/accounts takes (the sandbox's own input type is a preprocessed schema, too loose to spread). */
type AccountOptions = {
  DataSet?: "demo" | "empty";
  Seed?: number;
  AnchorDate?: string;
  CompanyName?: string;
  Size?: Partial<
    Record<"Customers" | "Suppliers" | "Products" | "Invoices" | "Purchases" | "BankTransactions", number>
  >;
  Behaviour?: Record<string, unknown>;
};

/** A tenant whose company is connected to a new KashFlow sandbox account and paired with an agent on its own Sage. */
export async function connectCompany(
  h: Harness,
  o: { account?: AccountOptions; sim?: Sage100Simulator; limits?: Partial<KashflowLimits> } = {},
) {
  // Plain factories: the full tenant factory also seeds sample ledger rows and reviews, which would be noise here.
  const owner = await createUser("flows-owner");
  const org = await createOrg(owner);
  const tenant = { owner, org, company: await createCompany(org) };
  const account: CreatedAccount = h.kashflow.createAccount({
    DataSet: "demo",
    Seed: 7,
    AnchorDate: "2025-03-01",
    ...o.account,
  });
  const apiBaseUrl = `${h.url}/v2`;
  await connectWithPassword({
    orgId: tenant.org.id,
    companyId: tenant.company.id,
    userId: tenant.owner.id,
    username: account.UserName,
    password: account.Password,
    memorableWord: account.MemorableWord,
    apiBaseUrl,
  });
  // Other test files' in-process runners tick over every syncable company: keep this one to the test's own runs.
  await db.company.update({ where: { id: tenant.company.id }, data: { status: "PAUSED" } });
  const clock = new ControllableClock();
  const sim = o.sim ?? createSage100Simulator({ clock });
  const agent: TestAgent = await startTestAgent(h.api.url, tenant.company, { sim });
  h.agents.push(agent);
  await waitUntil(
    async () =>
      (await db.sage100Agent.findFirst({
        where: { activeCompanyId: tenant.company.id, lastHeartbeatAt: { not: null } },
      })) !== null,
    10_000,
    "the agent's first heartbeat",
  );
  const poller = new ChangePoller({
    odbc: agent.driver.odbc,
    state: new StateStore(fs.mkdtempSync(path.join(os.tmpdir(), "ll-flows-"))),
    send: async (batch) => void (await new ServerClient(h.api.url, agent.token).changes(batch)),
  });
  const kashflowClient: KashflowClient = createKashflowClient({
    accountKey: `test:${account.AccountId}`,
    endpoints: { apiBaseUrl },
    credentials: {
      method: "SESSION_TOKEN",
      username: account.UserName,
      password: account.Password,
      memorableWord: account.MemorableWord,
    },
    // Real retries, with test-sized pauses.
    limits: {
      requestsPerWindow: 1_000_000,
      maxConcurrent: 6,
      retryBaseDelayMs: 20,
      retryMaxDelayMs: 200,
      ...(o.limits ?? {}),
    },
  });
  const companyId = tenant.company.id;
  /** The flows' clock ("today" for the first load and for forward-dated documents); null = the real one. */
  let now: Date | null = null;

  /** A run of the flow as the engine would open it, with this company's KashFlow client and clock. */
  async function context(flowId: string): Promise<FlowRun> {
    const ctx = await buildFlowContext(companyId, flowId);
    return startFlowRun({ ...ctx, kashflow: async () => kashflowClient, ...(now ? { now } : {}) });
  }

  /** Sets the flows' clock (null: back to the real one). */
  function setNow(at: Date | null): void {
    now = at;
  }

  /**
   * Records of these models still to carry: pending ones a run would take now (a document waiting for its date is not
   * due before it), and every failed one whatever its backoff (settle makes them due at the start of each cycle).
   */
  const due = (models: string[]) =>
    db.syncRecord.count({
      where: {
        companyId,
        model: { in: models },
        OR: [{ status: "FAILED" }, { status: "PENDING", ...dueWhere(now ?? new Date()) }],
      },
    });

  async function run(flowId: string): Promise<RunResult> {
    // A flow or a task of its own (the tie-out), as the runners would run it.
    const ctx = await context(flowId);
    return runLoop(runUnitById(flowId), {
      companyId,
      step: directStep,
      context: async () => ctx,
      onError: "end",
      nextRunAt: new Date(Date.now() + 60_000),
    });
  }

  type CycleOptions = {
    flowIds?: readonly string[];
    /** Run both directions of a model side by side, as the runners may (the lease keeps each flow single). */
    parallel?: boolean;
    /** Under injected faults a run may end in an error (a list page that failed every retry): carry on. */
    tolerateErrors?: boolean;
    /** Called before every cycle (fault injection re-arms itself here). */
    beforeCycle?: () => void | Promise<void>;
    /** Skip a flow with nothing due (no record of its own waiting, no Sage batch for it): a sweep of thousands is not free. */
    onlyWhenDue?: boolean;
  };

  /** Whether a flow has anything to do besides reading its source again. */
  async function hasWork(id: string): Promise<boolean> {
    const flow = flowById(id);
    if (!flow) return false;
    const [records, batches] = await Promise.all([
      db.syncRecord.count({
        where: { companyId, system: flow.source, model: flow.model, ...dueWhere(now ?? new Date()) },
      }),
      db.sage100ChangeBatch.count({
        where: { companyId, processedAt: null, sageTable: { in: TABLE_OF[flow.model] ?? [] } },
      }),
    ]);
    return records > 0 || batches > 0;
  }

  const flowsOf = (o: CycleOptions): readonly string[] =>
    o.flowIds ?? FLOWS.map((f) => f.id).filter((id) => (MASTER_DATA_FLOWS as readonly string[]).includes(id));

  /** The given flows (default: the master-data flows) once each, in registry order, after Sage's changes are pushed. */
  async function cycle(o: CycleOptions = {}): Promise<Record<string, RunResult>> {
    await o.beforeCycle?.();
    await poller.pollAll().catch((error: unknown) => {
      if (!o.tolerateErrors) throw error;
    });
    const all = flowsOf(o);
    const ids = o.onlyWhenDue
      ? (await Promise.all(all.map(async (id) => ((await hasWork(id)) ? id : null)))).filter(
          (id): id is string => id !== null,
        )
      : all;
    const results: Record<string, RunResult> = {};
    const groups = o.parallel
      ? [...new Set(ids.map((id) => id.split(".")[0]))].map((model) => ids.filter((id) => id.startsWith(`${model}.`)))
      : ids.map((id) => [id]);
    const timed = async (id: string) => {
      const t0 = Date.now();
      results[id] = await run(id);
      if (process.env.FLOWS_TRACE)
        console.log(
          `[trace] ${id} ${Date.now() - t0}ms ${JSON.stringify(results[id]!.counts)} ${results[id]!.error ?? ""}`,
        );
    };
    for (const group of groups) {
      // Side by side, the second direction starts once the first has read KashFlow (it waits for that read anyway).
      const [first, ...rest] = group;
      const running = timed(first!);
      if (rest.length) {
        let done = false;
        void running.finally(() => (done = true));
        await waitUntil(
          async () =>
            done ||
            (await db.syncState.findUnique({ where: { companyId_flow: { companyId, flow: first! } } }))?.stage ===
              "load",
          120_000,
          `${first} to read`,
        );
      }
      await Promise.all([running, ...rest.map(timed)]);
      for (const id of group)
        if (results[id]!.error && !o.tolerateErrors) throw new Error(`${id}: ${results[id]!.error}`);
    }
    return results;
  }

  /** Cycles (failed records made due at once) until nothing is due and no Sage change is waiting. */
  async function settle(o: CycleOptions & { maxCycles?: number } = {}): Promise<number> {
    const models = modelsOf(flowsOf(o));
    for (let n = 1; n <= (o.maxCycles ?? 12); n++) {
      await db.syncRecord.updateMany({
        where: { companyId, status: "FAILED" },
        data: { nextAttemptAt: new Date(Date.now() - 1) },
      });
      await cycle(o);
      await poller.pollAll().catch((error: unknown) => {
        if (!o.tolerateErrors) throw error;
      });
      const [dueNow, batches] = await Promise.all([
        due(models),
        db.sage100ChangeBatch.count({
          where: { companyId, processedAt: null, sageTable: { in: ["AR_Customer", "AP_Vendor", "CI_Item"] } },
        }),
      ]);
      if (dueNow === 0 && batches === 0) return n;
    }
    const left = await db.syncRecord.findMany({
      where: { companyId, model: { in: models }, ...dueWhere(now ?? new Date()) },
      take: 10,
    });
    throw new Error(
      `The flows did not settle: ${left.map((r) => `${r.system} ${r.model} ${r.externalId} ${r.status} ${r.errorMessage ?? ""}`).join("; ")}`,
    );
  }

  return { tenant, companyId, account, sim, clock, agent, poller, kashflowClient, context, setNow, run, cycle, settle };
}

/** A person at Sage 100: a BOI session of its own on the simulator, writing one record. */
export function sageWrite(
  sim: Sage100Simulator,
  o: {
    object: string;
    task: string;
    module: string;
    key: Record<string, string>;
    values: Record<string, string | number>;
  },
): void {
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

/** Many customers entered in Sage 100 on one session (a data load before Ledgerlink is connected). */
export function sageBulkCustomers(
  sim: Sage100Simulator,
  rows: ReadonlyArray<{ customerNo: string; values: Record<string, string> }>,
): void {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const script: any = sim.createScript();
  script.Init(DEFAULT_HOME_PATH);
  const session = script.NewObject("SY_Session");
  session.nSetUser("admin", "admin");
  session.nSetCompany("ABC");
  session.nSetDate("A/R", "20250315");
  session.nSetModule("A/R");
  session.nSetProgram(session.nLookupTask("AR_Customer_ui"));
  const bus = script.NewObject("AR_Customer_bus", session);
  try {
    for (const row of rows) {
      bus.nSetKeyValue("ARDivisionNo$", "00");
      bus.nSetKeyValue("CustomerNo$", row.customerNo);
      if (bus.nSetKey() === 0) throw new Error(bus.sLastErrorMsg);
      for (const [column, value] of Object.entries(row.values))
        if (bus.nSetValue(`${column}$`, value) === 0) throw new Error(`${column}: ${bus.sLastErrorMsg}`);
      if (bus.nWrite() === 0) throw new Error(bus.sLastErrorMsg);
    }
  } finally {
    bus.DropObject();
    session.nCleanup();
    session.DropObject();
  }
}

export const sageCustomer = (sim: Sage100Simulator, customerNo: string, values: Record<string, string | number>) =>
  sageWrite(sim, {
    object: "AR_Customer_bus",
    task: "AR_Customer_ui",
    module: "A/R",
    key: { ARDivisionNo: "00", CustomerNo: customerNo },
    values,
  });

export const sageTable = (sim: Sage100Simulator, table: string) => sim.inspect("ABC", [table]).tables[table] ?? [];

/** Sage's audit stamps of every master record: a write, even of the same values, moves one. */
export function sageStamps(sim: Sage100Simulator): Map<string, string> {
  const out = new Map<string, string>();
  for (const table of ["AR_Customer", "AP_Vendor", "CI_Item"]) {
    for (const row of sageTable(sim, table))
      out.set(
        `${table}|${row.ARDivisionNo ?? row.APDivisionNo ?? ""}|${row.CustomerNo ?? row.VendorNo ?? row.ItemCode}`,
        `${row.DateUpdated} ${row.TimeUpdated}`,
      );
  }
  return out;
}

export { byRef };
