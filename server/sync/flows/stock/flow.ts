// stock.sage100_to_kashflow — Sage 100 warehouse quantities (spec §2.4), summed over the company's warehouse set
// (on hand, or available), become the stock of the KashFlow product the items flow linked to the Sage item. Sage
// is the stock master: KashFlow's own decrement on invoicing is overwritten by what Sage has on hand. Woken by the
// agent's IM_ItemWarehouse batches (polled every 5 s), so a change reaches KashFlow within seconds; a run with no
// batch waiting costs two small queries.
import { db } from "@/server/db";
import type { FlowDefinition } from "../../engine/flow";
import type { FlowRun } from "../../engine/flow-run";
import { plannedKashflowId } from "../../engine/planned-links";
import { compareDecimal, toDecimal } from "@/server/domain/canonical/money";
import { stockLevelSchema, type StockLevel } from "@/server/domain/canonical/stock-level";
import { detectStock } from "./detect";

const MODEL = "stock_level";
export const NOT_LINKED = "Not linked to a KashFlow product";

export type StockPlan =
  | { kind: "set"; product: string; nominalCode: number; code: string; quantity: string }
  | { kind: "skip"; product: string | null; reason: string };

/** Items skipped for want of a KashFlow product go round again once the items flow has linked one. */
async function requeueNewlyLinked(ctx: FlowRun): Promise<number> {
  return db.$executeRaw`
    UPDATE "SyncRecord" AS r SET "status" = 'PENDING'::"SyncRecordStatus", "attempts" = 0, "nextAttemptAt" = NULL, "updatedAt" = now()
    WHERE r."companyId" = ${ctx.companyId} AND r."system" = 'SAGE100'::"SyncSystem" AND r."model" = ${MODEL} AND r."status" = 'SKIPPED'::"SyncRecordStatus"
      AND r."errorMessage" LIKE ${`${NOT_LINKED}%`}
      AND EXISTS (SELECT 1 FROM "EntityLink" AS l WHERE l."companyId" = r."companyId" AND l."model" = 'item' AND l."sage100Key" = r."externalId")`;
}

/** What setting a product's stock would change in KashFlow (read only): its quantity now, or why nothing is written. */
export async function kashflowStockChange(
  ctx: FlowRun,
  plan: Extract<StockPlan, { kind: "set" }>,
): Promise<{ from: string; to: string } | { skipped: string }> {
  const product = await (await ctx.kashflow()).products.find(plan.nominalCode, plan.code);
  if (!product) return { skipped: `KashFlow no longer has product ${plan.product}.` };
  if (!product.ManageStockLevel) return { skipped: `KashFlow does not manage stock for product ${plan.product}.` };
  return { from: toDecimal(product.QuantityInStock ?? "0") ?? "0", to: plan.quantity };
}

export const stockSage100ToKashflow: FlowDefinition<StockLevel, StockPlan> = {
  id: "stock.sage100_to_kashflow",
  label: "Stock levels: Sage 100 → KashFlow",
  model: MODEL,
  source: "SAGE100",
  target: "KASHFLOW",
  wakeOn: ["IM_ItemWarehouse"],

  // Detect: the agent's warehouse batches folded per item (the whole table once, for a new company or warehouse set).
  async detect(ctx) {
    await requeueNewlyLinked(ctx);
    return detectStock(ctx);
  },

  canonical: stockLevelSchema,

  // Rules: the KashFlow product of the Sage item (the items flow's link), or a skip that comes back once linked.
  async rules(ctx, level) {
    const linked = await db.entityLink.findFirst({
      where: { companyId: ctx.companyId, model: "item", sage100Key: level.itemCode },
      select: { kashflowId: true },
    });
    // The first-sync preview: the KashFlow product the items flows would link this item to.
    const planned = linked ? null : plannedKashflowId(ctx, "item", level.itemCode);
    const link = linked ?? (planned ? { kashflowId: planned } : null);
    if (!link)
      return {
        plan: {
          kind: "skip",
          product: null,
          reason: `${NOT_LINKED} (yet): Sage 100 item ${level.itemCode} has ${level.quantityOnHand} on hand.`,
        },
        warnings: [],
      };
    const m = /^(\d+)\/(.+)$/.exec(link.kashflowId);
    if (!m)
      return {
        plan: {
          kind: "skip",
          product: link.kashflowId,
          reason: `KashFlow product key ${link.kashflowId} is not nominal/code.`,
        },
        warnings: [],
      };
    return {
      plan: {
        kind: "set",
        product: link.kashflowId,
        nominalCode: Number(m[1]),
        code: m[2]!,
        quantity: level.quantityOnHand,
      },
      warnings: [],
    };
  },

  validate: async () => null,

  // Load: only a product KashFlow counts, and only when its stock differs (a repeat after a crash writes nothing).
  async load(ctx, plan, meta) {
    if (plan.kind === "skip")
      return { counterpartId: plan.product ?? meta.externalId, request: plan, response: null, skipped: plan.reason };
    const change = await kashflowStockChange(ctx, plan);
    if ("skipped" in change)
      return { counterpartId: plan.product, request: plan, response: null, skipped: change.skipped };
    if (compareDecimal(change.from, plan.quantity) === 0)
      return { counterpartId: plan.product, request: { ...plan, nothingToWrite: true }, response: null };
    const saved = await (await ctx.kashflow()).products.setStock(plan.nominalCode, plan.code, plan.quantity);
    return {
      counterpartId: plan.product,
      request: plan,
      response: { before: change.from, after: saved.QuantityInStock },
    };
  },
};
