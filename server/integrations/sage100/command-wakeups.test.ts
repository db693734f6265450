// Idle long polls cost nothing: a waiting lease sends no query until a command is announced (by this process or,
// through Postgres LISTEN/NOTIFY, another app instance), a backoff ends or a lease expires; without the LISTEN
// connection it falls back to reading the table, and listening comes back by itself.
import { execFile } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { enqueuePing } from "./testing/enqueue-ping";
import { createTenant } from "@/tests/factories";
import { leaseCommands, leaseCommandsWaiting } from "./command-queue";
import { listeningForWakeups, wakeupsBackendPid } from "./command-wakeups";

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

async function untilListening(): Promise<void> {
  for (let i = 0; !listeningForWakeups(); i++) {
    if (i > 200) throw new Error("the LISTEN connection never came up");
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Statements every pg client of this process sends while `fn` runs. */
async function countStatements<T>(fn: () => Promise<T>): Promise<{ result: T; statements: number }> {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  let statements = 0;
  proto.query = function counted(this: unknown, ...args: unknown[]) {
    statements++;
    return original.apply(this, args);
  };
  try {
    return { result: await fn(), statements };
  } finally {
    proto.query = original;
  }
}

/** Another app instance: a separate process on the same database enqueues a ping. */
function enqueueFromAnotherProcess(orgId: string, companyId: string, key: string): Promise<{ id: string; at: number }> {
  const script = path.join(import.meta.dirname, "testing", "enqueue-elsewhere.ts");
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      ["--import", "tsx", script, orgId, companyId, key],
      { env: process.env, timeout: 25_000 },
      (error, stdout) =>
        error ? reject(error) : resolve(JSON.parse(stdout.trim().split("\n").at(-1)!) as { id: string; at: number }),
    ),
  );
}

describe("waiting long polls", () => {
  it("send no query while nothing happens (one read when they start)", async () => {
    const { who } = await setup("w-idle");
    await untilListening();
    const { result, statements } = await countStatements(() =>
      leaseCommandsWaiting(who, { max: 10, leaseMs: 60_000, waitMs: 3_000 }),
    );
    expect(result).toEqual([]);
    expect(statements).toBe(1);
  });

  it("wake when another app instance enqueues a command for their company, without polling meanwhile", async () => {
    const { t, who } = await setup("w-remote");
    const { who: bystander } = await setup("w-bystander");
    await untilListening();
    const stop = new AbortController();
    const other = leaseCommandsWaiting(bystander, { max: 10, leaseMs: 60_000, waitMs: 25_000, signal: stop.signal });
    const { result, statements } = await countStatements(async () => {
      const waiting = leaseCommandsWaiting(who, { max: 10, leaseMs: 60_000, waitMs: 25_000 });
      const sent = await enqueueFromAnotherProcess(t.org.id, t.company.id, "remote-1");
      const leased = await waiting;
      return { sent, leased, latencyMs: Date.now() - sent.at };
    });
    expect(result.leased.map((c) => c.id)).toEqual([result.sent.id]);
    expect(result.latencyMs).toBeLessThan(2_000);
    // The waiting poll read the queue when it started and when it was woken; the other company's poll slept on.
    expect(statements).toBeLessThanOrEqual(3);
    const bystanderStatements = await countStatements(async () => {
      await new Promise((r) => setTimeout(r, 300));
    });
    expect(bystanderStatements.statements).toBe(0);
    stop.abort();
    expect(await other).toEqual([]);
  });

  it("wake when a retried command's backoff ends, with no announcement", async () => {
    const { who, enqueue } = await setup("w-backoff");
    const { command } = await enqueue("later");
    await db.sage100Command.update({ where: { id: command.id }, data: { availableAt: new Date(Date.now() + 1_200) } });
    await untilListening();
    const started = Date.now();
    const { result, statements } = await countStatements(() =>
      leaseCommandsWaiting(who, { max: 10, leaseMs: 60_000, waitMs: 10_000 }),
    );
    expect(result.map((c) => c.id)).toEqual([command.id]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_100);
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(statements).toBeLessThanOrEqual(3);
  });

  it("hand out a lease whose agent went silent once it expires, and fail it for good when it has no attempts left", async () => {
    const { who, enqueue } = await setup("w-expiry");
    const { command } = await enqueue("silent", 2);
    expect((await leaseCommands(who, { max: 1, leaseMs: 1_000 })).map((c) => c.attempt)).toEqual([1]);
    await untilListening();
    const started = Date.now();
    const again = await leaseCommandsWaiting(who, { max: 10, leaseMs: 1_000, waitMs: 10_000 });
    expect(again.map((c) => [c.id, c.attempt])).toEqual([[command.id, 2]]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    expect(await db.sage100Command.findUniqueOrThrow({ where: { id: command.id } })).toMatchObject({
      status: "LEASED",
      errorCode: "LEASE_EXPIRED",
      retryClass: "TRANSIENT",
    });
    await db.sage100Command.update({ where: { id: command.id }, data: { leaseExpiresAt: new Date(Date.now() - 1) } });
    expect(await leaseCommands(who, { max: 1, leaseMs: 1_000 })).toEqual([]);
    expect(await db.sage100Command.findUniqueOrThrow({ where: { id: command.id } })).toMatchObject({
      status: "FAILED",
      errorCode: "LEASE_EXPIRED",
      attempts: 2,
    });
    expect((await db.sage100Command.findUniqueOrThrow({ where: { id: command.id } })).completedAt).not.toBeNull();
  });

  it("fall back to reading the table when the LISTEN connection drops, and listen again by themselves", async () => {
    const { t, who } = await setup("w-drop");
    await untilListening();
    const backend = wakeupsBackendPid();
    expect(backend).not.toBeNull();
    const waiting = leaseCommandsWaiting(who, { max: 10, leaseMs: 60_000, waitMs: 15_000 });
    await db.$executeRaw`SELECT pg_terminate_backend(${backend}::int)`;
    await new Promise((r) => setTimeout(r, 100));
    // Written behind the app's back: no in-process event; any notice would go to a connection that is gone.
    const id = `drop-${t.company.id}`;
    await db.$executeRaw`INSERT INTO "Sage100Command" (id, "companyId", type, payload, "idempotencyKey", "updatedAt") VALUES (${id}, ${t.company.id}, 'ping', '{}'::jsonb, 'dropped', now())`;
    const started = Date.now();
    expect((await waiting).map((c) => c.id)).toEqual([id]);
    expect(Date.now() - started).toBeLessThan(3_000);
    await untilListening();
    expect(wakeupsBackendPid()).not.toBe(backend);
  });
});
