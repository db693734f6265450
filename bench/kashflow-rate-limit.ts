// Benchmark: how close the KashFlow client runs to a server rate limit without meeting 429s, and how fast it
// pages through 10,000 invoices. Prints figures; asserts nothing about time.
//   npx tsx bench/kashflow-rate-limit.ts      (BENCH_LIMIT, BENCH_WINDOW_S, BENCH_WINDOWS, BENCH_INVOICES to vary)
import { createKashflowSandbox } from "@/sandbox/kashflow";
import { createKashflowClient, resetRateLimiters, type KashflowClientOptions } from "@/server/integrations/kashflow";

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
    const api = String(input instanceof Request ? input.url : input).includes("/v2/") && !String(input).includes("/sessiontoken");
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
    fetch(`${url}/admin${path}`, { method, headers: { "X-Admin-Key": ADMIN, "Content-Type": "application/json" }, body: body ? JSON.stringify(body) : undefined }).then(async (r) => {
      const text = await r.text();
      if (r.status >= 300) throw new Error(`admin ${method} ${path} → ${r.status} ${text}`);
      return text ? (JSON.parse(text) as unknown) : null;
    });
  const newAccount = async (body: Record<string, unknown>) => sandbox.createAccount(body);
  const clientFor = (acc: { AccountId: string; UserName: string; Password: string; MemorableWord: string }, o: Partial<KashflowClientOptions>) =>
    createKashflowClient({
      accountKey: `bench:${acc.AccountId}`,
      endpoints: { apiBaseUrl: `${url}/v2` },
      credentials: { method: "SESSION_TOKEN", username: acc.UserName, password: acc.Password, memorableWord: acc.MemorableWord },
      ...o,
    });

  console.log(`KashFlow client benchmark — sandbox limit ${LIMIT} requests per ${WINDOW_S}s window (${(LIMIT / WINDOW_S).toFixed(1)} req/s)\n`);

  // 1. Request rate against the limit, with and without the client's limiter.
  for (const limited of [true, false]) {
    const acc = await newAccount({ DataSet: "empty" });
    await admin("POST", `/accounts/${acc.AccountId}/faults`, { Kind: "rateLimit", Limit: LIMIT, WindowSeconds: WINDOW_S });
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
    if (limited) await admin("POST", `/accounts/${big.AccountId}/faults`, { Kind: "rateLimit", Limit: LIMIT, WindowSeconds: WINDOW_S });
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

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
