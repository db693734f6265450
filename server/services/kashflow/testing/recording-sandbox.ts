// Test support: a KashFlow sandbox behind a listener that records every request's arrival, path and answer, so a
// test can count what reached "KashFlow" from any number of processes and check it against a limit.
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createKashflowSandbox, type KashflowSandbox } from "@/sandbox/kashflow";

export const ADMIN_KEY = "instances-test-admin";

export type Arrival = { method: string; path: string; at: number; status: number };

export type RecordingSandbox = {
  sandbox: KashflowSandbox;
  url: string;
  apiBaseUrl: string;
  arrivals: Arrival[];
  admin: <T = any>(method: string, path: string, body?: unknown) => Promise<T>;
  close: () => Promise<void>;
};

export async function startRecordingSandbox(): Promise<RecordingSandbox> {
  const sandbox = createKashflowSandbox({ adminKey: ADMIN_KEY });
  const arrivals: Arrival[] = [];
  const server = serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch: async (request: Request, env: unknown) => {
      const { pathname } = new URL(request.url);
      const arrival: Arrival = { method: request.method, path: pathname, at: Date.now(), status: 0 };
      if (!pathname.startsWith("/admin")) arrivals.push(arrival);
      const res = await sandbox.app.fetch(request, env as never);
      arrival.status = res.status;
      return res;
    },
  });
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once("listening", () => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
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
  return {
    sandbox,
    url,
    apiBaseUrl: `${url}/v2`,
    arrivals,
    admin,
    close: async () => {
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sandbox.close();
    },
  };
}

/** The most requests that arrived within any span of `windowMs` (a sliding window over arrival times). */
export function busiestWindow(arrivals: { at: number }[], windowMs: number): number {
  const times = arrivals.map((a) => a.at).sort((x, y) => x - y);
  let most = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j]! - times[i]! >= windowMs) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}
