// TRACE and broken percent-encoding are answered 405 / 400 before Next.js (which would answer 500) sees them.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installMalformedRequestGuard, refuseMalformedRequest } from "./malformed-requests";

describe("refuseMalformedRequest", () => {
  it("refuses TRACE and TRACK with 405", () => {
    expect(refuseMalformedRequest("TRACE", "/")?.status).toBe(405);
    expect(refuseMalformedRequest("track", "/api/health")?.status).toBe(405);
  });

  it("refuses a path that is not valid percent-encoding, or that hides a NUL, with 400", () => {
    expect(refuseMalformedRequest("GET", "/o/acme/companies/%E0%A4%A/sync")?.status).toBe(400);
    expect(refuseMalformedRequest("POST", "/api/agent/commands/%ZZ/result")?.status).toBe(400);
    expect(refuseMalformedRequest("GET", "/o/acme/companies/%00")?.status).toBe(400);
    // Dot segments a browser would have resolved: Next would route the resolved path (a page) instead.
    expect(refuseMalformedRequest("POST", "/api/agent/commands/%2e%2e/result")?.status).toBe(400);
    expect(refuseMalformedRequest("GET", "/o/acme/./companies")?.status).toBe(400);
    expect(refuseMalformedRequest("GET", "/o/acme/companies/c1..x/sync")).toBeNull();
  });

  it("lets ordinary requests through, whatever their query string holds", () => {
    expect(refuseMalformedRequest("GET", "/o/acme/companies/c1?x=%ZZ")).toBeNull();
    expect(refuseMalformedRequest("POST", "/api/trpc/org.list?batch=1")).toBeNull();
    expect(refuseMalformedRequest("GET", "/caf%C3%A9")).toBeNull();
  });
});

describe("installMalformedRequestGuard", () => {
  let server: http.Server;
  let port = 0;
  beforeAll(async () => {
    installMalformedRequestGuard();
    installMalformedRequestGuard(); // twice is once
    server = http.createServer((_req, res) => res.end("reached the app"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function send(method: string, path: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = http.request({ host: "127.0.0.1", port, method, path }, (res) => {
        let body = "";
        res.on("data", (chunk) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on("error", reject);
      req.end();
    });
  }

  it("answers before the server's own handler, in JSON", async () => {
    const trace = await send("TRACE", "/");
    expect(trace.status).toBe(405);
    expect(JSON.parse(trace.body)).toMatchObject({ error: { code: "METHOD_NOT_ALLOWED" } });
    expect((await send("GET", "/api/agent/commands/%ZZ/result")).status).toBe(400);
    expect(await send("GET", "/fine")).toEqual({ status: 200, body: "reached the app" });
  });
});
