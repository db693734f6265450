// Benchmark: many companies made due together on the in-process runner (issue 11 §9). Each company has its own
// KashFlow sandbox account (seeded with BENCH_INVOICES invoices) and its own agent on a Sage 100 simulator, is
// mapped as the demo company is, and goes live at the same moment as every other; the runner (at its defaults:
// SYNC_RUNNER_CONCURRENCY 48, 2 per company) then carries everything. Measured per company: time until every sales
// invoice is through (min/median/p95/max; target: slowest within 3× the median) and when its first invoice was read
// (none starves); overall: invoices/s, KashFlow requests/s against the accounts' budgets, runner slots in use, CPU.
// This process is the server (runner, engine, agent API, Prisma); the KashFlow sandbox and the agents run in two
// child processes, as they would on other machines.
//
// Each account's KashFlow request budget is the production one, shared through Postgres: a request that would wait
// longer than KASHFLOW_MAX_BUDGET_WAIT_MS for it is not sent, and the run parks until the budget returns.
//   npx tsx bench/many-tenants.ts          (BENCH_COMPANIES=200 BENCH_INVOICES=200 BENCH_TIMEOUT_MIN=60)
import { fork } from "node:child_process";
import type { AddressInfo } from "node:net";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { askPeer } from "./lib/ask-peer";
import { treeCpuSeconds } from "./lib/proc-cpu";
import { mappedBenchCompany } from "./lib/bench-company";
import { printTopStatements, resetStatements, statements } from "./lib/count-statements";

