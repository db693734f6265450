// An agent that crashed with commands leased gets them back the moment it restarts, instead of after its leases
// (120 s by default) run out; another agent's leases are never touched.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { enqueuePing } from "./testing/enqueue-ping";
import { createTenant, type Tenant } from "@/tests/factories";
import { awaitCommandResult } from "./command-queue";
import { startAgentApiServer, type AgentApiServer } from "./testing/agent-api-server";
import { pairTestAgent, startTestAgent } from "./testing/test-agent";

let api: AgentApiServer;

async function lease(token: string, body: Record<string, unknown>) {
  const response = await fetch(`${api.url}/api/agent/commands/lease`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ waitMs: 0, leaseMs: 120_000, ...body }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { commands: { id: string; attempt: number }[] }).commands;
}

const ping = (t: Tenant, key: string, maxAttempts = 5) => enqueuePing(t, key, maxAttempts).then((r) => r.command.id);

beforeAll(async () => {
  api = await startAgentApiServer();
});

afterAll(async () => {
  await api?.close();
});

describe("an agent restarting after a crash", () => {
  let t: Tenant;
  let token: string;

  // A company (and agent) per test: what one test leaves leased is not the next one's.
  beforeEach(async () => {
    t = await createTenant("s100reclaim");
    ({ token } = await pairTestAgent(api.url, t.company));
  });

  it("leases what it held before at once, as a new attempt", async () => {
    const id = await ping(t, "held-before-crash");
    expect((await lease(token, {})).map((c) => c.id)).toEqual([id]);
    // The same process asking again: the lease still holds (120 s).
    expect(await lease(token, {})).toEqual([]);
    // The process crashed; its successor starts and says it holds nothing.
    const again = await lease(token, { releaseHeld: true });
    expect(again).toEqual([expect.objectContaining({ id, attempt: 2 })]);
    expect(await db.sage100Command.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "LEASED",
      errorCode: "AGENT_RESTARTED",
    });
  });

  it("a command out of attempts fails for good instead of being handed out again", async () => {
    const id = await ping(t, "last-attempt", 1);
    expect((await lease(token, {})).map((c) => c.id)).toEqual([id]);
    expect(await lease(token, { releaseHeld: true })).toEqual([]);
    expect(await db.sage100Command.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "FAILED",
      errorCode: "AGENT_RESTARTED",
    });
  });

  it("the restarted agent runs it within seconds, not after the lease runs out", async () => {
    const id = await ping(t, "run-after-restart");
    expect((await lease(token, {})).map((c) => c.id)).toEqual([id]);
    const started = Date.now();
    const agent = await startTestAgent(api.url, t.company, { token });
    try {
      const done = await awaitCommandResult({ companyId: t.company.id, commandId: id, timeoutMs: 10_000 });
      expect(done.status).toBe("DONE");
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await agent.stop();
    }
  });

  it("leaves other agents' leases alone", async () => {
    const other = await createTenant("s100reclaim-other");
    const otherToken = (await pairTestAgent(api.url, other.company)).token;
    const theirs = await ping(other, "theirs");
    expect((await lease(otherToken, {})).map((c) => c.id)).toEqual([theirs]);
    await lease(token, { releaseHeld: true });
    expect(await db.sage100Command.findUniqueOrThrow({ where: { id: theirs } })).toMatchObject({
      status: "LEASED",
      attempts: 1,
    });
  });
});
