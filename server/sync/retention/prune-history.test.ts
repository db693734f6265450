// Retention: what is older than the company's setting goes, in bounded batches; what a person or a flow still needs
// stays (a record's latest attempt and latest write of each kind, unfinished commands, unprocessed change batches);
// both runners reach the same code; an instance finding another at work on a company leaves it alone.
import { InngestTestEngine } from "@inngest/test";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { db, Prisma } from "@/server/db";
import { functions } from "@/server/jobs/functions";
import { RETENTION_PRUNE_REQUESTED, retentionPrune } from "@/server/jobs/retention-prune";
import { startRetentionTicker } from "@/server/sync/runner/retention-ticker";
import { loadSyncSettings, saveSyncSettings } from "@/server/sync/settings";
import { createCompany, createOrg, createUser } from "@/tests/factories";
import { pruneCompanyHistory, pruneHistory, type PruneBatch } from "./prune-history";

const NOW = new Date();
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);
let seq = 0;

async function company(retentionDays?: number) {
  const org = await createOrg(await createUser("retention"));
  const c = await createCompany(org);
  if (retentionDays !== undefined)
    await saveSyncSettings(c.id, { ...(await loadSyncSettings(c.id)), retention: { days: retentionDays } });
  return c;
}

async function record(companyId: string, attempts: Array<{ age: number; outcome: string; request?: object }>) {
  const r = await db.syncRecord.create({
    data: {
      companyId,
      system: "KASHFLOW",
      model: "purchase_invoice",
      externalId: `P-${++seq}`,
      contentHash: `h${seq}`,
      payload: {},
      status: "SYNCED",
      lastSeenAt: NOW,
    },
  });
  const ids: string[] = [];
  for (const a of attempts) {
    const { id } = await db.syncAttempt.create({
      data: {
        companyId,
        recordId: r.id,
        flow: "purchases",
        outcome: a.outcome,
        request: (a.request ?? Prisma.JsonNull) as Prisma.InputJsonValue,
        startedAt: daysAgo(a.age),
        finishedAt: daysAgo(a.age),
      },
    });
    ids.push(id);
  }
  return ids;
}

async function command(companyId: string, o: { status: "QUEUED" | "LEASED" | "DONE" | "FAILED"; age: number }) {
  const at = daysAgo(o.age);
  const finished = o.status === "DONE" || o.status === "FAILED";
  const { id } = await db.sage100Command.create({
    data: {
      companyId,
      type: "ping",
      payload: {},
      idempotencyKey: `k${++seq}`,
      status: o.status,
      createdAt: at,
      availableAt: at,
      completedAt: finished ? at : null,
      leaseExpiresAt: o.status === "LEASED" ? at : null,
    },
  });
  return id;
}

async function changeBatch(companyId: string, o: { age: number; processed: boolean }) {
  const at = daysAgo(o.age);
  const { id } = await db.sage100ChangeBatch.create({
    data: {
      companyId,
      batchId: `b${++seq}`,
      sageTable: "AR_Customer",
      keyColumns: ["ARDivisionNo", "CustomerNo"],
      rows: [],
      rowCount: 0,
      highWater: {},
      receivedAt: at,
      processedAt: o.processed ? at : null,
    },
  });
  return id;
}

