// NUL bytes and broken UTF-16 from an agent (one that does not clean, or a hostile one) anywhere in a change batch,
// a heartbeat or a command result: answered 2xx with the text cleaned and marked, or a clear 4xx — never a 500, and
// nothing the agent sent is lost.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { CLEANED_TEXT_KEY } from "@/lib/safe-text";
import { createTenant, type Tenant } from "@/tests/factories";
import { enqueueCommand } from "./command-queue";
import { startAgentApiServer, type AgentApiServer } from "./testing/agent-api-server";
import { pairTestAgent } from "./testing/test-agent";

let api: AgentApiServer;
let t: Tenant;
let token: string;
let agentId: string;

/** JSON.stringify writes NUL and lone surrogates as \u escapes: exactly what arrives from a raw HTTP client. */
async function post(path: string, body: unknown) {
  const response = await fetch(`${api.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  api = await startAgentApiServer();
  t = await createTenant("s100text");
  ({ token, agentId } = await pairTestAgent(api.url, t.company));
});

afterAll(async () => {
  await api?.close();
});

describe("a change batch with NUL bytes and broken UTF-16", () => {
  it("is stored cleaned, every row kept, and the cleaned rows marked with their columns", async () => {
    const batch = {
      batchId: "nul-batch-0001",
      table: "AR_Customer",
      keyColumns: ["ARDivisionNo", "Customer\u0000No"],
      rows: [
        { ARDivisionNo: "00", CustomerNo: "NUL\u000001", CustomerName: "Nul\u0000 Trading", "Odd\u0000Key": "x" },
        { ARDivisionNo: "00", CustomerNo: "SUR01", CustomerName: "Broken \uD800 Co" },
        { ARDivisionNo: "00", CustomerNo: "OK01", CustomerName: "Fine Ltd" },
      ],
      highWater: { date: "2025-03-01", time: "10.5" },
    };
    expect(await post("/api/agent/changes", batch)).toEqual({
      status: 200,
      body: { accepted: true, duplicate: false },
    });
    const stored = await db.sage100ChangeBatch.findFirstOrThrow({
      where: { companyId: t.company.id, batchId: "nul-batch-0001" },
    });
    expect(stored.keyColumns).toEqual(["ARDivisionNo", "CustomerNo"]);
    expect(stored.rowCount).toBe(3);
    expect(stored.rows).toEqual([
      {
        ARDivisionNo: "00",
        CustomerNo: "NUL01",
        CustomerName: "Nul Trading",
        OddKey: "x",
        [CLEANED_TEXT_KEY]: ["CustomerNo", "CustomerName", "OddKey"],
      },
      {
        ARDivisionNo: "00",
        CustomerNo: "SUR01",
        CustomerName: "Broken \uFFFD Co",
        [CLEANED_TEXT_KEY]: ["CustomerName"],
      },
      { ARDivisionNo: "00", CustomerNo: "OK01", CustomerName: "Fine Ltd" },
    ]);
    // Sent again (the agent's retry): recognised, not doubled.
    expect((await post("/api/agent/changes", batch)).body).toEqual({ accepted: true, duplicate: true });
  });
});

it("a change batch nested 100,000 levels deep is a clear 400", async () => {
  const response = await fetch(`${api.url}/api/agent/changes`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: `{"rows": [{"deep": ${"[".repeat(100_000)}${"]".repeat(100_000)}}]}`,
  });
  expect(response.status).toBe(400);
  expect(await response.json()).toEqual({
    error: { code: "BAD_REQUEST", message: "The JSON is nested deeper than 64 levels." },
  });
});

describe("a heartbeat with NUL bytes", () => {
  it("stores the hostname and last error cleaned", async () => {
    const beat = {
      hostname: "SAGE\u0000-SRV\uDC00",
      agentVersion: "0.1.0",
      driver: "simulator",
      state: "running",
      lastError: { message: "ODBC said \u0000 and \uD800", at: new Date().toISOString() },
    };
    expect((await post("/api/agent/heartbeat", beat)).status).toBe(200);
    const agent = await db.sage100Agent.findUniqueOrThrow({ where: { id: agentId } });
    expect(agent.hostname).toBe("SAGE-SRV\uFFFD");
    expect(agent.lastError).toBe("ODBC said  and \uFFFD");
  });

  it("whose hostname is nothing but NUL is a clear 400", async () => {
    const response = await post("/api/agent/heartbeat", {
      hostname: "\u0000\u0000",
      agentVersion: "0.1.0",
      driver: "simulator",
      state: "running",
    });
    expect(response.status).toBe(400);
    expect((response.body.error as { message: string }).message).toMatch(/hostname/);
  });
});

describe("command results with NUL bytes", () => {
  async function leasedFind(key: string) {
    const { command } = await enqueueCommand({
      orgId: t.org.id,
      companyId: t.company.id,
      command: { type: "findDocument", payload: { kind: "customer", customerNo: "NUL01" } },
      idempotencyKey: key,
    });
    const leased = await post("/api/agent/commands/lease", { waitMs: 0 });
    expect((leased.body.commands as { id: string }[]).map((c) => c.id)).toContain(command.id);
    return command.id;
  }

  it("a NUL in the command id is a 404, and the command is untouched", async () => {
    const id = await leasedFind("nul-id");
    const before = await db.sage100Command.findUniqueOrThrow({ where: { id } });
    const response = await post(`/api/agent/commands/${id}%00/result`, {
      status: "done",
      result: { found: false },
      durationMs: 1,
    });
    expect(response).toEqual({ status: 404, body: { error: { code: "NOT_FOUND", message: "Command not found." } } });
    expect(await db.sage100Command.findUniqueOrThrow({ where: { id } })).toEqual(before);
  });

  it("a result with NUL in its record and warnings is stored cleaned, with a warning saying so", async () => {
    const id = await leasedFind("nul-result");
    const response = await post(`/api/agent/commands/${id}/result`, {
      status: "done",
      result: { found: true, state: "posted", record: { CustomerNo: "NUL01", CustomerName: "Nul\u0000 Trading" } },
      warnings: ["Sage said \u0000"],
      durationMs: 5,
    });
    expect(response).toEqual({ status: 200, body: { accepted: true, status: "DONE" } });
    const stored = await db.sage100Command.findUniqueOrThrow({ where: { id } });
    expect(stored.result).toEqual({
      found: true,
      state: "posted",
      record: { CustomerNo: "NUL01", CustomerName: "Nul Trading", [CLEANED_TEXT_KEY]: ["CustomerName"] },
    });
    expect(stored.warnings).toEqual([
      "Sage said ",
      expect.stringMatching(/^result\.record\.CustomerName held characters the database cannot store/),
      expect.stringMatching(/^warnings\.0 held characters the database cannot store/),
    ]);
  });

  it("a failure whose message holds NUL and broken UTF-16 is recorded cleaned", async () => {
    const id = await leasedFind("nul-failure");
    const response = await post(`/api/agent/commands/${id}/result`, {
      status: "failed",
      error: { code: "LOCKED", message: "Locked by \u0000user\uD800", retryClass: "NEEDS_USER", sageMessage: "\u0000" },
      durationMs: 5,
    });
    expect(response).toEqual({ status: 200, body: { accepted: true, status: "FAILED" } });
    const stored = await db.sage100Command.findUniqueOrThrow({ where: { id } });
    expect(stored.errorMessage).toBe("Locked by user\uFFFD");
  });
});
