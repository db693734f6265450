// Benchmark: what idle Sage 100 agents cost. 50 agents (one per company) long-poll /api/agent/commands/lease with
// nothing queued for a minute; this process is the server (the real agent route handlers over HTTP, Prisma) and is
// what is measured: server CPU seconds, PostgreSQL CPU seconds (the embedded cluster's processes) and the SQL
// statements the server sent per minute (every statement a pg client of this process sends, counted by wrapping
// pg.Client#query). Then the wake-up: a command enqueued in this process, and one enqueued by another process (a
// second app instance on the same database), each timed until the waiting agent holds it.
//   npx tsx bench/idle-agents.ts          (BENCH_AGENTS=50, BENCH_SECONDS=60 to vary)
import { fork, type ChildProcess } from "node:child_process";
import os from "node:os";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { treeCpuSeconds } from "./lib/proc-cpu";

const AGENTS = Number(process.env.BENCH_AGENTS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const SELF = fileURLToPath(import.meta.url);

type Got = { kind: "got"; index: number; at: number; commands: number };

// ---- child: the agents, long-polling as the real agent does (20 s waits), doing nothing with what they get ------

async function agents(): Promise<void> {
  const url = process.env.BENCH_API!;
  const tokens = JSON.parse(process.env.BENCH_TOKENS!) as string[];
  const stop = new AbortController();
  process.on("message", (m: { kind: string }) => {
    if (m.kind === "stop") stop.abort();
  });
  const poll = async (index: number, token: string) => {
    while (!stop.signal.aborted) {
      try {
        const res = await fetch(`${url}/api/agent/commands/lease`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify({ max: 10, waitMs: 20_000, leaseMs: 120_000 }),
          signal: stop.signal,
        });
        const body = (await res.json()) as { commands?: unknown[] };
        if (!res.ok) throw new Error(`lease answered ${res.status}: ${JSON.stringify(body)}`);
        if (body.commands?.length)
          process.send?.({ kind: "got", index, at: Date.now(), commands: body.commands.length } satisfies Got);
      } catch (error) {
        if (stop.signal.aborted) return;
        console.error(`agent ${index}: ${error instanceof Error ? error.message : String(error)}`);
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  };
  await Promise.all(tokens.map((t, i) => poll(i, t)));
  process.exit(0);
}

// ---- child: another app instance on the same database, enqueueing one command ----------------------------------

async function enqueuer(): Promise<void> {
  const { enqueueCommand } = await import("@/server/integrations/sage100/command-queue");
  const { db } = await import("@/server/db");
  // Connected, and its queries compiled, before the clock starts (for a company no agent waits on).
  await enqueueCommand({
    orgId: process.env.BENCH_ORG!,
    companyId: process.env.BENCH_WARM_COMPANY!,
    command: { type: "ping", payload: {} },
    idempotencyKey: "warm-up",
  });
  const at = Date.now();
  await enqueueCommand({
    orgId: process.env.BENCH_ORG!,
    companyId: process.env.BENCH_COMPANY!,
    command: { type: "ping", payload: {} },
    idempotencyKey: "from-another-instance",
  });
  process.send?.({ kind: "enqueued", at });
  await db.$disconnect();
  process.exit(0);
}

// ---- the measured side ------------------------------------------------------------------------------------------

let statements = 0;
const clientProto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
const query = clientProto.query;
clientProto.query = function counted(this: unknown, ...args: unknown[]) {
  statements++;
  // BENCH_SQL=1: print the statements of the measured minute's first seconds (what one idle poll costs).
  if (process.env.BENCH_SQL && statements < 40)
    console.log(
      `    sql: ${String((args[0] as { text?: string })?.text ?? args[0])
        .replace(/\s+/g, " ")
        .slice(0, 140)}`,
    );
  return query.apply(this, args);
};

function next<T extends { kind: string }>(child: ChildProcess, kind: T["kind"], timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off("message", onMessage);
      reject(new Error(`no "${kind}" within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (m: T) => {
      if (m.kind !== kind) return;
      clearTimeout(timer);
      child.off("message", onMessage);
      resolve(m);
    };
    child.on("message", onMessage);
  });
}

async function main(): Promise<void> {
  const { createTestDatabase } = await import("../scripts/lib/test-database");
  const database = await createTestDatabase(`ledgerlink_bench_idle_${process.pid}`);
  process.env.DATABASE_URL = database.url;
  process.env.AUTH_SECRET ??= "bench-secret-bench-secret-bench-secret-0123";
  process.env.ENCRYPTION_KEY ??= "0123456789abcdef".repeat(4);
  process.env.APP_ENV = "test";

  const { db } = await import("@/server/db");
  const { startAgentApiServer } = await import("@/server/integrations/sage100/testing/agent-api-server");
  const { enqueueCommand } = await import("@/server/integrations/sage100/command-queue");
  const { hashAgentToken, newAgentToken } = await import("@/server/integrations/sage100/agent-tokens");
  const { createCompany, createOrg, createUser } = await import("@/tests/factories");

  const api = await startAgentApiServer();
  const owner = await createUser("bench-idle");
  const org = await createOrg(owner);
  const companies: string[] = [];
  const tokens: string[] = [];
  for (let i = 0; i < AGENTS; i++) {
    const company = await createCompany(org, `Idle ${i}`);
    const token = newAgentToken();
    await db.sage100Agent.create({
      data: {
        companyId: company.id,
        activeCompanyId: company.id,
        tokenHash: hashAgentToken(token),
        hostname: `idle-${i}`,
        version: "bench",
        driver: "simulator",
      },
    });
    companies.push(company.id);
    tokens.push(token);
  }
  const warm = await createCompany(org, "No agent");
  console.log(`${AGENTS} idle agents long-polling (20 s waits) for ${SECONDS} s; ${os.cpus().length} CPUs`);

  const child = fork(SELF, [], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, BENCH_ROLE: "agents", BENCH_API: api.url, BENCH_TOKENS: JSON.stringify(tokens) },
    stdio: "inherit",
  });
  const children = new Set([child.pid ?? -1]);
  try {
    // Every agent is waiting in a long poll before the clock starts.
    await new Promise((r) => setTimeout(r, 3_000));
    const cpu = () => ({
      server: process.cpuUsage(),
      postgres: treeCpuSeconds(process.pid, { skip: children, self: false }),
    });
    const before = cpu();
    statements = 0;
    await new Promise((r) => setTimeout(r, SECONDS * 1_000));
    const sent = statements;
    const after = cpu();
    const serverCpu = (after.server.user + after.server.system - before.server.user - before.server.system) / 1e6;
    const postgresCpu = after.postgres - before.postgres;
    const perMinute = (n: number) => (n * 60) / SECONDS;
    console.log(`  server CPU: ${serverCpu.toFixed(2)} s (${((serverCpu / SECONDS) * 100).toFixed(1)} % of a core)`);
    console.log(
      `  PostgreSQL CPU: ${postgresCpu.toFixed(2)} s (${((postgresCpu / SECONDS) * 100).toFixed(1)} % of a core)`,
    );
    console.log(`  server + PostgreSQL: ${((serverCpu + postgresCpu) / SECONDS).toFixed(3)} of a core`);
    console.log(
      `  SQL statements: ${sent} = ${perMinute(sent).toFixed(0)} per minute (${(perMinute(sent) / AGENTS).toFixed(1)} per agent per minute)`,
    );

    // Wake-ups: enqueued here (in-process event), then from another process (only the database links the two).
    const local = companies[7 % AGENTS]!;
    const gotLocal = next<Got>(child, "got", 25_000);
    const t0 = Date.now();
    await enqueueCommand({
      orgId: org.id,
      companyId: local,
      command: { type: "ping", payload: {} },
      idempotencyKey: "from-this-instance",
    });
    console.log(`  a command enqueued by this instance reached its waiting agent in ${(await gotLocal).at - t0} ms`);

    const remote = companies[13 % AGENTS]!;
    const gotRemote = next<Got>(child, "got", 25_000);
    const other = fork(SELF, [], {
      execArgv: ["--import", "tsx"],
      env: {
        ...process.env,
        BENCH_ROLE: "enqueuer",
        BENCH_ORG: org.id,
        BENCH_COMPANY: remote,
        BENCH_WARM_COMPANY: warm.id,
      },
      stdio: "inherit",
    });
    const enqueued = await next<{ kind: "enqueued"; at: number }>(other, "enqueued", 30_000);
    console.log(
      `  a command enqueued by another instance reached its waiting agent in ${(await gotRemote).at - enqueued.at} ms`,
    );
  } finally {
    child.send({ kind: "stop" });
    await new Promise((r) => child.once("exit", r));
    // Polls the server still holds end against a dropped database: not part of the figures.
    console.error = console.warn = () => undefined;
    await api.close();
    await db.$disconnect();
    await database.dispose();
  }
}

const role = process.env.BENCH_ROLE;
const run = role === "agents" ? agents : role === "enqueuer" ? enqueuer : main;
run()
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
