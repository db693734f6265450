// Detect on the Sage 100 side: the change batches the agent pushed for one table go into the ledger oldest first,
// each observed and marked processed in one transaction under a per-table lock (two flows reading the same table
// can never apply an older batch after a newer one). A company with no Sage rows in the ledger yet gets an initial
// full read through the gateway first, stored as batches like any other.
import { db, type Prisma, transaction } from "@/server/db";
import { MAX_CHANGE_ROWS, type SageStamp } from "@/agent/src/protocol";
import { stamp, type SageRow } from "@/server/integrations/sage100/mappers/row";
import type { FlowRun } from "../engine/flow-run";
import { observeRecords, type ObserveResult } from "../ledger/observe";
import { sage100Command } from "./command";
import { requireSage100Agent } from "./online";
import type { Sage100Side } from "./sides";

const INITIAL_BATCH = "ledgerlink-initial";

export async function observeSage100Changes(
  ctx: FlowRun,
  side: Sage100Side,
): Promise<ObserveResult & { batches: number }> {
  await initialReadIfEmpty(ctx, side);
  const total = { inserted: 0, changed: 0, unchanged: 0, echoes: 0, batches: 0 };
  for (;;) {
    const seen = await transaction((tx) => observeNextBatch(ctx, side, tx), { timeout: 120_000 });
    if (!seen) return total;
    total.batches++;
    for (const k of ["inserted", "changed", "unchanged", "echoes"] as const) total[k] += seen[k];
  }
}

async function observeNextBatch(
  ctx: FlowRun,
  side: Sage100Side,
  tx: Prisma.TransactionClient,
): Promise<ObserveResult | null> {
  await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtext(${`sage100-changes|${ctx.companyId}|${side.table}`}))) AS l`;
  const batch = await tx.sage100ChangeBatch.findFirst({
    where: { companyId: ctx.companyId, sageTable: side.table, processedAt: null },
    orderBy: [{ receivedAt: "asc" }, { id: "asc" }],
  });
  if (!batch) return null;
  // One row per key, the latest of the batch.
  const latest = new Map<string, SageRow>();
  for (const row of batch.rows as SageRow[]) if (side.include?.(row) ?? true) latest.set(side.keyOfRow(row), row);
  const rows = await newerThanLedger(ctx, side, tx, latest, batch.receivedAt);
  const seen = await observeRecords({
    companyId: ctx.companyId,
    system: "SAGE100",
    model: side.model,
    records: [...rows].map(([externalId, row]) => ({ externalId, payload: side.payloadOfRow(row, ctx.settings) })),
    tx,
  });
  await tx.sage100ChangeBatch.update({ where: { id: batch.id }, data: { processedAt: new Date() } });
  return seen;
}

/**
 * A batch that waited while the ledger learnt something newer (our own read-back after a write) must not take the
 * record back in time: its rows stamped before what the ledger holds are left out. Only then — Sage's clock can go
 * back (it keeps local time), so an older stamp alone proves nothing.
 */
async function newerThanLedger(
  ctx: FlowRun,
  side: Sage100Side,
  tx: Prisma.TransactionClient,
  rows: Map<string, SageRow>,
  receivedAt: Date,
): Promise<Map<string, SageRow>> {
  const known = await tx.syncRecord.findMany({
    where: {
      companyId: ctx.companyId,
      system: "SAGE100",
      model: side.model,
      externalId: { in: [...rows.keys()] },
      updatedAt: { gt: receivedAt },
    },
    select: { externalId: true, payload: true },
  });
  const out = new Map(rows);
  for (const k of known) {
    const held = (k.payload as { updatedAt?: string | null } | null)?.updatedAt;
    const incoming = stamp(out.get(k.externalId) ?? {}, "Updated");
    if (held && incoming && incoming < held) out.delete(k.externalId);
  }
  return out;
}

const sameStamp = (a: SageStamp | undefined, b: SageStamp | null) =>
  !!a && !!b && a.date === b.date && Number(a.time) === Number(b.time);

/** The whole table, page by page from the beginning, stored as batches in one go (a failed read stores nothing). */
async function initialReadIfEmpty(ctx: FlowRun, side: Sage100Side): Promise<void> {
  const known = await db.syncRecord.findFirst({
    where: { companyId: ctx.companyId, system: "SAGE100", model: side.model },
    select: { id: true },
  });
  if (known) return;
  const stored = await db.sage100ChangeBatch.findFirst({
    where: { companyId: ctx.companyId, sageTable: side.table, batchId: { startsWith: `${INITIAL_BATCH}-` } },
    select: { id: true },
  });
  if (stored) return;
  await requireSage100Agent(ctx);
  const pages: { rows: SageRow[]; keyColumns: string[]; highWater: SageStamp }[] = [];
  let since: SageStamp | undefined;
  for (;;) {
    const page = await sage100Command(
      ctx,
      { type: "readChanges", payload: { table: side.table, ...(since ? { since } : {}), top: MAX_CHANGE_ROWS } },
      60_000,
    );
    if (page.rows.length && page.highWater)
      pages.push({ rows: page.rows, keyColumns: page.keyColumns, highWater: page.highWater });
    // A short page is the end; a full page inside one second cannot be paged past (the agent's own batches bring the rest).
    if (page.rows.length < MAX_CHANGE_ROWS || !page.highWater || sameStamp(since, page.highWater)) break;
    since = page.highWater;
  }
  const at = Date.now();
  await db.sage100ChangeBatch.createMany({
    data: pages.map((p, i) => ({
      companyId: ctx.companyId,
      batchId: `${INITIAL_BATCH}-${side.table}-${at}-${i}`,
      sageTable: side.table,
      keyColumns: p.keyColumns,
      rows: p.rows as Prisma.InputJsonValue,
      rowCount: p.rows.length,
      highWater: p.highWater,
      // Received in order, so they are observed in order.
      receivedAt: new Date(at + i),
    })),
    skipDuplicates: true,
  });
}
