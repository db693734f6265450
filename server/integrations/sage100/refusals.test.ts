// A flood of refused requests from a known agent leaves a handful of audit rows that count them, not one row each.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createTenant, type Tenant } from "@/tests/factories";
import { agentRateLimits, type RequestLimit, TokenBucket } from "./rate-limit";
import { REFUSAL_WINDOW_MS, recordRefusal } from "./refusals";
import { startAgentApiServer, type AgentApiServer } from "./testing/agent-api-server";
import { pairTestAgent } from "./testing/test-agent";

let api: AgentApiServer;
let t: Tenant;
let token: string;
let agentId: string;
let perAgent: RequestLimit;

beforeAll(async () => {
  // The per-agent rate limit (4/s) would answer most of the flood 429 before it is refused for its body.
  perAgent = agentRateLimits.perAgent;
  agentRateLimits.perAgent = new TokenBucket(1_000_000, 1_000_000);
  api = await startAgentApiServer();
  t = await createTenant("s100refusals");
  ({ token, agentId } = await pairTestAgent(api.url, t.company));
});

afterAll(async () => {
  agentRateLimits.perAgent = perAgent;
  await api?.close();
});

const send = (path: string, body: string) =>
  fetch(`${api.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body,
  }).then((r) => r.status);

describe("refused agent requests in the audit log", () => {
  it("500 refusals from one agent become one counted row per reason (per 10-minute window)", async () => {
    // Each bad body is different, so each refusal's message is too; they are still counted together by code.
    const requests = Array.from({ length: 500 }, (_, i) =>
      i % 5 === 0
        ? () =>
            send(
              `/api/agent/commands/no-such-command-${i}/result`,
              JSON.stringify({
                status: "failed",
                error: { code: "INTERNAL", message: "x", retryClass: "BUG" },
                durationMs: i,
              }),
            )
        : i % 5 === 1
          ? () => send("/api/agent/heartbeat", JSON.stringify({ pad: "x".repeat(20_000 + i) }))
          : () => send("/api/agent/changes", `{"batchId": ${i}, broken`),
    );
    const statuses: number[] = [];
    // Twenty at a time: concurrent refusals land on the same rows.
    for (let i = 0; i < requests.length; i += 20)
      statuses.push(...(await Promise.all(requests.slice(i, i + 20).map((r) => r()))));
    const tally = (list: number[]) =>
      Object.fromEntries([...new Set(list)].map((s) => [s, list.filter((x) => x === s).length]));
    expect(tally(statuses)).toEqual({ 400: 300, 404: 100, 413: 100 });

    const rows = await db.auditLog.findMany({
      where: { companyId: t.company.id, action: "sage100.agent_refused", targetId: agentId },
    });
    // One row per code; a run straddling a window boundary may split a code's row in two, never more.
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.length).toBeLessThanOrEqual(6);
    const counted: Record<number, number> = {};
    for (const r of rows) {
      const d = r.details as { status: number; count: number; windowMinutes: number };
      expect(d.windowMinutes).toBe(10);
      counted[d.status] = (counted[d.status] ?? 0) + d.count;
    }
    expect(counted).toEqual({ 400: 300, 404: 100, 413: 100 });
  });

  it("counts each reason code apart, and starts a new row in the next window", async () => {
    const company = { id: t.company.id, orgId: t.org.id };
    const at = new Date(Math.ceil(Date.now() / REFUSAL_WINDOW_MS) * REFUSAL_WINDOW_MS + 5 * REFUSAL_WINDOW_MS);
    const refuse = (code: string, now: Date) =>
      recordRefusal(
        { action: "sage100.agent_refused", reason: `refused: ${code}`, code, company, agentId: "agent-x" },
        now,
      );
    for (let i = 0; i < 3; i++) await refuse("NOT_FOUND", at);
    await refuse("CONFLICT", new Date(at.getTime() + 60_000));
    await refuse("NOT_FOUND", new Date(at.getTime() + REFUSAL_WINDOW_MS));
    const rows = await db.auditLog.findMany({
      where: { companyId: t.company.id, targetId: "agent-x" },
      orderBy: { createdAt: "asc" },
    });
    expect(rows.map((r) => [(r.details as { reason: string }).reason, (r.details as { count: number }).count])).toEqual(
      [
        ["refused: NOT_FOUND", 3],
        ["refused: CONFLICT", 1],
        ["refused: NOT_FOUND", 1],
      ],
    );
  });
});