const remaining = async (ids: string[]) =>
  new Set((await db.syncAttempt.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((a) => a.id));

describe("retention", () => {
  it("deletes old attempts, finished commands and processed change batches, keeping what is still needed", async () => {
    const c = await company(30);
    const post = { kind: "post", command: { type: "create_ap_invoice" } };
    // An old record: failures, an early write superseded by a later write of the same kind, a failure last.
    const [failed1, wrote1, held, wrote2, latest] = await record(c.id, [
      { age: 100, outcome: "FAILED" },
      { age: 95, outcome: "SYNCED", request: post },
      { age: 60, outcome: "HELD" },
      { age: 50, outcome: "SYNCED", request: post },
      { age: 40, outcome: "FAILED" },
    ]);
    // Its only attempt, years old: kept (the document's timeline still has its last word).
    const [only] = await record(c.id, [{ age: 700, outcome: "SYNCED", request: post }]);
    // Two writes of different kinds (a receipt, then its reversal) and a recent failure: both writes stay.
    const [receipt, reversal, recent] = await record(c.id, [
      { age: 100, outcome: "SYNCED", request: { kind: "receipt" } },
      { age: 90, outcome: "SYNCED", request: { kind: "reverse" } },
      { age: 5, outcome: "FAILED" },
    ]);
    const oldDone = await command(c.id, { status: "DONE", age: 40 });
    const oldFailed = await command(c.id, { status: "FAILED", age: 40 });
    const keptCommands = [
      await command(c.id, { status: "QUEUED", age: 40 }),
      await command(c.id, { status: "LEASED", age: 40 }),
      await command(c.id, { status: "DONE", age: 10 }),
    ];
    const oldBatch = await changeBatch(c.id, { age: 40, processed: true });
    const keptBatches = [
      await changeBatch(c.id, { age: 40, processed: false }),
      await changeBatch(c.id, { age: 5, processed: true }),
    ];

    const r = await pruneCompanyHistory({ companyId: c.id, days: 30, now: NOW, pauseMs: 0 });
    expect(r).toMatchObject({ finished: true, counts: { attempts: 3, commands: 2, changeBatches: 1 } });
    const left = await remaining([failed1!, wrote1!, held!, wrote2!, latest!, only!, receipt!, reversal!, recent!]);
    expect([...left].sort()).toEqual([wrote2!, latest!, only!, receipt!, reversal!, recent!].sort());
    expect(
      await db.sage100Command.findMany({
        where: { id: { in: [oldDone, oldFailed, ...keptCommands] } },
        select: { id: true },
      }),
    ).toHaveLength(3);
    expect(await db.sage100ChangeBatch.count({ where: { id: { in: [oldBatch, ...keptBatches] } } })).toBe(2);
    // A second pass finds nothing more to do.
    expect((await pruneCompanyHistory({ companyId: c.id, days: 30, now: NOW, pauseMs: 0 })).counts).toEqual({
      attempts: 0,
      commands: 0,
      changeBatches: 0,
    });
  });

  it("follows each company's own setting (default 90 days)", async () => {
    const short = await company(30);
    const usual = await company();
    const ids: Record<string, string[]> = {};
    for (const c of [short, usual]) {
      ids[c.id] = [
        ...(await record(c.id, [
          { age: 60, outcome: "FAILED" },
          { age: 59, outcome: "FAILED" },
        ])),
        await command(c.id, { status: "DONE", age: 60 }),
        await command(c.id, { status: "DONE", age: 120 }),
      ];
    }
    const r = await pruneHistory({ now: NOW, companyIds: [short.id, usual.id], pauseMs: 0 });
    expect(r).toMatchObject({ companies: 2, done: true, counts: { attempts: 1, commands: 3 } });
    expect(await remaining(ids[short.id]!.slice(0, 2))).toEqual(new Set([ids[short.id]![1]]));
    expect(await remaining(ids[usual.id]!.slice(0, 2))).toEqual(new Set(ids[usual.id]!.slice(0, 2)));
    expect(await db.sage100Command.count({ where: { companyId: short.id } })).toBe(0);
    expect(await db.sage100Command.findMany({ where: { companyId: usual.id }, select: { id: true } })).toEqual([
      { id: ids[usual.id]![2] },
    ]);
  });

  it("works in bounded batches, and a time-boxed run resumes where it stopped", async () => {
    const c = await company(30);
    for (let i = 0; i < 25; i++) await command(c.id, { status: "DONE", age: 40 });
    // 25 old attempts of one record (the latest stays), and 12 records whose only old attempt stays.
    const many = await record(
      c.id,
      Array.from({ length: 25 }, (_, i) => ({ age: 64 - i, outcome: "FAILED" })),
    );
    for (let i = 0; i < 12; i++) await record(c.id, [{ age: 35 + i, outcome: "SYNCED", request: { kind: "post" } }]);
    const batches: PruneBatch[] = [];
    const r = await pruneCompanyHistory({
      companyId: c.id,
      days: 30,
      now: NOW,
      batchSize: 10,
      pauseMs: 0,
      onBatch: (b) => batches.push(b),
    });
    expect(r.counts).toEqual({ attempts: 24, commands: 25, changeBatches: 0 });
    expect(batches.every((b) => b.deleted <= 10 && b.scanned <= 10)).toBe(true);
    expect(batches.filter((b) => b.kind === "commands").map((b) => b.deleted)).toEqual([10, 10, 5]);
    // 37 old attempts walked 10 at a time, whatever share of them is kept.
    expect(batches.filter((b) => b.kind === "attempts").map((b) => b.scanned)).toEqual([10, 10, 10, 7]);
    expect(await remaining(many)).toEqual(new Set([many.at(-1)]));

    // A time box: each run stops after its first batch and hands over a cursor; the runs together do it all.
    const d = await company(30);
    await record(
      d.id,
      Array.from({ length: 30 }, (_, i) => ({ age: 90 - i, outcome: "FAILED" })),
    );
    let cursor: Parameters<typeof pruneHistory>[0]["cursor"];
    let runs = 0;
    let deleted = 0;
    do {
      const step = await pruneHistory({ now: NOW, companyIds: [d.id], cursor, budgetMs: 0, batchSize: 10, pauseMs: 0 });
      deleted += step.counts.attempts;
      cursor = step.done ? undefined : step.cursor;
      runs++;
      if (step.done) break;
    } while (runs < 20);
    expect(deleted).toBe(29);
    expect(runs).toBeGreaterThanOrEqual(3);
  });

  it("leaves a company to another instance already pruning it", async () => {
    const c = await company(30);
    const old = await command(c.id, { status: "DONE", age: 40 });
    const other = new pg.Client({ connectionString: env().DATABASE_URL });
    await other.connect();
    try {
      await other.query("BEGIN");
      await other.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`retention|${c.id}`]);
      expect(await pruneCompanyHistory({ companyId: c.id, days: 30, now: NOW, pauseMs: 0 })).toMatchObject({
        finished: false,
        counts: { commands: 0 },
      });
      expect(await db.sage100Command.count({ where: { id: old } })).toBe(1);
      await other.query("COMMIT");
    } finally {
      await other.end();
    }
    expect((await pruneCompanyHistory({ companyId: c.id, days: 30, now: NOW, pauseMs: 0 })).counts.commands).toBe(1);
  });

  it("runs under the in-process runner and as the Inngest function, through the same code", async () => {
    const a = await company(30);
    const b = await company(30);
    await command(a.id, { status: "DONE", age: 40 });
    await command(b.id, { status: "DONE", age: 40 });
    const lines: string[] = [];
    const ticker = startRetentionTicker({ companyIds: [a.id], pauseMs: 0, log: (l) => lines.push(l) });
    try {
      await ticker.run();
    } finally {
      ticker.stop();
    }
    expect(await db.sage100Command.count({ where: { companyId: a.id } })).toBe(0);
    expect(lines.join("\n")).toContain("1 agent commands");

    expect(functions).toContain(retentionPrune);
    const engine = new InngestTestEngine({ function: retentionPrune });
    const { result, ctx } = await engine.execute({
      events: [{ name: RETENTION_PRUNE_REQUESTED, data: { companyIds: [b.id] } }],
    });
    for (const id of ["clock", "prune-0"]) expect(ctx.step.run).toHaveBeenCalledWith(id, expect.any(Function));
    expect(result).toMatchObject({ commands: 1, finished: true });
    expect(await db.sage100Command.count({ where: { companyId: b.id } })).toBe(0);
  });
});
