// The endings of a batch written together: every record with its own status and attempt, links and echoes made,
// a refused link holding that record alone, in a handful of statements whatever the batch's size.
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { context } from "../testing/memory-flow";
import { observeRecords } from "./observe";
import { failed, held, skipped, synced, writeOutcomes, type LedgerRecord } from "./outcomes";
import { AppError } from "@/lib/errors";

const clientProto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
const query = clientProto.query;
afterEach(() => void (clientProto.query = query));

/** Statements any pg client of this process sends while `fn` runs. */
async function counted<T>(fn: () => Promise<T>): Promise<{ result: T; statements: number }> {
  let statements = 0;
  clientProto.query = function (this: unknown, ...args: unknown[]) {
    statements++;
    return query.apply(this, args);
  };
  try {
    return { result: await fn(), statements };
  } finally {
    clientProto.query = query;
  }
}

async function records(companyId: string, codes: string[]): Promise<LedgerRecord[]> {
  await observeRecords({
    companyId,
    system: "KASHFLOW",
    model: "item",
    records: codes.map((code) => ({ externalId: code, payload: { code, name: code, qty: 1 } })),
  });
  return db.syncRecord.findMany({
    where: { companyId, model: "item", externalId: { in: codes } },
    orderBy: { externalId: "asc" },
    select: {
      id: true,
      companyId: true,
      system: true,
      model: true,
      externalId: true,
      contentHash: true,
      attempts: true,
    },
  });
}

const log = () => ({ flow: "things.test", startedAt: new Date() });

