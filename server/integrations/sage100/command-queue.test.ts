// The queue on its own: concurrent leases never share a command, a long poll wakes on enqueue, expired leases come
// back (and fail for good after maxAttempts), transient failures wait for their backoff.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { enqueuePing } from "./testing/enqueue-ping";
import { createTenant } from "@/tests/factories";
import {
  completeCommand,
  enqueueCommand,
  leaseCommands,
  leaseCommandsWaiting,
  requeueExpiredLeases,
} from "./command-queue";
import { TokenBucket } from "./rate-limit";

async function setup(label: string) {
  const t = await createTenant(label);
  const agent = await db.sage100Agent.create({
    data: {
      companyId: t.company.id,
      activeCompanyId: t.company.id,
      tokenHash: `hash-${t.company.id}`,
      hostname: "h",
      version: "0.1.0",
      driver: "simulator",
    },
  });
  const who = { agentId: agent.id, companyId: t.company.id, orgId: t.org.id, paused: false, sandbox: false };
  const enqueue = (key: string, maxAttempts?: number) => enqueuePing(t, key, maxAttempts);
  return { t, who, enqueue };
}

describe("command queue", () => {
  it("queues nothing for a company of another organization, whatever the key, and says it was not found", async () => {
    const mine = await setup("q-mine");
    const theirs = await setup("q-theirs");
    await mine.enqueue("shared-key");
    const crossed = enqueueCommand({
      orgId: theirs.t.org.id,
      companyId: mine.t.company.id,
      command: { type: "ping", payload: {} },
      idempotencyKey: "shared-key",
    });
    await expect(crossed).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      enqueueCommand({
        orgId: theirs.t.org.id,
        companyId: mine.t.company.id,
        command: { type: "ping", payload: {} },
        idempotencyKey: "fresh-key",
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.sage100Command.count({ where: { companyId: mine.t.company.id } })).toBe(1);
  });

  it("hands every command to exactly one of many concurrent leases, oldest first", async () => {
    const { who, enqueue } = await setup("q-race");
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await enqueue(`c${i}`)).command.id);
    const oldest = await leaseCommands(who, { max: 3, leaseMs: 60_000 });
    expect(oldest.map((c) => c.id)).toEqual(ids.slice(0, 3));
    const leased = [
      ...oldest,
      ...(await Promise.all(Array.from({ length: 10 }, () => leaseCommands(who, { max: 3, leaseMs: 60_000 })))).flat(),
    ];
    expect(leased.map((c) => c.id).sort()).toEqual([...ids].sort());
    expect(new Set(leased.map((c) => c.id)).size).toBe(20);
    expect(leased.every((c) => c.attempt === 1)).toBe(true);
  });

  it("a long poll returns as soon as a command arrives, and empty-handed at its deadline", async () => {
    const { who, enqueue } = await setup("q-wait");
    const started = Date.now();
    expect(await leaseCommandsWaiting(who, { max: 1, leaseMs: 60_000, waitMs: 300 })).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    const waiting = leaseCommandsWaiting(who, { max: 1, leaseMs: 60_000, waitMs: 10_000, pollMs: 5_000 });
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    const { command } = await enqueue("arrives");
    const got = await waiting;
    expect(got.map((c) => c.id)).toEqual([command.id]);
    expect(Date.now() - t0).toBeLessThan(2_000);
  });

  it("an expired lease goes back to the queue, and after maxAttempts fails for good", async () => {
    const { who, enqueue } = await setup("q-expire");
    const { command } = await enqueue("expire", 2);
    for (let attempt = 1; attempt <= 2; attempt++) {
      const [leased] = await leaseCommands(who, { max: 1, leaseMs: 1_000 });
      expect(leased?.attempt).toBe(attempt);
      await db.sage100Command.update({ where: { id: command.id }, data: { leaseExpiresAt: new Date(Date.now() - 1) } });
      expect(await requeueExpiredLeases({ companyId: who.companyId })).toBe(1);
    }
    expect(await db.sage100Command.findUniqueOrThrow({ where: { id: command.id } })).toMatchObject({
      status: "FAILED",
      errorCode: "LEASE_EXPIRED",
      attempts: 2,
    });
  });

  it("a TRANSIENT failure waits for its backoff; NEEDS_USER fails at once; a stale failure is refused", async () => {
    const { who, enqueue } = await setup("q-retry");
    const { command } = await enqueue("retry");
    await leaseCommands(who, { max: 1, leaseMs: 60_000 });
    const transient = {
      status: "failed" as const,
      error: { code: "LOCKED" as const, message: "busy", retryClass: "TRANSIENT" as const },
      durationMs: 5,
    };
    expect(await completeCommand(who, command.id, transient)).toEqual({ accepted: true, status: "QUEUED" });
    const queued = await db.sage100Command.findUniqueOrThrow({ where: { id: command.id } });
    expect(queued.availableAt.getTime()).toBeGreaterThan(Date.now() + 3_000);
    expect(await leaseCommands(who, { max: 1, leaseMs: 60_000 })).toEqual([]);
    await expect(completeCommand(who, command.id, transient)).rejects.toThrow("is no longer leased to this agent");

    const { command: other } = await enqueue("needs-user");
    await leaseCommands(who, { max: 1, leaseMs: 60_000 });
    expect(
      await completeCommand(who, other.id, {
        ...transient,
        error: { ...transient.error, code: "NOT_FOUND", retryClass: "NEEDS_USER" },
      }),
    ).toEqual({ accepted: true, status: "FAILED" });
    await expect(
      completeCommand(who, other.id, {
        status: "done",
        result: { pong: true, sageCompany: "ABC", driver: "simulator" },
        warnings: [],
        durationMs: 1,
      }),
    ).rejects.toThrow("already has a result (FAILED)");
  });
});

describe("per-agent rate limit", () => {
  it("allows a burst, then one request per refill interval", () => {
    const bucket = new TokenBucket(3, 2);
    const now = 1_000_000;
    expect([bucket.take("a", now), bucket.take("a", now), bucket.take("a", now)]).toEqual([0, 0, 0]);
    expect(bucket.take("a", now)).toBe(500);
    expect(bucket.take("b", now)).toBe(0);
    expect(bucket.take("a", now + 500)).toBe(0);
  });
});
