// Two app instances — two Node processes on one database, each building its clients through kashflowClientForCompany
// — against ONE KashFlow sandbox account that answers 429 above its limit: together they keep to the account's
// budget (no 429, the busiest window within the limit), sign in once between them, and an expired OAuth access
// token is refreshed once (the sandbox rotates refresh tokens and refuses a spent one). Each is set against the same
// two processes with bare clients (each instance on its own, as before), which break the limit and spend a token twice.
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, transaction } from "@/server/db";
import {
  createPkcePair,
  exchangeAuthorizationCode,
  type KashflowCredentials,
  type KashflowOAuthEndpoints,
} from "@/server/integrations/kashflow";
import { createCompany, createOrg, createUser } from "@/tests/factories";
import { openCredentials } from "./connection-secrets";
import { saveConnection } from "./save-connection";
import type { Job, JobResult } from "./testing/instance-child";
import { busiestWindow, startRecordingSandbox, type RecordingSandbox } from "./testing/recording-sandbox";

const CHILD = path.join(import.meta.dirname, "testing/instance-child.ts");
const REDIRECT = "http://127.0.0.1:3211/api/kashflow/callback";
// The sandbox account's limit: 10 requests per 2-second window, then 429 + Retry-After.
const LIMIT = 10;
const WINDOW_MS = 2_000;
const LIMITS = {
  requestsPerWindow: LIMIT,
  windowMs: WINDOW_MS,
  maxConcurrent: 4,
  maxBudgetWaitMs: 60_000,
  retryBaseDelayMs: 50,
  maxRetries: 6,
  timeoutMs: 10_000,
};

let kf: RecordingSandbox;
let oauth: KashflowOAuthEndpoints;
let instances: ChildProcess[] = [];

type Account = { AccountId: string; UserName: string; Password: string; MemorableWord: string };

function startInstance(): Promise<ChildProcess> {
  const child = fork(CHILD, [], {
    execArgv: ["--import", "tsx"],
    env: {
      ...process.env,
      KASHFLOW_OAUTH_AUTHORIZE_URL: oauth.authorizeUrl,
      KASHFLOW_OAUTH_TOKEN_URL: oauth.tokenUrl,
      KASHFLOW_OAUTH_CLIENT_ID: oauth.clientId,
      KASHFLOW_OAUTH_CLIENT_SECRET: oauth.clientSecret,
    },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("message", () => resolve(child));
    child.once("exit", (code) => reject(new Error(`an instance exited (${code}) before it was ready`)));
  });
}

/** Sends the same job to every instance at once and collects their results. */
function runOnAll(job: Omit<Job, "kind">): Promise<JobResult[]> {
  return Promise.all(
    instances.map(
      (child) =>
        new Promise<JobResult>((resolve) => {
          child.once("message", (m: JobResult) => resolve(m));
          child.send({ kind: "job", ...job } satisfies Job);
        }),
    ),
  );
}

async function connectedCompany(credentials: KashflowCredentials) {
  const owner = await createUser("instances-owner");
  const org = await createOrg(owner);
  const company = await createCompany(org);
  await transaction((tx) =>
    saveConnection(tx, {
      orgId: org.id,
      companyId: company.id,
      userId: owner.id,
      authMethod: credentials.method,
      apiBaseUrl: kf.apiBaseUrl,
      credentials,
      accountName: "Two Instances Ltd",
    }),
  );
  return company;
}

async function passwordCompany(): Promise<{ acc: Account; companyId: string }> {
  const acc = await kf.admin<Account>("POST", "/accounts", { DataSet: "empty" });
  await kf.admin("POST", `/accounts/${acc.AccountId}/faults`, {
    Kind: "rateLimit",
    Limit: LIMIT,
    WindowSeconds: WINDOW_MS / 1000,
  });
  // No session token stored: both instances find they must sign in.
  const company = await connectedCompany({
    method: "SESSION_TOKEN",
    username: acc.UserName,
    password: acc.Password,
    memorableWord: acc.MemorableWord,
  });
  return { acc, companyId: company.id };
}

/** An OAuth connection whose access token has expired, holding a refresh token the sandbox will accept once. */
async function expiredOAuthCompany(): Promise<{ companyId: string; refreshToken: string }> {
  const acc = await kf.admin<Account>("POST", "/accounts", { DataSet: "empty" });
  const { codeVerifier, codeChallenge } = createPkcePair();
  const { Code } = await kf.admin<{ Code: string }>("POST", "/oauth/authorize", {
    ClientId: oauth.clientId,
    AccountId: acc.AccountId,
    RedirectUri: REDIRECT,
    CodeChallenge: codeChallenge,
  });
  const tokens = await exchangeAuthorizationCode({ oauth, code: Code, codeVerifier, redirectUri: REDIRECT });
  const company = await connectedCompany({
    method: "OAUTH",
    tokens: { ...tokens, expiresAt: new Date(Date.now() - 60_000) },
  });
  return { companyId: company.id, refreshToken: tokens.refreshToken ?? "" };
}

const apiCalls = (since: number) =>
  kf.arrivals.filter((a) => a.at >= since && a.path.startsWith("/v2/") && !a.path.includes("/sessiontoken"));
