// Detect for stock levels: the agent's IM_ItemWarehouse change batches, folded per item into one ledger record whose
// quantity is the sum over the company's warehouse set. Each warehouse's quantity is kept with its Sage stamp under
// `updatedAt` (which the ledger's hash ignores), so a batch that carries one warehouse is summed with the others, an
// older row never overwrites a newer one, and a touch that moves nothing counted (an order entered, another
// warehouse) leaves the record unchanged. A new company, or a changed warehouse set, is read whole once.
import { MAX_CHANGE_ROWS, type SageStamp } from "@/agent/src/protocol";
import { stamp, text, type SageRow } from "@/server/integrations/sage100/mappers/row";
import { db, type Prisma, transaction } from "@/server/db";
import type { DetectSummary } from "../../engine/flow";
import type { FlowRun } from "../../engine/flow-run";
import { observeRecords, type ObserveResult } from "../../ledger/observe";
import type { StockLevel } from "@/server/domain/canonical/stock-level";
import {
  countsWarehouse,
  sumWarehouses,
  warehouseCodeOf,
  warehouseQuantity,
  warehouseSetLabel,
} from "../../rules/stock-sum";
import { sage100Command } from "../../sage100/command";
import { requireSage100Agent } from "../../sage100/online";

const MODEL = "stock_level";
const TABLE = "IM_ItemWarehouse";

type Warehouses = Record<string, { quantity: string; updatedAt: string | null }>;
export type StoredStockLevel = StockLevel & { warehouses: Warehouses; updatedAt: string | null };

const itemOf = (row: SageRow) => text(row, "ItemCode").toUpperCase();
const labelOf = (ctx: Pick<FlowRun, "settings">) =>
  warehouseSetLabel(ctx.settings.stock.warehouses, ctx.settings.stock.quantity);
const asOfOf = (iso: string | null, ctx: Pick<FlowRun, "now">) => (iso ?? ctx.now.toISOString()).slice(0, 19);

/** One item's record after `rows` (any of its warehouses) on top of what the ledger held. */
export function foldStock(
  ctx: Pick<FlowRun, "now" | "settings">,
  itemCode: string,
  before: StoredStockLevel | null,
  rows: readonly SageRow[],
  o: { fresh?: boolean } = {},
): StoredStockLevel {
  const { warehouses: set, quantity: measure } = ctx.settings.stock;
  const warehouses: Warehouses = o.fresh ? {} : { ...(before?.warehouses ?? {}) };
  for (const row of rows) {
    const code = warehouseCodeOf(row);
    if (!code || !countsWarehouse(set, code)) continue;
    const at = stamp(row, "Updated");
    const held = warehouses[code]?.updatedAt;
    // Batches may be read out of order after a crash: the newer Sage stamp wins.
    if (held && at && at < held) continue;
    warehouses[code] = { quantity: warehouseQuantity(row, measure), updatedAt: at };
  }
  const sorted = Object.fromEntries(Object.entries(warehouses).sort(([a], [b]) => a.localeCompare(b)));
  const quantityOnHand = sumWarehouses(Object.fromEntries(Object.entries(sorted).map(([k, v]) => [k, v.quantity])));
  const latest = Object.values(sorted).reduce<string | null>(
    (m, w) => (w.updatedAt && (!m || w.updatedAt > m) ? w.updatedAt : m),
    null,
  );
  // "As of" moves only when the sum does, so a touch that changes nothing counted is no change at all.
  const asOf = before && before.quantityOnHand === quantityOnHand ? before.asOf : asOfOf(latest, ctx);
  return {
    itemCode,
    accountCode: null,
    warehouseCode: labelOf(ctx),
    quantityOnHand,
    asOf,
    warehouses: sorted,
    updatedAt: latest,
  };
}

