// The per-account limiter: under a sandbox limit of N requests per window the client never receives more than
// the first window's 429s, shared by every client of the account.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { limiterFor } from "../rate-limit";
import { createAccount, makeClient, startSandbox, type Exchange, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startSandbox();
});
afterAll(async () => {
  await h.close();
});

const N = 10;
const WINDOW_MS = 1000;
const limits = { requestsPerWindow: N, windowMs: WINDOW_MS, maxConcurrent: 6 };
const apiCalls = (calls: Exchange[]) =>
  calls.filter((c) => c.path.startsWith("/v2/") && !c.path.includes("/sessiontoken"));

describe("KashFlow rate limit", () => {
  it("never starts more than N requests within any window after the previous ones finished", async () => {
    const limiter = limiterFor(`unit-${Math.random()}`, {
      requestsPerWindow: 5,
      windowMs: 150,
      maxConcurrent: 3,
      windowMarginMs: 0,
    });
    const spans: { start: number; end: number }[] = [];
    await Promise.all(
      Array.from({ length: 16 }, () =>
        limiter.schedule(async () => {
          const start = performance.now();
          await new Promise((r) => setTimeout(r, 5));
          spans.push({ start, end: performance.now() });
        }),
      ),
    );
    const starts = spans.map((s) => s.start).sort((a, b) => a - b);
    const ends = spans.map((s) => s.end).sort((a, b) => a - b);
    // The (i+5)th start waits for the i-th lease: one window after a request finished.
    for (let i = 0; i + 5 < starts.length; i++) expect(starts[i + 5]! - ends[i]!).toBeGreaterThanOrEqual(150 - 2);
    expect(limiter.stats.started).toBe(16);
  });

  it(`a sandbox limit of ${N} per second and a client limit of ${N} per second: no 429 at all`, async () => {
    const acc = await createAccount(h, { Seed: 7 });
    await h.admin("POST", `/accounts/${acc.AccountId}/faults`, {
      Kind: "rateLimit",
      Limit: N,
      WindowSeconds: WINDOW_MS / 1000,
    });
    const { client, calls } = makeClient(h, acc, { limits });
    await Promise.all(Array.from({ length: 3 * N }, (_, i) => (i % 2 ? client.companyDetails() : client.metadata())));
    const seen = apiCalls(calls);
    expect(seen).toHaveLength(3 * N);
    expect(seen.filter((c) => c.status === 429)).toHaveLength(0);
  });

  it("two clients of the same account share one budget", async () => {
    const acc = await createAccount(h, { Seed: 8 });
    await h.admin("POST", `/accounts/${acc.AccountId}/faults`, {
      Kind: "rateLimit",
      Limit: N,
      WindowSeconds: WINDOW_MS / 1000,
    });
    const a = makeClient(h, acc, { limits });
    const b = makeClient(h, acc, { limits });
    await Promise.all([
      ...Array.from({ length: 12 }, () => a.client.companyDetails()),
      ...Array.from({ length: 12 }, () => b.client.metadata()),
    ]);
    expect([...apiCalls(a.calls), ...apiCalls(b.calls)].filter((c) => c.status === 429)).toHaveLength(0);
    expect(a.client.limiter).toBe(b.client.limiter);
  });

  it("when someone else already spent the window, 429s come only in that first window, then never again", async () => {
    const acc = await createAccount(h, { Seed: 9 });
    await h.admin("POST", `/accounts/${acc.AccountId}/faults`, {
      Kind: "rateLimit",
      Limit: N,
      WindowSeconds: WINDOW_MS / 1000,
    });
    const { SessionToken } = await h.admin<{ SessionToken: string }>("POST", `/accounts/${acc.AccountId}/sessions`);
    // Another process of the same account uses up the server's current window.
    for (let i = 0; i < N; i++)
      await fetch(`${h.apiBaseUrl}/metadata`, { headers: { Authorization: `KfToken ${SessionToken}` } });
    const { client, calls } = makeClient(h, acc, { limits });
    await Promise.all(Array.from({ length: 3 * N }, () => client.metadata()));
    const seen = apiCalls(calls);
    const limited = seen.filter((c) => c.status === 429);
    const firstSuccess = seen.findIndex((c) => c.status === 200);
    expect(limited.length).toBeGreaterThan(0);
    // No more than the first window's worth of requests can meet a 429 …
    expect(limited.length).toBeLessThanOrEqual(N);
    // … and once the account is through, it never meets another.
    expect(seen.slice(firstSuccess).filter((c) => c.status === 429)).toHaveLength(0);
    expect(seen.filter((c) => c.status === 200)).toHaveLength(3 * N);
  });
});
