// Test helpers: a sandbox on a free port, admin calls, and a logged-in KashFlow client over real HTTP.
import { createKashflowSandbox, type KashflowSandbox, type KashflowSandboxOptions } from "../index";

export const ADMIN_KEY = "test-admin-key";

export interface Harness {
  sb: KashflowSandbox;
  url: string;
  admin: (method: string, path: string, body?: unknown) => Promise<Response>;
  adminJson: <T = any>(method: string, path: string, body?: unknown) => Promise<T>;
  close: () => Promise<void>;
}

export async function startSandbox(options: KashflowSandboxOptions = {}): Promise<Harness> {
  const sb = createKashflowSandbox({ adminKey: ADMIN_KEY, ...options });
  const running = await sb.listen(0);
  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${running.url}/admin${path}`, {
      method,
      headers: { "X-Admin-Key": ADMIN_KEY, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const adminJson = async <T = any>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await admin(method, path, body);
    const text = await res.text();
    if (res.status >= 300) throw new Error(`admin ${method} ${path} → ${res.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  };
  return { sb, url: running.url, admin, adminJson, close: () => sb.close() };
}

export interface Account {
  AccountId: string;
  UserName: string;
  Password: string;
  MemorableWord: string;
  CompanyName: string;
  Counts: Record<string, number>;
}

export const createAccount = (h: Harness, body: Record<string, unknown> = {}): Promise<Account> =>
  h.adminJson<Account>("POST", "/accounts", body);

/** Answers a memorable-word challenge from the account's word. */
export const answer = (word: string, positions: { Position: number }[], transform = (c: string) => c) =>
  positions.map((p) => ({ Position: p.Position, Value: transform(word[p.Position - 1] ?? "") }));

export async function login(h: Harness, acc: Account): Promise<string> {
  const r1 = await fetch(`${h.url}/v2/sessiontoken`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ UserName: acc.UserName, Password: acc.Password }),
  });
  if (r1.status !== 201) throw new Error(`login step 1 → ${r1.status} ${await r1.text()}`);
  const step1 = (await r1.json()) as { TemporaryToken: string; MemorableWordList: { Position: number }[] };
  const r2 = await fetch(`${h.url}/v2/sessiontoken`, {
    method: "PUT",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      TemporaryToken: step1.TemporaryToken,
      MemorableWordList: answer(acc.MemorableWord, step1.MemorableWordList),
    }),
  });
  if (r2.status !== 200) throw new Error(`login step 2 → ${r2.status} ${await r2.text()}`);
  return ((await r2.json()) as { SessionToken: string }).SessionToken;
}

export interface Client {
  token: string;
  req: (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Response>;
  get: <T = any>(path: string) => Promise<T>;
  send: <T = any>(method: string, path: string, body?: unknown) => Promise<{ status: number; body: T; text: string }>;
}

export function client(h: Harness, token: string, scheme = "KfToken"): Client {
  const req = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${h.url}/v2${path}`, {
      method,
      headers: { Authorization: `${scheme} ${token}`, "Content-Type": "application/json", ...headers },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
  const send = async <T = any>(method: string, path: string, body?: unknown) => {
    const res = await req(method, path, body);
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T, text };
  };
  const get = async <T = any>(path: string): Promise<T> => {
    const r = await send<T>("GET", path);
    if (r.status !== 200) throw new Error(`GET ${path} → ${r.status} ${r.text}`);
    return r.body;
  };
  return { token, req, get, send };
}

/** Account + logged-in client in one go. */
export async function loggedIn(h: Harness, body: Record<string, unknown> = {}): Promise<{ acc: Account; api: Client }> {
  const acc = await createAccount(h, body);
  return { acc, api: client(h, await login(h, acc)) };
}

/** Empty account with a customer and a supplier, enough to post documents. */
export async function emptyBooks(
  h: Harness,
  behaviour?: Record<string, unknown>,
): Promise<{ acc: Account; api: Client }> {
  const r = await loggedIn(h, { DataSet: "empty", ...(behaviour ? { Behaviour: behaviour } : {}) });
  const c = await r.api.send("POST", "/customers", {
    Code: "CUST01",
    Name: "First Customer Ltd",
    PaymentTerms: { Type: "AfterIssuedDate", Days: 30 },
  });
  if (c.status !== 201) throw new Error(c.text);
  const s = await r.api.send("POST", "/suppliers", { Code: "SUPP01", Name: "First Supplier Ltd" });
  if (s.status !== 201) throw new Error(s.text);
  return r;
}

export const ymd = (d: Date): string => d.toISOString().slice(0, 10);
export const daysFromNow = (n: number): string => ymd(new Date(Date.now() + n * 86_400_000));