const tokenRequests = (since: number) =>
  kf.arrivals.filter((a) => a.at >= since && a.method === "POST" && a.path === new URL(oauth.tokenUrl).pathname);

beforeAll(async () => {
  kf = await startRecordingSandbox();
  const client = await kf.admin<{ ClientId: string; ClientSecret: string; AuthorizeUrl: string; TokenUrl: string }>(
    "POST",
    "/oauth/clients",
    { Name: "Ledgerlink", RedirectUris: [REDIRECT] },
  );
  oauth = {
    authorizeUrl: client.AuthorizeUrl,
    tokenUrl: client.TokenUrl,
    clientId: client.ClientId,
    clientSecret: client.ClientSecret,
  };
  instances = await Promise.all([startInstance(), startInstance()]);
}, 120_000);

afterAll(async () => {
  for (const child of instances) child.send({ kind: "exit" });
  await Promise.all(
    instances.map(
      (child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve))),
    ),
  );
  await kf.close();
});

describe("two app instances, one KashFlow account", () => {
  it("share the account's request budget: no 429, no window above the limit, one sign-in between them", async () => {
    const { companyId } = await passwordCompany();
    const since = Date.now();
    const results = await runOnAll({ companyId, mode: "app", calls: 15, limits: LIMITS });
    expect(results.map((r) => r.failed)).toEqual([[], []]);
    expect(results.map((r) => r.ok)).toEqual([15, 15]);
    const seen = apiCalls(since);
    const signIns = kf.arrivals.filter((a) => a.at >= since && a.path === "/v2/sessiontoken");
    expect(seen).toHaveLength(30);
    expect([...seen, ...signIns].filter((a) => a.status === 429)).toHaveLength(0);
    // Sign-in requests count towards the account's limit as well.
    const all = [...seen, ...signIns];
    expect(busiestWindow(all, WINDOW_MS)).toBeLessThanOrEqual(LIMIT);
    const span = Math.max(...all.map((a) => a.at)) - Math.min(...all.map((a) => a.at));
    expect((all.length - 1) / (span / 1000)).toBeLessThanOrEqual(LIMIT / (WINDOW_MS / 1000));
    // One instance signed in (step 1 + step 2); the other used the token it stored.
    expect(signIns.filter((a) => a.method === "POST")).toHaveLength(1);
    const stored = openCredentials(await db.kashflowConnection.findUniqueOrThrow({ where: { companyId } }));
    expect(results.map((r) => r.credentials)).toEqual([
      { sessionToken: stored.method === "SESSION_TOKEN" ? stored.sessionToken : "?" },
      { sessionToken: stored.method === "SESSION_TOKEN" ? stored.sessionToken : "?" },
    ]);
    console.log(
      `[many-instances] shared budget: ${all.length} requests over ${(span / 1000).toFixed(2)} s = ${((all.length - 1) / (span / 1000)).toFixed(2)} req/s ` +
        `(limit ${LIMIT / (WINDOW_MS / 1000)} req/s), busiest ${WINDOW_MS} ms window ${busiestWindow(all, WINDOW_MS)}/${LIMIT}, 0 × 429`,
    );
  });

  it("each on its own (bare clients, as before) they break the account's limit", async () => {
    const { companyId } = await passwordCompany();
    const since = Date.now();
    await runOnAll({ companyId, mode: "alone", calls: 15, limits: LIMITS });
    const limited = kf.arrivals.filter((a) => a.at >= since && a.status === 429).length;
    expect(limited).toBeGreaterThan(0);
    console.log(`[many-instances] each instance on its own: ${limited} × 429`);
  });

  it("an expired OAuth access token is refreshed once between them; both carry on with the new tokens", async () => {
    const { companyId, refreshToken } = await expiredOAuthCompany();
    const since = Date.now();
    const results = await runOnAll({ companyId, mode: "app", calls: 2, limits: LIMITS });
    expect(results.map((r) => r.failed)).toEqual([[], []]);
    expect(tokenRequests(since)).toHaveLength(1);
    const stored = openCredentials(await db.kashflowConnection.findUniqueOrThrow({ where: { companyId } }));
    if (stored.method !== "OAUTH") throw new Error("expected OAuth credentials");
    expect(stored.tokens.refreshToken).toBeDefined();
    expect(stored.tokens.refreshToken).not.toBe(refreshToken);
    expect(stored.tokens.expiresAt!.getTime()).toBeGreaterThan(Date.now());
    const current = { accessToken: stored.tokens.accessToken, refreshToken: stored.tokens.refreshToken };
    expect(results.map((r) => r.credentials)).toEqual([current, current]);
  });

  it("each on its own, both spend the same refresh token and the second is refused", async () => {
    const { companyId } = await expiredOAuthCompany();
    const since = Date.now();
    const results = await runOnAll({ companyId, mode: "alone", calls: 1, limits: LIMITS });
    expect(tokenRequests(since)).toHaveLength(2);
    expect(results.flatMap((r) => r.failed.map((f) => f.reason))).toEqual(["invalid_grant"]);
  });
});
