// Benchmark: KashFlow sales invoices through the detail flow into the Sage 100 simulator, with no injected latency.
// This process is the server side (flow engine, ledger, agent API routes, Prisma) and is what is measured:
// invoices/s, peak RSS, Postgres statements per invoice (every statement a pg client sends, BEGIN/COMMIT included,
// counted by wrapping pg.Client#query), and RSS every 10,000 invoices to show memory stays flat. The KashFlow
// sandbox and the real agent (simulator driver) run in a child process: they hold the whole books in memory, as
// KashFlow and Sage 100 would on their own machines, and would otherwise hide the server's memory curve.
//   npx tsx bench/sales-invoices.ts            (BENCH_INVOICES=10000,100000 by default; e.g. BENCH_INVOICES=2000)
import { fork } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { askPeer } from "./lib/ask-peer";
import { treeCpuSeconds } from "./lib/proc-cpu";
import { printTopStatements, resetStatements, statements } from "./lib/count-statements";

const SIZES = (process.env.BENCH_INVOICES ?? "10000,100000")
  .split(",")
  .map((s) => Number(s.trim()))
  .filter((n) => n > 0);
/** Invoices issued up to this day; "now" for the flow is the day after, so every seeded invoice is in its first load. */
const ANCHOR = "2027-06-30";
const NOW = new Date("2027-07-01T09:00:00Z");
const ADMIN = "bench-admin";
const SELF = fileURLToPath(import.meta.url);

type PeerReady = {
  kind: "ready";
  url: string;
  account: {
    AccountId: string;
    UserName: string;
    Password: string;
    MemorableWord: string;
    Counts: Record<string, number>;
  };
};
type PeerStats = {
  kind: "stats";
  rss: number;
  maxRss: number;
  posted: number;
  openInvoices: number;
  pendingInvoices: number;
  commands: number;
};

// ---- the child: KashFlow sandbox + real agent on the Sage 100 simulator -------------------------------------

async function peer(): Promise<void> {
  const { createKashflowSandbox } = await import("@/sandbox/kashflow");
  const { createSage100Simulator } = await import("@/sandbox/sage100");
  const { createSimulatorDriver } = await import("@/agent/src/drivers/simulator/simulator-driver");
  const { AgentRunner } = await import("@/agent/src/runtime/agent-runner");
  const { pairAgent } = await import("@/agent/src/runtime/pair");
  const { ServerClient } = await import("@/agent/src/runtime/server-client");
  const { StateStore } = await import("@/agent/src/runtime/state-store");
  const send = (m: unknown) => process.send?.(m);

  const sandbox = createKashflowSandbox({ adminKey: ADMIN });
  const { url } = await sandbox.listen(0);
  const account = sandbox.createAccount({
    DataSet: "demo",
    Seed: 11,
    AnchorDate: ANCHOR,
    Size: { Invoices: Number(process.env.BENCH_N) },
  });
  const sim = createSage100Simulator();
  const driver = createSimulatorDriver({ sim });
  const api = process.env.BENCH_API!;
  const { token } = await pairAgent({
    code: process.env.BENCH_CODE!,
    server: api,
    driver: "simulator",
    sageCompany: "ABC",
    hostname: "bench",
  });
  // BENCH_TRACE: where the agent's time goes (waiting on leases, executing, sending results).
  const trace = { lease: 0, leases: 0, leased: 0, execute: 0, result: 0, results: 0 };
  if (process.env.BENCH_TRACE) {
    const proto = ServerClient.prototype as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
    for (const name of ["lease", "result"] as const) {
      const original = proto[name]!;
      proto[name] = async function (this: unknown, ...a: unknown[]) {
        const t = performance.now();
        const out = await original.apply(this, a);
        if (name === "lease") {
          trace.lease += performance.now() - t;
          trace.leases++;
          trace.leased += (out as { commands: unknown[] }).commands.length;
        } else {
          trace.result += performance.now() - t;
          trace.results++;
        }
        return out;
      };
    }
    const withSession = driver.withSession.bind(driver);
    driver.withSession = async (fn) => {
      const t = performance.now();
      try {
        return await withSession(fn);
      } finally {
        trace.execute += performance.now() - t;
      }
    };
  }
  const runner = new AgentRunner({
    client: new ServerClient(api, token),
    driver,
    state: new StateStore(fs.mkdtempSync(path.join(os.tmpdir(), "ll-bench-agent-"))),
    hostname: "bench",
    heartbeatIntervalMs: 2_000,
    changesIntervalMs: 0,
    leaseWaitMs: 1_000,
    leaseMs: 60_000,
    log: () => undefined,
  });
  const done = runner.run();
  send({ kind: "ready", url, account } satisfies PeerReady);
  process.on("message", (m: { kind: string }) => {
    if (m.kind === "stats") {
      const t = (name: string) => sim.company("ABC").t(name).size;
      if (process.env.BENCH_TRACE)
        console.log(
          `  agent: ${trace.leases} leases (${trace.leased} commands) waiting ${(trace.lease / 1000).toFixed(1)}s, BOI execution ${(trace.execute / 1000).toFixed(1)}s, ${trace.results} results ${(trace.result / 1000).toFixed(1)}s`,
        );
      send({
        kind: "stats",
        rss: process.memoryUsage().rss,
        maxRss: process.resourceUsage().maxRSS * 1024,
        posted: t("AR_InvoiceHistoryHeader"),
        openInvoices: t("AR_OpenInvoice"),
        pendingInvoices: t("AR_InvoiceHeader"),
        commands: runner.commandsExecuted,
      } satisfies PeerStats);
    }
    if (m.kind === "stop") {
      void (async () => {
        await runner.stop();
        await done;
        await driver.close();
        await sandbox.close();
        process.exit(0);
      })();
    }
  });
}

