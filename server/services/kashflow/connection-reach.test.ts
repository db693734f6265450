// A KashFlow connection whose calls cannot get through: recorded on the connection (since when, and why) by the
// client the sync uses, cleared by the next answer; and "Try with a sandbox" connections that follow the sandbox when
// a restart moves it to another port. Real Postgres, the KashFlow sandbox over real HTTP.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { createKashflowSandbox } from "@/sandbox/kashflow";
import { db } from "@/server/db";
import { createCompany, createOrg, createUser } from "@/tests/factories";
import { kashflowClientForCompany } from "./client-for-company";
import { connectKashflowSandbox } from "./connect-sandbox";
import { connectWithPassword } from "./connect-with-password";
import { repointSandboxConnections } from "./sandbox-url";

const ADMIN_KEY = "reach-test-admin";
const sandbox = createKashflowSandbox({ adminKey: ADMIN_KEY });
let running: { url: string; close: () => Promise<void> };
const saved = { url: process.env.KASHFLOW_SANDBOX_URL, key: process.env.KASHFLOW_SANDBOX_ADMIN_KEY };

/** A port nothing listens on (taken, then given back). */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function useSandboxAt(url: string): void {
  process.env.KASHFLOW_SANDBOX_URL = url;
  process.env.KASHFLOW_SANDBOX_ADMIN_KEY = ADMIN_KEY;
  resetEnvCache();
}

async function tenant() {
  const owner = await createUser("reach-owner");
  const org = await createOrg(owner);
  const company = await createCompany(org);
  return { orgId: org.id, companyId: company.id, userId: owner.id };
}

/** A company connected with a password to a fresh sandbox account at `apiBaseUrl`. */
async function passwordCompany(apiBaseUrl: string) {
  const who = await tenant();
  const res = await fetch(`${running.url}/admin/accounts`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-admin-key": ADMIN_KEY },
    body: JSON.stringify({ CompanyName: "Reach Ltd", DataSet: "empty" }),
  });
  const account = (await res.json()) as { UserName: string; Password: string; MemorableWord: string };
  await connectWithPassword({
    ...who,
    username: account.UserName,
    password: account.Password,
    memorableWord: account.MemorableWord,
    apiBaseUrl,
  });
  return who;
}

const connection = (companyId: string) => db.kashflowConnection.findUniqueOrThrow({ where: { companyId } });
/** The sync's client, one attempt per call (no retries to wait out). */
const syncClient = (companyId: string) =>
  kashflowClientForCompany(companyId, { limits: { maxRetries: 0, timeoutMs: 5_000 } });

beforeAll(async () => {
  running = await sandbox.listen(0);
  useSandboxAt(running.url);
});

afterAll(async () => {
  await sandbox.close();
  process.env.KASHFLOW_SANDBOX_URL = saved.url;
  process.env.KASHFLOW_SANDBOX_ADMIN_KEY = saved.key;
  resetEnvCache();
});

describe("calls that cannot reach KashFlow", () => {
  it("mark the connection failing since the first of them, with the last one in a sentence; the next answer clears it", async () => {
    const { companyId } = await passwordCompany(`${running.url}/v2`);
    const port = await closedPort();
    await db.kashflowConnection.update({ where: { companyId }, data: { apiBaseUrl: `http://127.0.0.1:${port}/v2` } });

    await expect((await syncClient(companyId)).companyDetails()).rejects.toMatchObject({
      code: "UPSTREAM",
      reason: "ECONNREFUSED",
    });
    const first = await connection(companyId);
    expect(first.status).toBe("CONNECTED");
    expect(first.failingSince).toBeInstanceOf(Date);
    expect(first.lastFailureAt).toEqual(first.failingSince);
    expect(first.lastFailure).toBe(
      `KashFlow (http://127.0.0.1:${port}) could not be reached while reading the company details: the connection was refused.`,
    );

    // Still failing: the streak keeps its start, the last failure moves on.
    await expect((await syncClient(companyId)).invoices.find(1)).rejects.toMatchObject({ reason: "ECONNREFUSED" });
    const second = await connection(companyId);
    expect(second.failingSince).toEqual(first.failingSince);
    expect(second.lastFailureAt!.getTime()).toBeGreaterThan(first.lastFailureAt!.getTime());

    // KashFlow answers again: the streak is over; the last failure stays on record.
    await db.kashflowConnection.update({ where: { companyId }, data: { apiBaseUrl: `${running.url}/v2` } });
    const client = await syncClient(companyId);
    expect(await client.companyDetails()).toEqual({ companyName: "Reach Ltd" });
    const back = await connection(companyId);
    expect(back).toMatchObject({
      failingSince: null,
      lastFailure: second.lastFailure,
      lastFailureAt: second.lastFailureAt,
    });
    // Calls that keep getting answers write nothing more.
    for (let i = 0; i < 3; i++) await client.companyDetails();
    expect((await connection(companyId)).updatedAt).toEqual(back.updatedAt);
  });

  it("any HTTP answer counts as reached, even an error page", async () => {
    const { companyId } = await passwordCompany(`${running.url}/v2`);
    await db.kashflowConnection.update({
      where: { companyId },
      data: { failingSince: new Date(Date.now() - 3_600_000), lastFailure: "KashFlow could not be reached." },
    });
    const down = http.createServer((_req, res) =>
      res.writeHead(503, { "content-type": "text/html" }).end("<html>Service Unavailable</html>"),
    );
    await new Promise<void>((resolve) => down.listen(0, "127.0.0.1", resolve));
    try {
      await db.kashflowConnection.update({
        where: { companyId },
        data: { apiBaseUrl: `http://127.0.0.1:${(down.address() as AddressInfo).port}/v2` },
      });
      await expect((await syncClient(companyId)).companyDetails()).rejects.toMatchObject({
        code: "UPSTREAM",
        reason: "HTTP503",
      });
      expect((await connection(companyId)).failingSince).toBeNull();
    } finally {
      await new Promise<void>((resolve) => down.close(() => resolve()));
    }
  });
});

describe("sandbox connections after the sandbox moved", () => {
  it("follow KASHFLOW_SANDBOX_URL: the sync's client calls the sandbox where it is now, and start-up moves every sandbox connection", async () => {
    const moving = await tenant();
    const staying = await tenant();
    await connectKashflowSandbox(moving);
    await connectKashflowSandbox(staying);
    const real = await passwordCompany(`${running.url}/v2`);
    const before = `${running.url}/v2`;
    expect((await connection(moving.companyId)).apiBaseUrl).toBe(before);

    // The server restarts and the sandbox comes back on another port, with the same accounts.
    await running.close();
    running = await sandbox.listen(0);
    expect(running.url).not.toBe(before.replace(/\/v2$/, ""));
    useSandboxAt(running.url);

    const client = await syncClient(moving.companyId);
    expect((await client.companyDetails()).companyName).toContain("(sandbox)");
    expect(await connection(moving.companyId)).toMatchObject({ apiBaseUrl: `${running.url}/v2`, failingSince: null });

    // Start-up's demo set-up moves the rest before anything calls them; a connection to a real KashFlow stays put.
    // (Other test files' sandbox connections share the database: at least this one moved.)
    expect(await repointSandboxConnections()).toBeGreaterThanOrEqual(1);
    expect((await connection(staying.companyId)).apiBaseUrl).toBe(`${running.url}/v2`);
    expect((await connection(real.companyId)).apiBaseUrl).toBe(before);
  });
});