async function previous(
  ctx: FlowRun,
  tx: Prisma.TransactionClient,
  items: string[],
): Promise<Map<string, StoredStockLevel>> {
  const rows = await tx.syncRecord.findMany({
    where: { companyId: ctx.companyId, system: "SAGE100", model: MODEL, externalId: { in: items } },
    select: { externalId: true, payload: true },
  });
  return new Map(rows.map((r) => [r.externalId, r.payload as StoredStockLevel]));
}

async function observe(
  ctx: FlowRun,
  tx: Prisma.TransactionClient,
  rows: readonly SageRow[],
  rebuild: boolean,
): Promise<ObserveResult> {
  const byItem = new Map<string, SageRow[]>();
  for (const row of rows) if (itemOf(row)) byItem.set(itemOf(row), [...(byItem.get(itemOf(row)) ?? []), row]);
  const before = await previous(ctx, tx, [...byItem.keys()]);
  // A rebuild starts from Sage's whole table; the old record's "as of" still holds where its sum did not move.
  const records = [...byItem].map(([item, itemRows]) => ({
    externalId: item,
    payload: foldStock(ctx, item, before.get(item) ?? null, itemRows, { fresh: rebuild }),
  }));
  return observeRecords({ companyId: ctx.companyId, system: "SAGE100", model: MODEL, records, tx });
}

/** The whole table through the agent, page by page (a new company, or a different warehouse set). */
async function readWholeTable(ctx: FlowRun): Promise<SageRow[]> {
  await requireSage100Agent(ctx);
  const rows: SageRow[] = [];
  let since: SageStamp | undefined;
  for (;;) {
    const page = await sage100Command(
      ctx,
      { type: "readChanges", payload: { table: TABLE, ...(since ? { since } : {}), top: MAX_CHANGE_ROWS } },
      60_000,
    );
    rows.push(...page.rows);
    const same =
      since &&
      page.highWater &&
      since.date === page.highWater.date &&
      Number(since.time) === Number(page.highWater.time);
    if (page.rows.length < MAX_CHANGE_ROWS || !page.highWater || same) return rows;
    since = page.highWater;
  }
}

const lock = (ctx: FlowRun, tx: Prisma.TransactionClient) =>
  tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtext(${`sage100-changes|${ctx.companyId}|${TABLE}`}))) AS l`;

export async function detectStock(ctx: FlowRun): Promise<DetectSummary> {
  const total: DetectSummary = { inserted: 0, changed: 0, unchanged: 0, echoes: 0, complete: false };
  const add = (r: ObserveResult) => {
    for (const k of ["inserted", "changed", "unchanged", "echoes"] as const) total[k] += r[k];
  };
  // One indexed read when nothing changed: is the set we summed still the company's?
  const sample = await db.syncRecord.findFirst({
    where: { companyId: ctx.companyId, system: "SAGE100", model: MODEL },
    select: { payload: true },
  });
  if (!sample || (sample.payload as { warehouseCode?: string }).warehouseCode !== labelOf(ctx)) {
    const rows = await readWholeTable(ctx);
    add(
      await transaction(
        async (tx) => {
          await lock(ctx, tx);
          // What the batches waiting now would say, the whole read already says (or something newer).
          await tx.sage100ChangeBatch.updateMany({
            where: { companyId: ctx.companyId, sageTable: TABLE, processedAt: null },
            data: { processedAt: new Date() },
          });
          return observe(ctx, tx, rows, true);
        },
        { timeout: 120_000 },
      ),
    );
    total.complete = true;
  }
  for (;;) {
    const seen = await transaction(
      async (tx) => {
        await lock(ctx, tx);
        const batch = await tx.sage100ChangeBatch.findFirst({
          where: { companyId: ctx.companyId, sageTable: TABLE, processedAt: null },
          orderBy: [{ receivedAt: "asc" }, { id: "asc" }],
        });
        if (!batch) return null;
        const result = await observe(ctx, tx, batch.rows as SageRow[], false);
        await tx.sage100ChangeBatch.update({ where: { id: batch.id }, data: { processedAt: new Date() } });
        return result;
      },
      { timeout: 120_000 },
    );
    if (!seen) return total;
    add(seen);
  }
}
