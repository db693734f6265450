// Benchmark: how close the KashFlow client runs to a server rate limit without meeting 429s, and how fast it
// pages through 10,000 invoices; then two app instances (two processes) sharing the account's budget through
// Postgres, and what a take of that budget costs. Prints figures; asserts nothing about time.
//   npx tsx bench/kashflow-rate-limit.ts      (BENCH_LIMIT, BENCH_WINDOW_S, BENCH_WINDOWS, BENCH_INVOICES to vary)
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createKashflowSandbox } from "@/sandbox/kashflow";
import {
  bucketRuleFor,
  createKashflowClient,
  DEFAULT_LIMITS,
  resetRateLimiters,
  type KashflowClientOptions,
} from "@/server/integrations/kashflow";

const LIMIT = Number(process.env.BENCH_LIMIT ?? 20);
const WINDOW_S = Number(process.env.BENCH_WINDOW_S ?? 1);
const WINDOWS = Number(process.env.BENCH_WINDOWS ?? 8);
const INVOICES = Number(process.env.BENCH_INVOICES ?? 10_000);
const ADMIN = "bench-admin";

type Exchange = { start: number; end: number; status: number };

function recorder() {
  const log: Exchange[] = [];
  const f: typeof fetch = async (input, init) => {
    const entry = { start: performance.now(), end: 0, status: 0 };
    const api =
      String(input instanceof Request ? input.url : input).includes("/v2/") && !String(input).includes("/sessiontoken");
    try {
      const res = await fetch(input, init);
      entry.status = res.status;
      return res;
    } finally {
      entry.end = performance.now();
      if (api) log.push(entry);
    }
  };
  return { fetch: f, log };
}

/** Requests per second in steady state: everything started before the last start, over that span. */
function steadyRate(log: Exchange[]): number {
  const starts = log.map((e) => e.start).sort((a, b) => a - b);
  const first = starts[0] ?? 0;
  const last = starts.at(-1) ?? 0;
  const before = starts.filter((s) => s < last).length;
  return last > first ? before / ((last - first) / 1000) : 0;
}

