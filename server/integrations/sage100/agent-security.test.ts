// Bad input on the agent endpoints: tokens of another company, revoked or unknown tokens, replayed pairing codes,
// malformed and oversized bodies — refused with clear JSON errors, audited, and nothing changed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createTenant, type Tenant } from "@/tests/factories";
import { revokeAgent } from "@/server/services/sage100/agent-control";
import { createPairingCode } from "./pairing";
import { enqueueCommand } from "./command-queue";
import { startAgentApiServer, type AgentApiServer } from "./testing/agent-api-server";
import { pairTestAgent, startTestAgent, waitUntil } from "./testing/test-agent";

let api: AgentApiServer;
let a: Tenant;
let b: Tenant;
let tokenA: string;
let tokenB: string;

async function post(path: string, body: unknown, token?: string, raw?: string) {
  const response = await fetch(`${api.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: raw ?? JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as { error?: { code: string; message: string } } & Record<string, unknown>,
  };
}

const pairBody = (code: string) => ({ code, hostname: "attacker-host", agentVersion: "0.1.0", driver: "simulator" });

beforeAll(async () => {
  api = await startAgentApiServer();
  a = await createTenant("s100secA");
  b = await createTenant("s100secB");
  tokenA = (await pairTestAgent(api.url, a.company)).token;
  tokenB = (await pairTestAgent(api.url, b.company)).token;
});

afterAll(async () => {
  await api?.close();
});

describe("an agent of company A", () => {
  it("never leases company B's commands, and cannot complete them", async () => {
    const { command } = await enqueueCommand({
      orgId: b.org.id,
      companyId: b.company.id,
      command: { type: "ping", payload: {} },
      idempotencyKey: "b-only",
    });
    const lease = await post("/api/agent/commands/lease", { waitMs: 0 }, tokenA);
    expect(lease).toEqual({ status: 200, body: { commands: [], paused: false } });

    const before = await db.sage100Command.findUniqueOrThrow({ where: { id: command.id } });
    const forged = await post(
      `/api/agent/commands/${command.id}/result`,
      { status: "done", result: { pong: true, sageCompany: "ABC", driver: "simulator" }, durationMs: 1 },
      tokenA,
    );
    expect(forged).toEqual({ status: 404, body: { error: { code: "NOT_FOUND", message: "Command not found." } } });
    expect(await db.sage100Command.findUniqueOrThrow({ where: { id: command.id } })).toEqual(before);
    const refusal = await db.auditLog.findFirst({
      where: { companyId: a.company.id, action: "sage100.agent_refused" },
      orderBy: { createdAt: "desc" },
    });
    expect(refusal?.details).toMatchObject({
      reason: "Command not found.",
      status: 404,
      path: `/api/agent/commands/${command.id}/result`,
    });

    // B's own agent gets it.
    const own = await post("/api/agent/commands/lease", { waitMs: 0 }, tokenB);
    expect((own.body.commands as Array<{ id: string }>).map((c) => c.id)).toEqual([command.id]);
  });

  it("cannot post a malformed or oversized result", async () => {
    const { command } = await enqueueCommand({
      orgId: a.org.id,
      companyId: a.company.id,
      command: { type: "ping", payload: {} },
      idempotencyKey: "a-ping",
    });
    const leased = await post("/api/agent/commands/lease", { waitMs: 0 }, tokenA);
    expect((leased.body.commands as Array<{ id: string }>)[0]?.id).toBe(command.id);
    const before = await db.sage100Command.findUniqueOrThrow({ where: { id: command.id } });

    const wrongShape = await post(
      `/api/agent/commands/${command.id}/result`,
      { status: "done", result: { invoiceNo: 5 }, durationMs: 1 },
      tokenA,
    );
    expect(wrongShape.status).toBe(400);
    expect(wrongShape.body.error?.message).toMatch(/does not match a ping result/);
    const notJson = await post(`/api/agent/commands/${command.id}/result`, null, tokenA, "{not json");
    expect(notJson).toEqual({
      status: 400,
      body: { error: { code: "BAD_REQUEST", message: "The request body is not valid JSON." } },
    });
    const badOutcome = await post(`/api/agent/commands/${command.id}/result`, { status: "exploded" }, tokenA);
    expect(badOutcome.status).toBe(400);
    expect(badOutcome.body.error?.message).toMatch(/^The request body is not valid: status/);
    const huge = await post(
      `/api/agent/commands/${command.id}/result`,
      { status: "done", result: { pong: true, blob: "x".repeat(3 * 1024 * 1024) }, durationMs: 1 },
      tokenA,
    );
    expect(huge).toEqual({
      status: 413,
      body: { error: { code: "PAYLOAD_TOO_LARGE", message: "The request body is larger than 2048 KB." } },
    });
    const hugeHeartbeat = await post("/api/agent/heartbeat", { pad: "x".repeat(20_000) }, tokenA);
    expect(hugeHeartbeat.status).toBe(413);

    expect(await db.sage100Command.findUniqueOrThrow({ where: { id: command.id } })).toEqual(before);
    const reasons = (
      await db.auditLog.findMany({ where: { companyId: a.company.id, action: "sage100.agent_refused" } })
    ).map((r) => (r.details as { status: number }).status);
    expect(reasons).toEqual(expect.arrayContaining([400, 413]));
  });
});

describe("tokens", () => {
  it("a missing or unknown token is refused with 401", async () => {
    expect(await post("/api/agent/heartbeat", {})).toEqual({
      status: 401,
      body: {
        error: {
          code: "UNAUTHORIZED",
          message: "Missing agent token: send Authorization: Bearer <token> (pair the agent first).",
        },
      },
    });
    expect(await post("/api/agent/commands/lease", { waitMs: 0 }, "lla_stolen-or-made-up")).toEqual({
      status: 401,
      body: {
        error: {
          code: "UNAUTHORIZED",
          message: "This agent token is not known to Ledgerlink. Pair the agent again with a new code.",
        },
      },
    });
  });

  it("a revoked token is refused and the running agent stops", async () => {
    const t = await createTenant("s100revoke");
    const agent = await startTestAgent(api.url, t.company);
    await waitUntil(
      async () => (await db.sage100Agent.findFirst({ where: { companyId: t.company.id, state: "running" } })) !== null,
      10_000,
      "running agent",
    );
    await revokeAgent({ orgId: t.org.id, companyId: t.company.id, userId: t.owner.id });
    const reason = await agent.done;
    expect(reason).toBe("This agent was revoked or replaced on the company page. Pair it again with a new code.");
    await agent.driver.close();
    expect(await post("/api/agent/heartbeat", {}, agent.token)).toMatchObject({
      status: 401,
      body: { error: { code: "UNAUTHORIZED" } },
    });
    const audit = await db.auditLog.findMany({
      where: { companyId: t.company.id, action: { in: ["sage100.agent_revoked", "sage100.agent_refused"] } },
    });
    expect(audit.map((x) => x.action)).toEqual(
      expect.arrayContaining(["sage100.agent_revoked", "sage100.agent_refused"]),
    );
    expect(audit.find((x) => x.action === "sage100.agent_refused")?.details).toMatchObject({
      reason: "revoked agent token",
    });
  });

  it("pairing again replaces the previous agent: one active agent per company", async () => {
    const t = await createTenant("s100replace");
    const first = await pairTestAgent(api.url, t.company);
    const second = await pairTestAgent(api.url, t.company);
    const agents = await db.sage100Agent.findMany({
      where: { companyId: t.company.id },
      orderBy: { createdAt: "asc" },
    });
    expect(agents.map((x) => [x.id, x.activeCompanyId, x.revokedAt !== null])).toEqual([
      [first.agentId, null, true],
      [second.agentId, t.company.id, false],
    ]);
    expect((await post("/api/agent/heartbeat", {}, first.token)).status).toBe(401);
  });
});

describe("pairing codes", () => {
  it("a replayed code is refused and audited; an expired or unknown one too", async () => {
    const t = await createTenant("s100pair");
    const { code } = await createPairingCode({ orgId: t.org.id, companyId: t.company.id, userId: t.owner.id });
    const first = await post("/api/agent/pair", pairBody(code.toLowerCase().replace("-", " ")));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ company: { id: t.company.id, name: t.company.name } });
    expect(String(first.body.token)).toMatch(/^lla_/);

    const replay = await post("/api/agent/pair", pairBody(code));
    expect(replay).toEqual({
      status: 401,
      body: {
        error: {
          code: "UNAUTHORIZED",
          message: "This pairing code was already used. Create a new code on the company page.",
        },
      },
    });
    expect(await db.sage100Agent.count({ where: { companyId: t.company.id } })).toBe(1);
    const refused = await db.auditLog.findFirst({
      where: { companyId: t.company.id, action: "sage100.pairing_refused" },
    });
    expect(refused?.details).toMatchObject({ reason: "pairing code already used", hostname: "attacker-host" });

    const { code: stale } = await createPairingCode({ orgId: t.org.id, companyId: t.company.id, userId: t.owner.id });
    await db.sage100PairingCode.updateMany({
      where: { companyId: t.company.id, usedAt: null },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await post("/api/agent/pair", pairBody(stale))).body.error?.message).toBe(
      "This pairing code has expired. Create a new code on the company page.",
    );
    expect((await post("/api/agent/pair", pairBody("ZZZZ-ZZZZ"))).body.error?.message).toBe(
      "This pairing code is not valid. Check it, or create a new code on the company page.",
    );
  });

  it("only the newest code of a company works", async () => {
    const t = await createTenant("s100newest");
    const older = await createPairingCode({ orgId: t.org.id, companyId: t.company.id, userId: t.owner.id });
    const newer = await createPairingCode({ orgId: t.org.id, companyId: t.company.id, userId: t.owner.id });
    expect((await post("/api/agent/pair", pairBody(older.code))).status).toBe(401);
    expect((await post("/api/agent/pair", pairBody(newer.code))).status).toBe(200);
  });
});
