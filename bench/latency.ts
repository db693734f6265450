// Benchmark: how soon a change in one system shows in the other (issue 11 §7), on the in-process runner at its
// defaults, with a real agent (simulator driver) at its defaults. Two paths, BENCH_CHANGES changes each (default 200),
// made at random moments (one every ~1.5 s, so each meets the schedules at another point):
//   - an invoice created in the KashFlow sandbox (REST) → posted in Sage 100 (A/R invoice history): the sales-invoice
//     flow reads KashFlow's audit report every `schedule.changesSeconds` (default 30 s; BENCH_CHANGES_SECONDS to try
//     another), target p95 ≤ 15 s;
//   - a Sage 100 stock change → the KashFlow product's quantity: the agent polls the stock table (every 5 s by default;
//     BENCH_STOCK_POLL_MS to try another), its change batch wakes the stock flow at once, target p95 ≤ 5 s.
// This process is the server (runner, engine, agent API); the KashFlow sandbox and the agent run in a child process.
//   npx tsx bench/latency.ts
import { fork } from "node:child_process";
import type { AddressInfo } from "node:net";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { askPeer } from "./lib/ask-peer";
import { mappedBenchCompany } from "./lib/bench-company";

const CHANGES = Number(process.env.BENCH_CHANGES ?? 200);
const SPACING_MS = Number(process.env.BENCH_SPACING_MS ?? 1_500);
const TIMEOUT_MS = 120_000;
const ADMIN = "bench-admin";
const SELF = fileURLToPath(import.meta.url);
const today = () => new Date().toISOString().slice(0, 10);
const addDays = (iso: string, n: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Account = { AccountId: string; UserName: string; Password: string; MemorableWord: string };
type Msg = { kind: string; [k: string]: unknown };

// ---- the child: KashFlow sandbox + the agent on its Sage 100 simulator ----------------------------------------

async function peer(): Promise<void> {
  const { serve } = await import("@hono/node-server");
  const { createKashflowSandbox } = await import("@/sandbox/kashflow");
  const { createSage100Simulator } = await import("@/sandbox/sage100");
  const { createSimulatorDriver } = await import("@/agent/src/drivers/simulator/simulator-driver");
  const { AgentRunner } = await import("@/agent/src/runtime/agent-runner");
  const { pairAgent } = await import("@/agent/src/runtime/pair");
  const { ServerClient } = await import("@/agent/src/runtime/server-client");
  const { StateStore } = await import("@/agent/src/runtime/state-store");
  const sandbox = createKashflowSandbox({ adminKey: ADMIN });
  const server = serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch: (req: Request, env: unknown) => sandbox.app.fetch(req, env as never),
  });
  await new Promise<void>((r) => (server.listening ? r() : server.once("listening", () => r())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const account = sandbox.createAccount({ DataSet: "demo", Seed: 21, AnchorDate: today() }) as Account;
  const sim = createSage100Simulator();
  const posted = (invoiceNo: string) =>
    [...sim.company("ABC").t("AR_InvoiceHistoryHeader").values()].some((r) => r.InvoiceNo === invoiceNo);
  process.on("message", (m: Msg) => {
    if (m.kind === "pair") {
      void (async () => {
        const { token } = await pairAgent({
          code: String(m.code),
          server: String(m.api),
          driver: "simulator",
          sageCompany: "ABC",
          hostname: "bench",
        });
        const stockPoll = process.env.BENCH_STOCK_POLL_MS
          ? { tableIntervalsMs: { IM_ItemWarehouse: Number(process.env.BENCH_STOCK_POLL_MS) } }
          : {};
        const runner = new AgentRunner({
          client: new ServerClient(String(m.api), token),
          driver: createSimulatorDriver({ sim }),
          state: new StateStore(fs.mkdtempSync(path.join(os.tmpdir(), "ll-bench-latency-"))),
          hostname: "bench",
          log: () => undefined,
          ...stockPoll,
        });
        void runner.run();
        process.send?.({ kind: "paired" });
      })();
    }
    // Watches for an invoice in Sage 100's A/R invoice history; answers when it is there.
    if (m.kind === "watch-invoice") {
      const invoiceNo = String(m.invoiceNo);
      void (async () => {
        for (const end = Date.now() + TIMEOUT_MS; Date.now() < end; await sleep(25))
          if (posted(invoiceNo)) return process.send?.({ kind: "posted", invoiceNo, at: Date.now() });
        process.send?.({ kind: "posted", invoiceNo, at: null });
      })();
    }
    if (m.kind === "adjust") {
      sim.adjustInventory("ABC", String(m.itemCode), "000", 1);
      process.send?.({ kind: "adjusted", id: m.id, at: Date.now() });
    }
    if (m.kind === "items") {
      const items = [...sim.company("ABC").t("CI_Item").values()]
        .filter((r) => r.ItemType === "1")
        .map((r) => String(r.ItemCode));
      process.send?.({ kind: "items", items });
    }
  });
  process.send?.({ kind: "ready", url, account });
}

// ---- the measured side ----------------------------------------------------------------------------------------

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
function summary(label: string, samples: number[], targetP95Ms: number, asked: number): void {
  const sorted = [...samples].sort((a, b) => a - b);
  if (!sorted.length) {
    console.log(`  ${label}: no samples`);
    return;
  }
  const p95 = pct(sorted, 95);
  console.log(
    `  ${label}: ${sorted.length}${sorted.length < asked ? ` of ${asked} (the rest did not arrive within ${TIMEOUT_MS / 1000} s)` : ""} changes, p50 ${s(pct(sorted, 50))}, p95 ${s(p95)}, max ${s(sorted.at(-1)!)} ` +
      `(target p95 ≤ ${s(targetP95Ms)}: ${p95 <= targetP95Ms && sorted.length === asked ? "met" : "NOT met"})`,
  );
}

async function main(): Promise<void> {
  const { createTestDatabase } = await import("../scripts/lib/test-database");
  const database = await createTestDatabase(`ledgerlink_bench_latency_${process.pid}`);
  process.env.DATABASE_URL = database.url;
  process.env.AUTH_SECRET ??= "bench-secret-bench-secret-bench-secret-0123";
  process.env.ENCRYPTION_KEY ??= "0123456789abcdef".repeat(4);
  process.env.APP_ENV = "test";

  const { db } = await import("@/server/db");
  const { startAgentApiServer } = await import("@/server/integrations/sage100/testing/agent-api-server");
  const { createPairingCode } = await import("@/server/integrations/sage100/pairing");
  const { createKashflowClient } = await import("@/server/integrations/kashflow");
  const { loadSyncSettings, saveSyncSettings } = await import("@/server/sync/settings");
  const { startInProcessRunner } = await import("@/server/sync/runner/in-process");
  const { readState } = await import("@/server/sync/flows/sales-invoices/state");
  const { FLOWS } = await import("@/server/sync/flows");
  const { sageInvoiceNumber } = await import("@/server/sync/rules/sage-invoice-number");

  const api = await startAgentApiServer();
  const child = fork(SELF, [], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, BENCH_ROLE: "peer" },
    stdio: "inherit",
  });
  const { url, account } = await askPeer<{ kind: string; url: string; account: Account }>(child, "ready");

  const { company, scope } = await mappedBenchCompany("bench", account, `${url}/v2`);
  const settings = await loadSyncSettings(company.id);
  const changesSeconds = Number(process.env.BENCH_CHANGES_SECONDS ?? settings.schedule.changesSeconds);
  // Every flow on (stock into KashFlow starts off for a new company).
  await saveSyncSettings(company.id, {
    ...settings,
    pausedFlows: [],
    schedule: { ...settings.schedule, changesSeconds },
    salesInvoices: { ...settings.salesInvoices, startDate: addDays(today(), -250) },
  });
  await askPeer(child, "paired", {
    kind: "pair",
    code: (await createPairingCode({ ...scope, userId: null })).code,
    api: api.url,
  });
  await db.company.update({ where: { id: company.id }, data: { status: "LIVE", wentLiveAt: new Date() } });
  console.log(
    `Latency, one company, in-process runner and agent at their defaults; sales invoices every ${changesSeconds} s, agent stock poll every ${process.env.BENCH_STOCK_POLL_MS ?? "5000 (default)"} ms; ${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(1)}`,
  );

  // The first sync: every flow once, the existing invoices carried.
  const runner = startInProcessRunner({ companyIds: [company.id], log: () => undefined });
  const firstSyncAt = Date.now();
  await runner.tick();
  for (;;) {
    await sleep(1_000);
    const ran = await db.syncState.count({ where: { companyId: company.id, runFinishedAt: { not: null } } });
    const pending = await db.syncRecord.count({
      where: { companyId: company.id, system: "KASHFLOW", model: "sales_invoice", status: "PENDING" },
    });
    if (ran >= FLOWS.length && pending === 0 && !(await readState(company.id)).initial) break;
    if (Date.now() - firstSyncAt > 600_000) throw new Error("the first sync did not finish in 10 minutes");
  }
  console.log(`  first sync done in ${s(Date.now() - firstSyncAt)}`);

  // Invoices created in KashFlow, one every ~SPACING_MS, each watched until Sage 100 has it posted.
  const kashflow = createKashflowClient({
    accountKey: `bench-writer:${account.AccountId}`,
    endpoints: { apiBaseUrl: `${url}/v2` },
    credentials: {
      method: "SESSION_TOKEN",
      username: account.UserName,
      password: account.Password,
      memorableWord: account.MemorableWord,
    },
    limits: { requestsPerWindow: 1_000_000, maxConcurrent: 4 },
  });
  const customer = (await kashflow.customers.list().next()).value as { Code: string };
  const prefix = (await loadSyncSettings(company.id)).salesInvoices.sage100Prefix;
  const invoiceLatency: number[] = [];
  const invoiceWaits: Promise<void>[] = [];
  for (let i = 0; i < CHANGES; i++) {
    const createdAt = Date.now();
    const created = await kashflow.invoices.create({
      CustomerCode: customer.Code,
      IssuedDate: `${today()} 12:00:00`,
      LineItems: [{ Description: `Latency ${i}`, Quantity: 1, Rate: 10 + i, VATLevel: 20, NominalCode: 4000 }],
    });
    const invoiceNo = sageInvoiceNumber(created.Number, prefix);
    invoiceWaits.push(
      askPeer<{ kind: string; invoiceNo: string; at: number | null }>(
        child,
        "posted",
        { kind: "watch-invoice", invoiceNo },
        (m) => m.invoiceNo === invoiceNo,
      ).then((m) => {
        if (m.at) invoiceLatency.push(m.at - createdAt);
      }),
    );
    await sleep(SPACING_MS * (0.5 + Math.random()));
  }
  await Promise.all(invoiceWaits);
  summary("KashFlow invoice → posted in Sage 100", invoiceLatency, 15_000, CHANGES);

  // Stock: +1 on a linked, stock-managed item at a time, one every ~SPACING_MS; watched in KashFlow.
  const links = await db.entityLink.findMany({
    where: { companyId: company.id, model: "item" },
    select: { kashflowId: true, sage100Key: true },
  });
  const { items } = await askPeer<{ kind: string; items: string[] }>(child, "items", { kind: "items" });
  const products: { itemCode: string; nominal: number; code: string; qty: number }[] = [];
  for (const link of links.filter((l) => items.includes(l.sage100Key))) {
    const [nominal, code] = link.kashflowId.split("/") as [string, string];
    const product = await kashflow.products.get(Number(nominal), code);
    if (product.ManageStockLevel)
      products.push({
        itemCode: link.sage100Key,
        nominal: Number(nominal),
        code,
        qty: Number(product.QuantityInStock),
      });
  }
  if (products.length === 0) throw new Error("no linked, stock-managed item to change");
  const stockLatency: number[] = [];
  const stockWaits: Promise<void>[] = [];
  for (let i = 0; i < CHANGES; i++) {
    const p = products[i % products.length]!;
    const expected = ++p.qty;
    const { at: changedAt } = await askPeer<{ kind: string; id: number; at: number }>(
      child,
      "adjusted",
      { kind: "adjust", id: i, itemCode: p.itemCode },
      (m) => m.id === i,
    );
    stockWaits.push(
      (async () => {
        for (const end = changedAt + TIMEOUT_MS; Date.now() < end; await sleep(50)) {
          if (Number((await kashflow.products.get(p.nominal, p.code)).QuantityInStock) >= expected)
            return void stockLatency.push(Date.now() - changedAt);
        }
      })(),
    );
    await sleep(SPACING_MS * (0.5 + Math.random()));
  }
  await Promise.all(stockWaits);
  summary("Sage 100 stock change → KashFlow quantity", stockLatency, 5_000, CHANGES);
  console.log(`  (machine: load average ${os.loadavg()[0]!.toFixed(1)})`);

  void runner.stop();
  await new Promise((r) => (child.once("exit", r), child.kill()));
  await api.close();
  await db.$disconnect();
  await database.dispose();
  process.exit(0);
}

(process.env.BENCH_ROLE === "peer" ? peer() : main()).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