const COMPANIES = Number(process.env.BENCH_COMPANIES ?? 200);
const INVOICES = Number(process.env.BENCH_INVOICES ?? 200);
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MIN ?? 60) * 60_000;
const ADMIN = "bench-admin";
const SELF = fileURLToPath(import.meta.url);
const today = () => new Date().toISOString().slice(0, 10);
const addDays = (iso: string, n: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

type Account = {
  AccountId: string;
  UserName: string;
  Password: string;
  MemorableWord: string;
  Counts: Record<string, number>;
};
type Msg = { kind: string; [k: string]: unknown };

// ---- peer: the KashFlow sandbox, every account in one server, counting requests ---------------------------------

async function kashflowPeer(): Promise<void> {
  const { serve } = await import("@hono/node-server");
  const { createKashflowSandbox } = await import("@/sandbox/kashflow");
  const sandbox = createKashflowSandbox({ adminKey: ADMIN });
  let requests = 0;
  const server = serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch: (req: Request, env: unknown) => (requests++, sandbox.app.fetch(req, env as never)),
  });
  await new Promise<void>((r) => (server.listening ? r() : server.once("listening", () => r())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.on("message", (m: Msg) => {
    if (m.kind === "accounts") {
      const accounts: Account[] = [];
      for (let i = 0; i < Number(m.n); i++)
        accounts.push(
          sandbox.createAccount({
            DataSet: "demo",
            Seed: 100 + i,
            AnchorDate: String(m.anchor),
            Size: { Invoices: Number(m.invoices) },
          }) as Account,
        );
      process.send?.({ kind: "accounts", url, accounts });
    }
    if (m.kind === "stats") process.send?.({ kind: "stats", requests, rss: process.memoryUsage().rss });
  });
  process.send?.({ kind: "ready" });
}

// ---- peer: one agent per company, each on its own Sage 100 simulator, agent defaults ------------------------------

async function agentsPeer(): Promise<void> {
  const { createSage100Simulator } = await import("@/sandbox/sage100");
  const { createSimulatorDriver } = await import("@/agent/src/drivers/simulator/simulator-driver");
  const { AgentRunner } = await import("@/agent/src/runtime/agent-runner");
  const { pairAgent } = await import("@/agent/src/runtime/pair");
  const { ServerClient } = await import("@/agent/src/runtime/server-client");
  const { StateStore } = await import("@/agent/src/runtime/state-store");
  const agents: { runner: InstanceType<typeof AgentRunner>; sim: ReturnType<typeof createSage100Simulator> }[] = [];
  process.on("message", (m: Msg) => {
    if (m.kind === "pair") {
      void (async () => {
        for (const code of m.codes as string[]) {
          const sim = createSage100Simulator();
          const driver = createSimulatorDriver({ sim });
          const { token } = await pairAgent({
            code,
            server: String(m.api),
            driver: "simulator",
            sageCompany: "ABC",
            hostname: `bench-${agents.length}`,
          });
          // The agent's own defaults (20 s long polls, 15 s heartbeats, 30 s change polls, stock every 5 s).
          const runner = new AgentRunner({
            client: new ServerClient(String(m.api), token),
            driver,
            state: new StateStore(fs.mkdtempSync(path.join(os.tmpdir(), "ll-bench-tenant-"))),
            hostname: `bench-${agents.length}`,
            log: () => undefined,
          });
          void runner.run();
          agents.push({ runner, sim });
        }
        process.send?.({ kind: "paired" });
      })();
    }
    if (m.kind === "stats") {
      const count = (table: string) => agents.reduce((t, a) => t + a.sim.company("ABC").t(table).size, 0);
      process.send?.({
        kind: "stats",
        posted: count("AR_InvoiceHistoryHeader"),
        entered: count("AR_InvoiceHeader"),
        commands: agents.reduce((t, a) => t + a.runner.commandsExecuted, 0),
        rss: process.memoryUsage().rss,
      });
    }
  });
  process.send?.({ kind: "ready" });
}

// ---- the measured side --------------------------------------------------------------------------------------------

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<void> {
  const started = Date.now();
  const { createTestDatabase } = await import("../scripts/lib/test-database");
  const database = await createTestDatabase(`ledgerlink_bench_tenants_${process.pid}`);
  process.env.DATABASE_URL = database.url;
  process.env.AUTH_SECRET ??= "bench-secret-bench-secret-bench-secret-0123";
  process.env.ENCRYPTION_KEY ??= "0123456789abcdef".repeat(4);
  process.env.APP_ENV = "test";

  const { db } = await import("@/server/db");
  const { agentRateLimits, TokenBucket } = await import("@/server/integrations/sage100/rate-limit");
  const { startAgentApiServer } = await import("@/server/integrations/sage100/testing/agent-api-server");
  const { createPairingCode } = await import("@/server/integrations/sage100/pairing");
  const { loadSyncSettings, saveSyncSettings } = await import("@/server/sync/settings");
  const { startInProcessRunner } = await import("@/server/sync/runner/in-process");

  // Pairing is limited per address (anti-abuse); every bench agent pairs from 127.0.0.1.
  agentRateLimits.perAddress = new TokenBucket(1e9, 1e9);
  const api = await startAgentApiServer();
  const peer = (role: string) =>
    fork(SELF, [], { execArgv: ["--import", "tsx"], env: { ...process.env, BENCH_ROLE: role }, stdio: "inherit" });
  const kashflow = peer("kashflow");
  const agents = peer("agents");
  await Promise.all([askPeer(kashflow, "ready"), askPeer(agents, "ready")]);
  console.log(
    `${COMPANIES} companies × ${INVOICES} invoices, in-process runner (SYNC_RUNNER_CONCURRENCY ${process.env.SYNC_RUNNER_CONCURRENCY ?? "48 (default)"}, ${process.env.SYNC_RUNNER_PER_COMPANY ?? 2} per company), KashFlow budgets shared through Postgres (a spent budget parks the run); ${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(1)}`,
  );

  const anchor = today();
  const { url, accounts } = await askPeer<{ kind: string; url: string; accounts: Account[] }>(kashflow, "accounts", {
    kind: "accounts",
    n: COMPANIES,
    invoices: INVOICES,
    anchor,
  });
  console.log(
    `  KashFlow sandbox: ${COMPANIES} accounts seeded in ${s(Date.now() - started)} (each ${JSON.stringify(accounts[0]!.Counts)})`,
  );

  // Every company set up as the demo company is: connected, mapped, rates, the first carried day before its books.
  const companies: { id: string; expected: number }[] = [];
  const codes: string[] = [];
  const setupAt = Date.now();
  for (const [i, account] of accounts.entries()) {
    const { company, scope } = await mappedBenchCompany(`bench-${i}`, account, `${url}/v2`);
    const settings = await loadSyncSettings(company.id);
    await saveSyncSettings(company.id, {
      ...settings,
      salesInvoices: { ...settings.salesInvoices, startDate: addDays(anchor, -250) },
    });
    codes.push((await createPairingCode({ ...scope, userId: null })).code);
    companies.push({ id: company.id, expected: account.Counts.Invoices ?? INVOICES });
  }
  await askPeer(agents, "paired", { kind: "pair", api: api.url, codes });
  const ids = companies.map((c) => c.id);
  for (;;) {
    const heard = await db.sage100Agent.count({
      where: { activeCompanyId: { in: ids }, lastHeartbeatAt: { not: null } },
    });
    if (heard === COMPANIES) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  console.log(`  companies connected, mapped and paired in ${s(Date.now() - setupAt)}`);

  // Go: every company live at the same moment, nothing run before.
  const t0 = Date.now();
  await db.company.updateMany({ where: { id: { in: ids } }, data: { status: "LIVE", wentLiveAt: new Date(t0) } });
  const cpu = () => ({
    server: process.cpuUsage(),
    postgres: treeCpuSeconds(process.pid, { skip: new Set([kashflow.pid ?? -1, agents.pid ?? -1]), self: false }),
    kashflow: treeCpuSeconds(kashflow.pid ?? -1),
    agents: treeCpuSeconds(agents.pid ?? -1),
  });
  const cpuBefore = cpu();
  resetStatements();
  const { requests: requestsBefore } = await askPeer<{ kind: string; requests: number }>(kashflow, "stats", {
    kind: "stats",
  });
  const runner = startInProcessRunner({ log: () => undefined });
  await runner.tick();

  const firstReadAt = new Map<string, number>();
  const doneAt = new Map<string, number>();
  const expected = new Map(companies.map((c) => [c.id, c.expected]));
  let slotSamples = 0;
  let slotSum = 0;
  let lastPrint = 0;
  while (doneAt.size < COMPANIES && Date.now() - t0 < TIMEOUT_MS) {
    await new Promise((r) => setTimeout(r, 1_000));
    const load = runner.load();
    slotSamples++;
    slotSum += load.running;
    const rows = await db.$queryRaw<{ companyId: string; total: bigint; through: bigint }[]>`
      SELECT "companyId", count(*) AS total, count(*) FILTER (WHERE status IN ('SYNCED', 'HELD', 'SKIPPED', 'DEAD')) AS through
      FROM "SyncRecord" WHERE "companyId" = ANY(${ids}) AND system = 'KASHFLOW' AND model = 'sales_invoice' GROUP BY "companyId"`;
    const now = Date.now();
    for (const r of rows) {
      if (!firstReadAt.has(r.companyId) && r.total > 0n) firstReadAt.set(r.companyId, now);
      if (!doneAt.has(r.companyId) && Number(r.through) >= expected.get(r.companyId)! && r.through === r.total)
        doneAt.set(r.companyId, now);
    }
    if (now - lastPrint >= 15_000) {
      lastPrint = now;
      const carried = rows.reduce((t, r) => t + Number(r.through), 0);
      console.log(
        `  ${s(now - t0)}: ${doneAt.size}/${COMPANIES} companies done, ${firstReadAt.size} with invoices read, ${carried} invoices through, runner ${load.running} running / ${load.queued} waiting, load average ${os.loadavg()[0]!.toFixed(1)}`,
      );
    }
  }
  const elapsed = Date.now() - t0;
  const cpuAfter = cpu();
  const { requests } = await askPeer<{ kind: string; requests: number }>(kashflow, "stats", { kind: "stats" });
  const agentStats = await askPeer<{ kind: string; posted: number; entered: number; commands: number; rss: number }>(
    agents,
    "stats",
    { kind: "stats" },
  );
  const through = await db.syncRecord.count({
    where: {
      companyId: { in: ids },
      system: "KASHFLOW",
      model: "sales_invoice",
      status: { in: ["SYNCED", "HELD", "SKIPPED", "DEAD"] },
    },
  });
  const synced = await db.syncRecord.count({
    where: { companyId: { in: ids }, system: "KASHFLOW", model: "sales_invoice", status: "SYNCED" },
  });

  const finish = [...doneAt.values()].map((t) => t - t0).sort((a, b) => a - b);
  const reads = ids.map((id) => (firstReadAt.get(id) ?? Infinity) - t0).sort((a, b) => a - b);
  const median = finish.length ? pct(finish, 50) : NaN;
  console.log(
    `\n  ${doneAt.size}/${COMPANIES} companies finished in ${s(elapsed)}${doneAt.size < COMPANIES ? ` (stopped at BENCH_TIMEOUT_MIN; ${COMPANIES - doneAt.size} unfinished)` : ""}`,
  );
  if (finish.length) {
    console.log(
      `  time to finish per company: min ${s(finish[0]!)}, median ${s(median)}, p95 ${s(pct(finish, 95))}, max ${s(finish.at(-1)!)}`,
    );
    const ratio = finish.at(-1)! / median;
    console.log(
      `  slowest ÷ median: ${ratio.toFixed(2)} (target ≤ 3: ${ratio <= 3 && doneAt.size === COMPANIES ? "met" : "NOT met"})`,
    );
  }
  const starved = reads.filter((r) => !Number.isFinite(r)).length;
  console.log(
    `  first invoice read per company: min ${s(reads[0]!)}, median ${s(pct(reads, 50))}, p95 ${s(pct(reads, 95))}, max ${Number.isFinite(reads.at(-1)!) ? s(reads.at(-1)!) : "never"} (none starving: ${starved === 0 ? "met" : `NOT met, ${starved} never read`})`,
  );
  const kfRequests = requests - requestsBefore;
  const budgetPerSecond =
    (COMPANIES * Number(process.env.KASHFLOW_REQUESTS_PER_WINDOW ?? 300)) /
    (Number(process.env.KASHFLOW_WINDOW_MS ?? 60_000) / 1000);
  console.log(
    `  throughput: ${through} invoices through (${synced} synced; Sage 100 has ${agentStats.posted} in A/R invoice history, ${agentStats.entered} in data entry) = ${(through / (elapsed / 1000)).toFixed(1)} invoices/s`,
  );
  console.log(
    `  KashFlow: ${kfRequests} requests = ${(kfRequests / (elapsed / 1000)).toFixed(1)}/s against budgets of ${budgetPerSecond.toFixed(0)}/s over all accounts`,
  );
  console.log(
    `  runner: ${(slotSum / Math.max(1, slotSamples)).toFixed(1)} runs going on average (of ${process.env.SYNC_RUNNER_CONCURRENCY ?? 48} slots); agents executed ${agentStats.commands} commands`,
  );
  console.log(`  Postgres statements: ${statements.count} = ${(statements.count / (elapsed / 1000)).toFixed(0)}/s`);
  printTopStatements();
  const serverCpu =
    (cpuAfter.server.user + cpuAfter.server.system - cpuBefore.server.user - cpuBefore.server.system) / 1e6;
  const sec = elapsed / 1000;
  console.log(
    `  CPU share of one core over the run: server ${(serverCpu / sec).toFixed(2)}, Postgres ${((cpuAfter.postgres - cpuBefore.postgres) / sec).toFixed(2)}, ` +
      `KashFlow sandbox ${((cpuAfter.kashflow - cpuBefore.kashflow) / sec).toFixed(2)}, agents + simulators ${((cpuAfter.agents - cpuBefore.agents) / sec).toFixed(2)} (machine: ${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(1)})`,
  );

  // The agents first (their long polls would meet a closed database), then the server side.
  void runner.stop();
  await Promise.all([kashflow, agents].map((child) => new Promise((r) => (child.once("exit", r), child.kill()))));
  await api.close();
  await db.$disconnect();
  await database.dispose();
  process.exit(0);
}

const role = process.env.BENCH_ROLE;
const entry = role === "kashflow" ? kashflowPeer : role === "agents" ? agentsPeer : main;
entry().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
