// Test support: the real /api/agent/* route handlers behind a real HTTP listener, so tests drive the real agent over
// real HTTP without building Next.js.
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { POST as changes } from "@/app/api/agent/changes/route";
import { POST as result } from "@/app/api/agent/commands/[id]/result/route";
import { POST as lease } from "@/app/api/agent/commands/lease/route";
import { POST as heartbeat } from "@/app/api/agent/heartbeat/route";
import { POST as pair } from "@/app/api/agent/pair/route";

type Handler = (request: Request, context?: { params: Promise<Record<string, string>> }) => Promise<Response>;

// Pairing is limited per client address, shared by every instance (and every test file) on the database: each test
// server pairs as an address of its own, as separate machines would.
const testAddress = `test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
const fromTestAddress = (req: Request) =>
  new Request(req, { headers: { ...Object.fromEntries(req.headers), "x-forwarded-for": testAddress } });

const ROUTES: Array<[RegExp, Handler]> = [
  [/^\/api\/agent\/pair$/, (req) => pair(fromTestAddress(req))],
  [/^\/api\/agent\/commands\/lease$/, lease],
  [/^\/api\/agent\/commands\/(?<id>[^/]+)\/result$/, result],
  [/^\/api\/agent\/heartbeat$/, heartbeat],
  [/^\/api\/agent\/changes$/, changes],
];

export type AgentApiServer = { url: string; close(): Promise<void> };

export async function startAgentApiServer(): Promise<AgentApiServer> {
  const server = serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch: async (request: Request) => {
      const path = new URL(request.url).pathname;
      if (path === "/api/health") return Response.json({ ok: true });
      for (const [pattern, handler] of ROUTES) {
        const m = pattern.exec(path);
        // Like Next: only dynamic routes get params.
        if (m && request.method === "POST")
          return handler(request, m.groups ? { params: Promise.resolve({ ...m.groups }) } : undefined);
      }
      return Response.json({ error: { code: "NOT_FOUND", message: "No such route." } }, { status: 404 });
    },
  });
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once("listening", () => resolve())));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
