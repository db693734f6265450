// Test harness: a sandbox on a free port, admin calls, and clients whose every HTTP exchange is recorded.
import { createKashflowSandbox, type KashflowSandbox, type KashflowSandboxOptions } from "@/sandbox/kashflow";
import {
  createKashflowClient,
  type KashflowClient,
  type KashflowClientOptions,
  type KashflowCredentials,
} from "../index";

export const ADMIN_KEY = "client-test-admin";

export type Harness = {
  sandbox: KashflowSandbox;
  url: string;
  apiBaseUrl: string;
  admin: <T = any>(method: string, path: string, body?: unknown) => Promise<T>;
  close: () => Promise<void>;
};

export async function startSandbox(options: KashflowSandboxOptions = {}): Promise<Harness> {
  const sandbox = createKashflowSandbox({ adminKey: ADMIN_KEY, ...options });
  const { url } = await sandbox.listen(0);
  const admin = async <T = any>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${url}/admin${path}`, {
      method,
      headers: { "X-Admin-Key": ADMIN_KEY, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`admin ${method} ${path} → ${res.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  };
  return { sandbox, url, apiBaseUrl: `${url}/v2`, admin, close: () => sandbox.close() };
}

export type Account = {
  AccountId: string;
  UserName: string;
  Password: string;
  MemorableWord: string;
  CompanyName: string;
};

export const createAccount = (h: Harness, body: Record<string, unknown> = {}): Promise<Account> =>
  h.admin<Account>("POST", "/accounts", body);

/** One HTTP exchange as the client saw it. */
export type Exchange = {
  method: string;
  path: string;
  query: URLSearchParams;
  status: number | "error";
  at: number;
  doneAt: number;
  retryAfter: string | null;
  authorization: string | null;
};

/** A fetch that records every exchange (and can tamper with requests). */
export function recordingFetch(tamper?: (url: URL, init: RequestInit) => RequestInit): {
  fetch: typeof fetch;
  calls: Exchange[];
} {
  const calls: Exchange[] = [];
  const wrapped: typeof fetch = async (input, init = {}) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    const finalInit = tamper ? tamper(url, init) : init;
    const headers = new Headers(finalInit.headers);
    const at = Date.now();
    const record: Exchange = {
      method: (finalInit.method ?? "GET").toUpperCase(),
      path: url.pathname,
      query: url.searchParams,
      status: "error",
      at,
      doneAt: at,
      retryAfter: null,
      authorization: headers.get("authorization"),
    };
    calls.push(record);
    try {
      const res = await fetch(url, finalInit);
      record.status = res.status;
      record.retryAfter = res.headers.get("retry-after");
      return res;
    } finally {
      record.doneAt = Date.now();
    }
  };
  return { fetch: wrapped, calls };
}

/** Retries and timeouts small enough for tests; no request budget unless a test sets one. */
export const FAST_LIMITS: KashflowClientOptions["limits"] = {
  requestsPerWindow: 0,
  maxConcurrent: 6,
  timeoutMs: 5_000,
  maxRetries: 3,
  retryBaseDelayMs: 5,
  retryMaxDelayMs: 40,
  maxRetryAfterMs: 5_000,
};

export type TestClient = { client: KashflowClient; calls: Exchange[]; saved: KashflowCredentials[] };

export function sessionCredentials(
  acc: Account,
  over: Partial<Extract<KashflowCredentials, { method: "SESSION_TOKEN" }>> = {},
): KashflowCredentials {
  return {
    method: "SESSION_TOKEN",
    username: acc.UserName,
    password: acc.Password,
    memorableWord: acc.MemorableWord,
    ...over,
  };
}

export function makeClient(
  h: Harness,
  acc: Account,
  o: Partial<KashflowClientOptions> & { tamper?: (url: URL, init: RequestInit) => RequestInit } = {},
): TestClient {
  const { fetch: recorded, calls } = recordingFetch(o.tamper);
  const saved: KashflowCredentials[] = [];
  const client = createKashflowClient({
    accountKey: acc.AccountId,
    endpoints: { apiBaseUrl: h.apiBaseUrl },
    credentials: sessionCredentials(acc),
    onCredentialsChanged: async (c) => {
      saved.push(c);
    },
    fetch: recorded,
    ...o,
    limits: { ...FAST_LIMITS, ...o.limits },
  });
  return { client, calls, saved };
}

export const count = (calls: Exchange[], method: string, path: string | RegExp): number =>
  calls.filter((c) => c.method === method && (typeof path === "string" ? c.path.endsWith(path) : path.test(c.path)))
    .length;

/** Awaits a promise that must fail and returns the error. */
export async function failure(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

export async function drain<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