// ---- the measured side ---------------------------------------------------------------------------------------

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const days = (from: string, to: string) => {
  const out: string[] = [];
  for (let d = Date.parse(`${from}T00:00:00Z`); d <= Date.parse(`${to}T00:00:00Z`); d += 86_400_000)
    out.push(new Date(d).toISOString().slice(0, 10));
  return out;
};

async function main(): Promise<void> {
  const { createTestDatabase } = await import("../scripts/lib/test-database");
  const database = await createTestDatabase(`ledgerlink_bench_${process.pid}`);
  process.env.DATABASE_URL = database.url;
  process.env.AUTH_SECRET ??= "bench-secret-bench-secret-bench-secret-0123";
  process.env.ENCRYPTION_KEY ??= "0123456789abcdef".repeat(4);
  process.env.APP_ENV = "test";

  const { db } = await import("@/server/db");
  const { agentRateLimits, TokenBucket } = await import("@/server/integrations/sage100/rate-limit");
  const { startAgentApiServer } = await import("@/server/integrations/sage100/testing/agent-api-server");
  const { createPairingCode } = await import("@/server/integrations/sage100/pairing");
  const { createKashflowClient } = await import("@/server/integrations/kashflow");
  const { createCompany, createOrg, createUser } = await import("@/tests/factories");
  const { buildFlowContext } = await import("@/server/sync/engine/context");
  const { runFlow } = await import("@/server/sync/engine/run-loop");
  const { flowById } = await import("@/server/sync/flows");
  const { saveMapping } = await import("@/server/sync/mappings/save-mapping");
  const { saveFxRates } = await import("@/server/sync/mappings/fx");
  const { parseSyncSettings, saveSyncSettings } = await import("@/server/sync/settings");
  const { readState } = await import("@/server/sync/flows/sales-invoices/state");

  // The server's per-agent request limit (50/s) is a deployment policy; lifted here to measure the pipeline itself.
  agentRateLimits.perAgent = new TokenBucket(1e9, 1e9);
  const api = await startAgentApiServer();
  console.log(
    `Sales invoices, detail mode, KashFlow sandbox → real agent (simulator driver) over HTTP; sizes ${SIZES.join(", ")}; ${os.cpus().length} CPUs\n`,
  );

  for (const size of SIZES) {
    const owner = await createUser("bench");
    const org = await createOrg(owner);
    const company = await createCompany(org);
    await db.company.update({ where: { id: company.id }, data: { status: "PAUSED" } });
    const { code } = await createPairingCode({ orgId: org.id, companyId: company.id, userId: null });
    const seeding = Date.now();
    const child = fork(SELF, [], {
      execArgv: [
        "--import",
        "tsx",
        ...(process.env.BENCH_PEER_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PEER_PROF}`] : []),
      ],
      env: { ...process.env, BENCH_ROLE: "peer", BENCH_N: String(size), BENCH_API: api.url, BENCH_CODE: code },
      stdio: "inherit",
    });
    try {
      const ready = await askPeer<PeerReady>(child, "ready");
      for (
        let i = 0;
        !(await db.sage100Agent.findFirst({ where: { activeCompanyId: company.id, lastHeartbeatAt: { not: null } } }));
        i++
      ) {
        if (i > 200) throw new Error("the agent never reported");
        await new Promise((r) => setTimeout(r, 50));
      }
      console.log(
        `${size} invoices: KashFlow books seeded and agent paired in ${((Date.now() - seeding) / 1000).toFixed(1)}s (${JSON.stringify(ready.account.Counts)})`,
      );

      // The company's setup: mappings for the seeded chart and VAT rates, a rate for every day, the start date.
      const who = { orgId: org.id, companyId: company.id, userId: owner.id };
      for (const [kind, sourceKey, targetValue] of [
        ["nominal_to_gl", "4000", "4000-00"],
        ["nominal_to_gl", "4010", "4010-00"],
        ["nominal_to_gl", "4900", "4050-00"],
        ["nominal_to_gl", "2200", "2200-00"],
        ["nominal_to_gl", "1100", "1200-00"],
        ["vat_to_tax_class", "20", "TX"],
        ["vat_to_tax_class", "5", "TX"],
        ["vat_to_tax_class", "0", "NT"],
        ["vat_to_tax_class", "EXEMPT", "NT"],
      ] as const)
        await saveMapping({ ...who, kind, sourceKey, targetValue });
      const rateDays = days("2025-02-01", ANCHOR);
      // In chunks: one save is one transaction, which a busy machine may not finish within its timeout.
      for (let at = 0; at < rateDays.length; at += 100)
        await saveFxRates({
          ...who,
          source: "csv",
          rates: rateDays.slice(at, at + 100).flatMap((day) => [
            { fromCurrency: "GBP", toCurrency: "USD", day, rate: "1.2712" },
            { fromCurrency: "EUR", toCurrency: "USD", day, rate: "1.0815" },
          ]),
        });
      await saveSyncSettings(
        company.id,
        parseSyncSettings({ salesInvoices: { startDate: "2025-02-01", mode: "detail" } }),
      );

      const kashflow = createKashflowClient({
        accountKey: `bench:${ready.account.AccountId}`,
        endpoints: { apiBaseUrl: `${ready.url}/v2` },
        credentials: {
          method: "SESSION_TOKEN",
          username: ready.account.UserName,
          password: ready.account.Password,
          memorableWord: ready.account.MemorableWord,
        },
        limits: { requestsPerWindow: 1_000_000, maxConcurrent: Number(process.env.BENCH_KASHFLOW_CONCURRENCY ?? 8) },
      });
      const context = async (flowId: string) => ({
        ...(await buildFlowContext(company.id, flowId)),
        kashflow: async () => kashflow,
        now: NOW,
      });
      // Time spent per stage (BENCH_TRACE=1 prints it), to see where a run goes.
      const spent: Record<string, number> = {};
      // Server CPU (ms) over the detect stage, which runs alone: the rest of the measured CPU is the load stages.
      let detectCpu = 0;
      /** Monotonic µs spans of the detect stages, to cut a --cpu-prof profile to them. */
      const detectSpans: string[] = [];
      const timedDetect =
        <A extends unknown[], R>(fn: (...a: A) => Promise<R>) =>
        async (...a: A) => {
          const c = process.cpuUsage();
          const from = process.hrtime.bigint() / 1000n;
          try {
            return await fn(...a);
          } finally {
            const d = process.cpuUsage(c);
            detectCpu += (d.user + d.system) / 1000;
            detectSpans.push(`${from}-${process.hrtime.bigint() / 1000n}`);
          }
        };
      const timed =
        <A extends unknown[], R>(name: string, fn: (...a: A) => Promise<R>) =>
        async (...a: A) => {
          const t = performance.now();
          try {
            return await fn(...a);
          } finally {
            spent[name] = (spent[name] ?? 0) + performance.now() - t;
          }
        };
      const traced = (flowId: string) => {
        const f = flowById(flowId)!;
        return {
          ...f,
          detect: timed("detect", timedDetect(f.detect)),
          rules: timed("rules", f.rules),
          load: timed("load", f.load),
          ...(f.loadBatch ? { loadBatch: timed("loadBatch", f.loadBatch) } : {}),
          ...(f.propagate ? { propagate: timed("propagate", f.propagate) } : {}),
        };
      };
      const run = async (flowId: string) =>
        runFlow(await context(flowId), traced(flowId), { nextRunAt: new Date(Date.now() + 60_000) });

      // Customers first (not measured): every invoice's customer is in Sage 100 before the invoices go.
      const customersAt = Date.now();
      const customers = await run("customers.kashflow_to_sage100");
      if (customers.error) throw new Error(customers.error);
      console.log(
        `  customers first: ${customers.counts.SYNCED} in ${((Date.now() - customersAt) / 1000).toFixed(1)}s`,
      );

      // Measured: runs of the sales-invoice flow until the first load is done and nothing is due.
      if (global.gc) global.gc();
      resetStatements();
      const cpu = () => ({
        server: process.cpuUsage(),
        postgres: treeCpuSeconds(process.pid, { skip: new Set([child.pid ?? -1]), self: false }),
        peer: treeCpuSeconds(child.pid ?? -1),
      });
      const cpuBefore = cpu();
      const started = performance.now();
      // Monotonic µs, the clock of --cpu-prof samples: lets a profile be cut to the measured runs.
      const monoStart = process.hrtime.bigint() / 1000n;
      const totals: Record<string, number> = {};
      const curve: string[] = [];
      // Memory every 10,000 invoices carried, sampled while the runs go (one run may carry them all).
      let next = 10_000;
      const sample = async () => {
        const carriedNow = await db.syncRecord.count({
          where: { companyId: company.id, system: "KASHFLOW", model: "sales_invoice", status: { not: "PENDING" } },
        });
        while (carriedNow >= next) {
          if (global.gc) global.gc();
          const m = process.memoryUsage();
          curve.push(`${next / 1000}k: RSS ${mb(m.rss)} heap ${mb(m.heapUsed)}`);
          next += 10_000;
        }
      };
      let sampling = Promise.resolve();
      const sampler = setInterval(() => void (sampling = sampling.then(sample).catch(() => undefined)), 2_000);
      for (let runs = 1; ; runs++) {
        const result = await run("sales_invoices.kashflow_to_sage100");
        if (result.error) throw new Error(`run ${runs}: ${result.error}`);
        for (const [k, v] of Object.entries(result.counts)) totals[k] = (totals[k] ?? 0) + v;
        const handled =
          result.counts.SYNCED + result.counts.HELD + result.counts.SKIPPED + result.counts.DEAD + result.counts.FAILED;
        if (handled === 0 && result.counts.detected === 0 && !(await readState(company.id)).initial) break;
      }
      const seconds = (performance.now() - started) / 1000;
      if (process.env.BENCH_TRACE)
        console.log(`  profile window (monotonic µs): ${monoStart}-${process.hrtime.bigint() / 1000n}`);
      clearInterval(sampler);
      await sampling;
      await sample();
      const sql = statements.count;
      const cpuAfter = cpu();
      const peer = await askPeer<PeerStats>(child, "stats", { kind: "stats" });
      const invoices = totals.inserted ?? 0;
      console.log(
        `  carried ${invoices} invoices in ${seconds.toFixed(1)}s = ${(invoices / seconds).toFixed(1)} invoices/s`,
      );
      console.log(
        `  outcomes: ${["SYNCED", "SKIPPED", "HELD", "FAILED", "DEAD"].map((k) => `${k} ${totals[k] ?? 0}`).join(", ")}`,
      );
      console.log(
        `  Sage 100: ${peer.posted} A/R invoices posted, ${peer.pendingInvoices} left in data entry, ${peer.commands} agent commands`,
      );
      console.log(`  Postgres statements: ${sql} = ${(sql / Math.max(1, invoices)).toFixed(1)} per invoice`);
      printTopStatements();
      const serverCpu =
        (cpuAfter.server.user + cpuAfter.server.system - cpuBefore.server.user - cpuBefore.server.system) / 1000;
      const perInvoice = (ms: number) => `${(ms / Math.max(1, invoices)).toFixed(1)} ms`;
      console.log(
        `  CPU per invoice: server ${perInvoice(serverCpu)}, Postgres ${perInvoice((cpuAfter.postgres - cpuBefore.postgres) * 1000)}, ` +
          `KashFlow sandbox + agent + simulator ${perInvoice((cpuAfter.peer - cpuBefore.peer) * 1000)} (machine load average ${os.loadavg()[0]!.toFixed(1)})`,
      );
      // Busy share of one core over the measured time: which process, if any, is what limits the rate.
      const share = (ms: number) => `${((ms / 1000 / seconds) * 100).toFixed(0)}%`;
      console.log(
        `  CPU share of one core while carrying: server ${share(serverCpu)}, Postgres ${share((cpuAfter.postgres - cpuBefore.postgres) * 1000)}, ` +
          `KashFlow sandbox + agent + simulator ${share((cpuAfter.peer - cpuBefore.peer) * 1000)} (${os.cpus().length} cores)`,
      );
      console.log(
        `  peak RSS (server side): ${mb(process.resourceUsage().maxRSS * 1024)}; KashFlow sandbox + agent + simulator process: ${mb(peer.maxRss)}`,
      );
      if (process.env.BENCH_TRACE)
        console.log(
          `  server CPU per invoice by stage: detect ${perInvoice(detectCpu)}, the rest (load, agent routes, propagate) ${perInvoice(serverCpu - detectCpu)}`,
          `\n  detect spans (monotonic µs): ${detectSpans.join(",")}`,
        );
      if (curve.length) console.log(`  memory by invoices carried: ${curve.join(", ")}`);
      if (process.env.BENCH_TRACE)
        console.log(
          `  time in stages (summed over concurrent records): ${Object.entries(spent)
            .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}s`)
            .join(", ")}`,
        );
      console.log("");
    } finally {
      child.send({ kind: "stop" });
      await new Promise((r) => child.once("exit", r));
    }
  }
  await api.close();
  await db.$disconnect();
  await database.dispose();
}

if (process.env.BENCH_ROLE === "peer") {
  peer().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