async function main() {
  const sandbox = createKashflowSandbox({ adminKey: ADMIN });
  const { url } = await sandbox.listen(0);
  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${url}/admin${path}`, {
      method,
      headers: { "X-Admin-Key": ADMIN, "Content-Type": "application/json" },
      body: body ? JSON.stringify(body) : undefined,
    }).then(async (r) => {
      const text = await r.text();
      if (r.status >= 300) throw new Error(`admin ${method} ${path} → ${r.status} ${text}`);
      return text ? (JSON.parse(text) as unknown) : null;
    });
  const newAccount = async (body: Record<string, unknown>) => sandbox.createAccount(body);
  const clientFor = (
    acc: { AccountId: string; UserName: string; Password: string; MemorableWord: string },
    o: Partial<KashflowClientOptions>,
  ) =>
    createKashflowClient({
      accountKey: `bench:${acc.AccountId}`,
      endpoints: { apiBaseUrl: `${url}/v2` },
      credentials: {
        method: "SESSION_TOKEN",
        username: acc.UserName,
        password: acc.Password,
        memorableWord: acc.MemorableWord,
      },
      ...o,
    });

  console.log(
    `KashFlow client benchmark — sandbox limit ${LIMIT} requests per ${WINDOW_S}s window (${(LIMIT / WINDOW_S).toFixed(1)} req/s)\n`,
  );

  // 1. Request rate against the limit, with and without the client's limiter.
  for (const limited of [true, false]) {
    const acc = await newAccount({ DataSet: "empty" });
    await admin("POST", `/accounts/${acc.AccountId}/faults`, {
      Kind: "rateLimit",
      Limit: LIMIT,
      WindowSeconds: WINDOW_S,
    });
    const rec = recorder();
    const client = clientFor(acc, {
      fetch: rec.fetch,
      limits: limited
        ? { requestsPerWindow: LIMIT, windowMs: WINDOW_S * 1000, maxConcurrent: 8, retryBaseDelayMs: 50, maxRetries: 8 }
        : { requestsPerWindow: 0, maxConcurrent: 8, retryBaseDelayMs: 50, maxRetries: 8 },
    });
    await client.companyDetails();
    rec.log.length = 0;
    const total = LIMIT * WINDOWS;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: total }, () => client.metadata()));
    const seconds = (performance.now() - t0) / 1000;
    const ok = rec.log.filter((e) => e.status === 200);
    const rate = steadyRate(ok);
    console.log(
      `${limited ? "client limiter on " : "client limiter off"}: ${total} calls in ${seconds.toFixed(2)}s, ` +
        `${rec.log.length} requests sent, ${rec.log.filter((e) => e.status === 429).length} × 429, ` +
        `steady rate ${rate.toFixed(2)} req/s = ${(rate / (LIMIT / WINDOW_S)).toFixed(3)} of the limit`,
    );
  }

  // 2. Paging throughput over INVOICES invoices (summaries), unthrottled and under the limit.
  const t = performance.now();
  const big = await newAccount({ Seed: 1, Size: { Invoices: INVOICES } });
  console.log(`\nseeded ${INVOICES} invoices in ${((performance.now() - t) / 1000).toFixed(1)}s`);
  for (const [label, perPage, limited] of [
    ["100 per page, no limit", 100, false],
    ["500 per page (skipperpagevalidation), no limit", 500, false],
    [`100 per page under ${LIMIT}/${WINDOW_S}s`, 100, true],
  ] as const) {
    resetRateLimiters();
    if (limited)
      await admin("POST", `/accounts/${big.AccountId}/faults`, {
        Kind: "rateLimit",
        Limit: LIMIT,
        WindowSeconds: WINDOW_S,
      });
    const rec = recorder();
    const client = clientFor(big, {
      fetch: rec.fetch,
      behaviour: { perPage },
      limits: limited ? { requestsPerWindow: LIMIT, windowMs: WINDOW_S * 1000 } : { requestsPerWindow: 0 },
    });
    await client.companyDetails();
    rec.log.length = 0;
    const started = performance.now();
    const seen = new Set<number>();
    for await (const inv of client.invoices.list()) seen.add(inv.Number);
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `paging ${label}: ${seen.size} invoices, ${rec.log.length} requests, ${rec.log.filter((e) => e.status === 429).length} × 429, ` +
        `${seconds.toFixed(2)}s = ${Math.round(seen.size / seconds)} records/s`,
    );
    if (limited) await admin("DELETE", `/accounts/${big.AccountId}/faults`);
  }
  await sandbox.close();
}

const SELF = fileURLToPath(import.meta.url);

type InstanceJob = {
  apiBaseUrl: string;
  accountKey: string;
  username: string;
  password: string;
  memorableWord: string;
  sessionToken: string;
  calls: number;
};

/** A child process: one app instance taking from the shared budget (the app's RequestBudget) for its calls. */
async function instance(): Promise<void> {
  const { sharedRequestBudget } = await import("@/server/services/kashflow/shared-budget");
  process.once("message", async (job: InstanceJob) => {
    const client = createKashflowClient({
      accountKey: job.accountKey,
      endpoints: { apiBaseUrl: job.apiBaseUrl },
      credentials: {
        method: "SESSION_TOKEN",
        username: job.username,
        password: job.password,
        memorableWord: job.memorableWord,
        sessionToken: job.sessionToken,
      },
      limits: {
        requestsPerWindow: LIMIT,
        windowMs: WINDOW_S * 1000,
        maxConcurrent: 8,
        retryBaseDelayMs: 50,
        maxRetries: 8,
        maxBudgetWaitMs: 600_000,
      },
      budget: sharedRequestBudget,
    });
    await Promise.all(Array.from({ length: job.calls }, () => client.metadata()));
    process.send?.("done", () => process.exit(0));
  });
  process.send?.("ready");
}

/** 3. Two app instances against one account through the shared budget, and the cost of one take. */
async function sharedBudget(): Promise<void> {
  const { createTestDatabase } = await import("../scripts/lib/test-database");
  const database = await createTestDatabase(`ledgerlink_bench_${process.pid}`);
  process.env.DATABASE_URL = database.url;
  process.env.AUTH_SECRET ??= "bench-secret-bench-secret-bench-secret-0123";
  const { startRecordingSandbox, busiestWindow } = await import("@/server/services/kashflow/testing/recording-sandbox");
  const { takeFromBucket } = await import("@/server/services/rate-buckets/postgres-bucket");
  const kf = await startRecordingSandbox();
  try {
    const acc = await kf.admin<{ AccountId: string; UserName: string; Password: string; MemorableWord: string }>(
      "POST",
      "/accounts",
      { DataSet: "empty" },
    );
    await kf.admin("POST", `/accounts/${acc.AccountId}/faults`, {
      Kind: "rateLimit",
      Limit: LIMIT,
      WindowSeconds: WINDOW_S,
    });
    const { SessionToken } = await kf.admin<{ SessionToken: string }>("POST", `/accounts/${acc.AccountId}/sessions`);
    const total = LIMIT * WINDOWS;
    const children = await Promise.all(
      [0, 1].map(
        () =>
          new Promise<ReturnType<typeof fork>>((resolve) => {
            const child = fork(SELF, [], {
              execArgv: ["--import", "tsx"],
              env: { ...process.env, BENCH_ROLE: "instance" },
              stdio: "inherit",
            });
            child.once("message", () => resolve(child));
          }),
      ),
    );
    const t0 = performance.now();
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            child.once("message", () => resolve());
            const job: InstanceJob = {
              apiBaseUrl: kf.apiBaseUrl,
              accountKey: `bench:${acc.AccountId}`,
              username: acc.UserName,
              password: acc.Password,
              memorableWord: acc.MemorableWord,
              sessionToken: SessionToken,
              calls: total / 2,
            };
            child.send(job);
          }),
      ),
    );
    const seconds = (performance.now() - t0) / 1000;
    const ok = kf.arrivals.filter((a) => a.status === 200);
    const rate = steadyRate(ok.map((a) => ({ start: a.at, end: a.at, status: a.status })));
    const rule = bucketRuleFor({
      requestsPerWindow: LIMIT,
      windowMs: WINDOW_S * 1000,
      maxConcurrent: 8,
      windowMarginMs: DEFAULT_LIMITS.windowMarginMs,
      reachMs: DEFAULT_LIMITS.budgetReachMs,
      maxWaitMs: 0,
    });
    console.log(
      `\nshared budget, 2 processes: ${total} calls in ${seconds.toFixed(2)}s, ${kf.arrivals.length} requests sent, ${kf.arrivals.filter((a) => a.status === 429).length} × 429, ` +
        `busiest ${WINDOW_S}s window ${busiestWindow(kf.arrivals, WINDOW_S * 1000)}/${LIMIT}, steady rate ${rate.toFixed(2)} req/s = ${(rate / (LIMIT / WINDOW_S)).toFixed(3)} of the limit ` +
        `(bucket: one turn per ${rule?.intervalMs.toFixed(1)} ms after a burst of ${rule ? Math.round(rule.toleranceMs / rule.intervalMs) + 1 : 0})`,
    );
    const prod = bucketRuleFor({ ...DEFAULT_LIMITS, reachMs: DEFAULT_LIMITS.budgetReachMs, maxWaitMs: 0 });
    if (prod)
      console.log(
        `at the default ${DEFAULT_LIMITS.requestsPerWindow} per ${DEFAULT_LIMITS.windowMs / 1000}s the same bucket gives one turn per ${prod.intervalMs.toFixed(1)} ms ` +
          `after a burst of ${Math.round(prod.toleranceMs / prod.intervalMs) + 1}: ${(DEFAULT_LIMITS.windowMs / prod.intervalMs / DEFAULT_LIMITS.requestsPerWindow).toFixed(3)} of the limit`,
      );
    // The cost of a take: one statement, sequential and with 8 takers at once.
    const unlimited = { intervalMs: 0.001, toleranceMs: 1e9, maxWaitMs: 0 };
    for (let i = 0; i < 100; i++) await takeFromBucket("bench|warm", unlimited);
    const cpu0 = process.cpuUsage();
    let t = performance.now();
    const N = 2_000;
    for (let i = 0; i < N; i++) await takeFromBucket("bench|sequential", unlimited);
    const sequentialMs = (performance.now() - t) / N;
    const cpu = process.cpuUsage(cpu0);
    t = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = 0; i < N / 8; i++) await takeFromBucket("bench|contended", unlimited);
      }),
    );
    const contendedPerSecond = N / ((performance.now() - t) / 1000);
    console.log(
      `shared budget take: 1 statement; ${sequentialMs.toFixed(3)} ms each in sequence (${((cpu.user + cpu.system) / 1000 / N).toFixed(3)} ms app CPU); ` +
        `${Math.round(contendedPerSecond)} takes/s on one account with 8 takers at once`,
    );
  } finally {
    await kf.close();
    await database.dispose();
  }
}

if (process.env.BENCH_ROLE === "instance") {
  void instance();
} else {
  main()
    .then(sharedBudget)
    .then(() => process.exit(process.exitCode ?? 0))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