describe("ledger outcomes of a batch", () => {
  it("writes 50 endings in a handful of statements: each record's status, one attempt each, links and echoes", async () => {
    const { companyId } = await context();
    const codes = Array.from({ length: 50 }, (_, i) => `T${String(i).padStart(2, "0")}`);
    const rows = await records(companyId, codes);
    const outcomes = rows.map((r, i) =>
      i % 10 === 1
        ? held(r, { ...log(), code: "NEGATIVE_QTY", message: "Quantity is negative.", field: "qty" })
        : i % 10 === 2
          ? failed(r, { ...log(), error: new AppError("UPSTREAM", "Target timed out.", { retryClass: "TRANSIENT" }) })
          : i % 10 === 3
            ? skipped(r, { ...log(), reason: "deleted at the source" })
            : synced(r, {
                ...log(),
                counterpartId: `S-${r.externalId}`,
                request: { code: r.externalId },
                warnings: [{ field: "name", message: "shortened" }],
                echo: { payload: { code: r.externalId }, hash: `h-${r.externalId}` },
              }),
    );
    const { result, statements } = await counted(() => writeOutcomes(outcomes));
    expect(result.filter((k) => k === "SYNCED")).toHaveLength(35);
    // One transaction: BEGIN, links read and made, echoes read and made, records, attempts, COMMIT — not ~7 per record.
    expect(statements).toBeLessThanOrEqual(10);

    const after = new Map(
      (await db.syncRecord.findMany({ where: { companyId, system: "KASHFLOW" } })).map((r) => [r.externalId, r]),
    );
    expect(after.get("T00")).toMatchObject({
      status: "SYNCED",
      counterpartId: "S-T00",
      attempts: 1,
      syncedHash: rows[0]!.contentHash,
      errorCode: null,
      warnings: [{ field: "name", message: "shortened" }],
    });
    expect(after.get("T01")).toMatchObject({
      status: "HELD",
      attempts: 1,
      errorCode: "NEGATIVE_QTY",
      errorField: "qty",
      heldBy: "RULES",
      retryClass: "NEEDS_USER",
      counterpartId: null,
    });
    expect(after.get("T02")).toMatchObject({
      status: "FAILED",
      attempts: 1,
      retryClass: "TRANSIENT",
      counterpartId: null,
    });
    expect(after.get("T02")!.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now());
    expect(after.get("T03")).toMatchObject({
      status: "SKIPPED",
      attempts: 0,
      errorMessage: "deleted at the source",
      syncedHash: rows[3]!.contentHash,
    });
    const attempts = await db.syncAttempt.findMany({ where: { companyId } });
    expect(attempts).toHaveLength(50);
    expect(new Set(attempts.map((a) => a.recordId)).size).toBe(50);
    expect(attempts.find((a) => a.recordId === rows[2]!.id)).toMatchObject({
      outcome: "FAILED",
      errorCode: "UPSTREAM",
      retryClass: "TRANSIENT",
    });
    expect(await db.entityLink.count({ where: { companyId } })).toBe(35);
    expect(
      await db.syncRecord.findUnique({
        where: {
          companyId_system_model_externalId: { companyId, system: "SAGE100", model: "item", externalId: "S-T00" },
        },
      }),
    ).toMatchObject({ status: "SYNCED", counterpartId: "T00", syncedHash: "h-T00" });
  });

  it("a link that would pair a record with a second partner holds that record alone; the rest of the batch is synced", async () => {
    const { companyId } = await context();
    const [a, b, c] = await records(companyId, ["A", "B", "C"]);
    // Sage 100 key S-B is already KashFlow X's partner.
    await db.entityLink.create({ data: { companyId, model: "item", kashflowId: "X", sage100Key: "S-B" } });
    const kinds = await writeOutcomes(
      [a!, b!, c!].map((r) => synced(r, { ...log(), counterpartId: `S-${r.externalId}` })),
    );
    expect(kinds).toEqual(["SYNCED", "HELD", "SYNCED"]);
    expect(await db.syncRecord.findUniqueOrThrow({ where: { id: b!.id } })).toMatchObject({
      status: "HELD",
      errorCode: "LinkConflict",
      heldBy: "RULES",
    });
    expect(await db.syncAttempt.findMany({ where: { recordId: b!.id }, select: { outcome: true } })).toEqual([
      { outcome: "HELD" },
    ]);
    expect(
      (await db.entityLink.findMany({ where: { companyId }, orderBy: { kashflowId: "asc" } })).map((l) => [
        l.kashflowId,
        l.sage100Key,
      ]),
    ).toEqual([
      ["A", "S-A"],
      ["C", "S-C"],
      ["X", "S-B"],
    ]);
  });

  it("written again (a retry), a record keeps one attempt per ending and its latest says how it stands", async () => {
    const { companyId } = await context();
    const [a] = await records(companyId, ["A"]);
    const at = (secondsAgo: number) => ({ flow: "things.test", startedAt: new Date(Date.now() - secondsAgo * 1000) });
    await writeOutcomes([
      failed(a!, { ...at(3), error: new AppError("UPSTREAM", "Target timed out.", { retryClass: "TRANSIENT" }) }),
    ]);
    const again = await db.syncRecord.findUniqueOrThrow({ where: { id: a!.id } });
    await writeOutcomes([synced({ ...a!, attempts: again.attempts }, { ...at(2), counterpartId: "S-A" })]);
    // The link already made by an earlier ending of the same pair is no conflict.
    await writeOutcomes([synced({ ...a!, attempts: 2 }, { ...at(1), counterpartId: "S-A" })]);
    expect(await db.syncRecord.findUniqueOrThrow({ where: { id: a!.id } })).toMatchObject({
      status: "SYNCED",
      attempts: 3,
      errorCode: null,
      retryClass: null,
      nextAttemptAt: null,
    });
    const timeline = await db.syncAttempt.findMany({
      where: { recordId: a!.id },
      orderBy: { startedAt: "asc" },
      select: { outcome: true },
    });
    expect(timeline.map((t) => t.outcome)).toEqual(["FAILED", "SYNCED", "SYNCED"]);
    expect(await db.entityLink.count({ where: { companyId } })).toBe(1);
  });

  it("a record changed or deleted at the source while it was carried keeps what the write made but stays due for the change", async () => {
    const { companyId } = await context();
    const [changed, deleted, steady] = await records(companyId, ["C", "D", "S"]);
    // Claimed as read (as a load batch claims), then detect sees C edited and D deleted before the endings are written.
    const claimed = [changed!, deleted!, steady!].map((r) => ({ ...r, deletedAt: null }));
    await observeRecords({
      companyId,
      system: "KASHFLOW",
      model: "item",
      records: [{ externalId: "C", payload: { code: "C", name: "C", qty: 2 } }],
    });
    await db.syncRecord.update({ where: { id: deleted!.id }, data: { deletedAt: new Date(), status: "PENDING" } });

    const kinds = await writeOutcomes(claimed.map((r) => synced(r, { ...log(), counterpartId: `S-${r.externalId}` })));
    expect(kinds).toEqual(["SYNCED", "SYNCED", "SYNCED"]);
    const after = new Map(
      (await db.syncRecord.findMany({ where: { companyId, system: "KASHFLOW" } })).map((r) => [r.externalId, r]),
    );
    // The write happened: the counterpart and what the other side holds are kept; the new content is still to go.
    expect(after.get("C")).toMatchObject({ status: "PENDING", counterpartId: "S-C", syncedHash: changed!.contentHash });
    expect(after.get("C")!.contentHash).not.toBe(changed!.contentHash);
    expect(after.get("D")).toMatchObject({ status: "PENDING", counterpartId: "S-D" });
    expect(after.get("D")!.deletedAt).not.toBeNull();
    expect(after.get("S")).toMatchObject({ status: "SYNCED", counterpartId: "S-S" });
    // Each carried version has its attempt on the timeline.
    expect(await db.syncAttempt.count({ where: { companyId, outcome: "SYNCED" } })).toBe(3);
  });
});
