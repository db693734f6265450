// The KashFlow request budget shared through Postgres, through the production client (clientForCredentials): a long
// wait for budget becomes BudgetSpent at once instead of a request, and a 429's Retry-After holds every instance.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { db } from "@/server/db";
import type { KashflowLimits, RequestBudget } from "@/server/integrations/kashflow";
import { accountKeyFor, clientForCredentials } from "./client-for-company";
import { sharedRequestBudget } from "./shared-budget";
import { startRecordingSandbox, type RecordingSandbox } from "./testing/recording-sandbox";

let kf: RecordingSandbox;
beforeAll(async () => {
  kf = await startRecordingSandbox();
});
afterAll(async () => {
  await kf.close();
});

type Account = { AccountId: string; UserName: string; Password: string; MemorableWord: string };

const FAST: Partial<KashflowLimits> = {
  timeoutMs: 5_000,
  maxRetries: 3,
  retryBaseDelayMs: 5,
  retryMaxDelayMs: 40,
  maxRetryAfterMs: 5_000,
};

async function signedInAccount(): Promise<{ acc: Account; sessionToken: string }> {
  const acc = await kf.admin<Account>("POST", "/accounts", { DataSet: "empty" });
  const { SessionToken } = await kf.admin<{ SessionToken: string }>("POST", `/accounts/${acc.AccountId}/sessions`);
  return { acc, sessionToken: SessionToken };
}

function clientOf(acc: Account, sessionToken: string, limits: Partial<KashflowLimits>) {
  return clientForCredentials({
    companyId: `company-${acc.AccountId}`,
    apiBaseUrl: kf.apiBaseUrl,
    credentials: {
      method: "SESSION_TOKEN",
      username: acc.UserName,
      password: acc.Password,
      memorableWord: acc.MemorableWord,
      sessionToken,
    },
    limits: { ...FAST, ...limits },
  });
}

const apiArrivals = (acc: Account, since: number) =>
  kf.arrivals.filter((a) => a.at >= since && a.path.startsWith("/v2/") && !a.path.includes("sessiontoken"));

describe("shared KashFlow request budget", () => {
  it("when the account's budget is spent for longer than the caller may wait, the call fails at once with BudgetSpent and sends nothing", async () => {
    const { acc, sessionToken } = await signedInAccount();
    // 4 requests per 10 s: one at once, then one about every 3.4 s; waiting more than 300 ms is not allowed.
    const client = clientOf(acc, sessionToken, {
      requestsPerWindow: 4,
      windowMs: 10_000,
      maxConcurrent: 2,
      maxBudgetWaitMs: 300,
    });
    const since = Date.now();
    await client.metadata();
    const started = Date.now();
    const error = await client.metadata().then(
      () => null,
      (e: unknown) => e,
    );
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(isAppError(error)).toBe(true);
    if (!isAppError(error)) return;
    expect(error.code).toBe("RATE_LIMITED");
    expect(error.retryClass).toBe("RATE_LIMITED");
    expect(error.reason).toBe("BudgetSpent");
    expect(error.retryAfterMs).toBeGreaterThan(2_500);
    expect(error.retryAfterMs).toBeLessThanOrEqual(3_500);
    expect(error.message).toMatch(/request budget is used up for now/);
    // Only the first call reached KashFlow; the refused one was not retried into the account either.
    expect(apiArrivals(acc, since)).toHaveLength(1);
  });

  it("a wait within the allowance is waited out: calls of one account are spread over the window, none refused", async () => {
    const { acc, sessionToken } = await signedInAccount();
    // 10 per second with the default burst (1) and reach allowance: one turn every ~144 ms.
    const client = clientOf(acc, sessionToken, {
      requestsPerWindow: 10,
      windowMs: 1_000,
      maxConcurrent: 4,
      maxBudgetWaitMs: 5_000,
    });
    const since = Date.now();
    await Promise.all(Array.from({ length: 8 }, () => client.metadata()));
    const seen = apiArrivals(acc, since).map((a) => a.at);
    expect(seen).toHaveLength(8);
    expect(seen.at(-1)! - seen[0]!).toBeGreaterThanOrEqual(7 * 144 - 60);
  });

  it("a 429 with Retry-After met by one instance holds every instance's requests of the account until it ends", async () => {
    const { acc, sessionToken } = await signedInAccount();
    await kf.admin("POST", `/accounts/${acc.AccountId}/faults`, {
      Kind: "rateLimit",
      Limit: 2,
      WindowSeconds: 60,
      RetryAfterSeconds: 2,
      Times: 1,
    });
    const limits = { requestsPerWindow: 1_000, windowMs: 60_000, maxConcurrent: 2, maxBudgetWaitMs: 5_000 };
    const a = clientOf(acc, sessionToken, limits);
    // Another instance: its own limiter in its own process, the same budget in the database.
    const elsewhere: RequestBudget = {
      take: (k, r) => sharedRequestBudget.take(k, r),
      pause: (k, ms) => sharedRequestBudget.pause(k, ms),
    };
    const b = clientForCredentials({
      companyId: `company-${acc.AccountId}`,
      apiBaseUrl: kf.apiBaseUrl,
      credentials: {
        method: "SESSION_TOKEN",
        username: acc.UserName,
        password: acc.Password,
        memorableWord: acc.MemorableWord,
        sessionToken,
      },
      limits: { ...FAST, ...limits },
    });
    expect(b.limiter).toBe(a.limiter);
    const other = (await import("@/server/integrations/kashflow")).createKashflowClient({
      accountKey: accountKeyFor({
        companyId: `company-${acc.AccountId}`,
        apiBaseUrl: kf.apiBaseUrl,
        username: acc.UserName,
      }),
      endpoints: { apiBaseUrl: kf.apiBaseUrl },
      credentials: {
        method: "SESSION_TOKEN",
        username: acc.UserName,
        password: acc.Password,
        memorableWord: acc.MemorableWord,
        sessionToken,
      },
      limits: { ...FAST, ...limits },
      budget: elsewhere,
    });
    expect(other.limiter).not.toBe(a.limiter);

    const since = Date.now();
    await a.metadata();
    await a.metadata();
    // The third meets the 429 (Retry-After 2 s), then waits it out and goes through.
    const third = a.metadata();
    const key = `kashflow|${a.accountKey}`;
    for (let i = 0; i < 200; i++) {
      const row = await db.rateBucket.findUnique({ where: { key } });
      if (row && row.pausedUntilMs > Date.now()) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const limitedAt = kf.arrivals.find((x) => x.at >= since && x.status === 429)?.at;
    expect(limitedAt).toBeDefined();
    await Promise.all([third, other.metadata()]);
    const after = apiArrivals(acc, since).filter((x) => x.at > limitedAt!);
    // Both the retry and the other instance's request waited for the Retry-After.
    expect(after).toHaveLength(2);
    for (const x of after) expect(x.at - limitedAt!).toBeGreaterThanOrEqual(2_000 - 50);
    expect(apiArrivals(acc, since).filter((x) => x.status === 429)).toHaveLength(1);
  });
});
