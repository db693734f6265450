// stock.sage100_to_kashflow end to end: Sage 100 warehouse quantities summed over the company's warehouse set into
// KashFlow product stock; nothing written when nothing counted changed; and the latency from a quantity change in
// Sage 100 to KashFlow measured with the in-process runner (5 s ticks) and the agent's 5 s stock-table polling.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { Cron } from "croner";
import { dueFlows } from "../../runner/due-flows";
import { runCompanyFlow } from "../../runner/run-due";
import { FLOWS as ALL_FLOWS } from "..";
import { connectCompany, sageTable, harnessForFile, type Company, type Harness } from "../testing/harness";
import { MASTER_FLOWS, updateSettings } from "../testing/money";

const FLOW = "stock.sage100_to_kashflow";
const FLOWS = [...MASTER_FLOWS, FLOW];

let h: Harness;
harnessForFile((started) => (h = started));

async function company() {
  const c = await connectCompany(h);
  await c.settle({ flowIds: FLOWS });
  return c;
}

/** The KashFlow product linked to a Sage item. */
async function productOf(c: Company, itemCode: string) {
  const link = await db.entityLink.findFirstOrThrow({
    where: { companyId: c.companyId, model: "item", sage100Key: itemCode },
  });
  const [nominal, code] = link.kashflowId.split("/") as [string, string];
  return { key: link.kashflowId, get: () => c.kashflowClient.products.get(Number(nominal), code) };
}

const onHand = (c: Company, itemCode: string, warehouses?: string[]) =>
  sageTable(c.sim, "IM_ItemWarehouse")
    .filter((r) => r.ItemCode === itemCode && (!warehouses || warehouses.includes(String(r.WarehouseCode))))
    .reduce((t, r) => t + Number(r.QuantityOnHand), 0);

describe("stock levels from Sage 100 into KashFlow", () => {
  it("sums every warehouse into the linked, stock-managed KashFlow product, then only what changed", async () => {
    const c = await company();
    const widget = await productOf(c, "WIDGET-100");
    expect(await widget.get()).toMatchObject({ ManageStockLevel: true });
    expect(Number((await widget.get()).QuantityInStock)).toBe(onHand(c, "WIDGET-100"));
    expect(
      await db.syncRecord.findFirstOrThrow({
        where: { companyId: c.companyId, system: "SAGE100", model: "stock_level", externalId: "WIDGET-100" },
      }),
    ).toMatchObject({ status: "SYNCED", counterpartId: widget.key });

    // A person ships 4 from the east coast warehouse.
    c.sim.adjustInventory("ABC", "WIDGET-100", "001", -4);
    await c.cycle({ flowIds: [FLOW] });
    expect(Number((await widget.get()).QuantityInStock)).toBe(onHand(c, "WIDGET-100"));

    // Nothing changed: the run reads the ledger twice and writes nothing.
    const writes = h.counts.writes;
    const quiet = await c.cycle({ flowIds: [FLOW] });
    expect(quiet[FLOW]!.counts).toMatchObject({ detected: 0, SYNCED: 0 });
    expect(h.counts.writes).toBe(writes);
  }, 180_000);

  it("a configured warehouse set: only those are summed; a warehouse outside it moves nothing", async () => {
    const c = await company();
    await updateSettings(c, (s) => {
      s.stock.warehouses = ["000"];
    });
    await c.cycle({ flowIds: [FLOW] });
    const widget = await productOf(c, "WIDGET-100");
    expect(Number((await widget.get()).QuantityInStock)).toBe(onHand(c, "WIDGET-100", ["000"]));
    const writes = h.counts.writes;
    c.sim.adjustInventory("ABC", "WIDGET-100", "001", 25);
    const run = await c.cycle({ flowIds: [FLOW] });
    expect(run[FLOW]!.counts).toMatchObject({ unchanged: 1, SYNCED: 0 });
    expect(h.counts.writes).toBe(writes);
  }, 180_000);

  it("reaches KashFlow within seconds of the change: in-process runner (5 s ticks) + the agent polling the stock table every 5 s", async () => {
    const c = await company();
    const widget = await productOf(c, "GADGET-200");
    // No flow is due by its schedule for the next hour: only a change batch wakes one.
    const later = new Date(Date.now() + 3_600_000);
    for (const flow of ALL_FLOWS)
      await db.syncState.upsert({
        where: { companyId_flow: { companyId: c.companyId, flow: flow.id } },
        create: { companyId: c.companyId, flow: flow.id, nextRunAt: later, runStartedAt: new Date() },
        update: { nextRunAt: later },
      });
    // Stock into KashFlow starts off for a new company: this one turned it on.
    await updateSettings(c, (s) => void (s.pausedFlows = []));
    await db.company.update({ where: { id: c.companyId }, data: { status: "LIVE" } });
    // The in-process runner's tick (every 5 s: the due flows, woken ones included), kept to this company so the
    // other test files' tenants are left alone.
    const runner = new Cron("*/5 * * * * *", { protect: true }, async () => {
      for (const due of await dueFlows())
        if (due.companyId === c.companyId) await runCompanyFlow(due.companyId, due.flowId);
    });
    // The agent's stock-table loop (AgentRunner polls IM_ItemWarehouse every 5 s by default).
    const agentLoop = setInterval(() => void c.poller.pollTable("IM_ItemWarehouse").catch(() => undefined), 5_000);
    const samples: { endToEnd: number; fromAgent: number }[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        const before = Number((await widget.get()).QuantityInStock);
        const changedAt = Date.now();
        c.sim.adjustInventory("ABC", "GADGET-200", "000", 1);
        for (;;) {
          if (Number((await widget.get()).QuantityInStock) === before + 1) break;
          if (Date.now() - changedAt > 30_000) throw new Error("stock did not reach KashFlow within 30 s");
          await new Promise((r) => setTimeout(r, 100));
        }
        const arrivedAt = Date.now();
        const batch = await db.sage100ChangeBatch.findFirstOrThrow({
          where: { companyId: c.companyId, sageTable: "IM_ItemWarehouse" },
          orderBy: { receivedAt: "desc" },
        });
        samples.push({ endToEnd: arrivedAt - changedAt, fromAgent: arrivedAt - batch.receivedAt.getTime() });
        // Land the next change at another point of the tick cycles.
        await new Promise((r) => setTimeout(r, 1_700));
      }
    } finally {
      clearInterval(agentLoop);
      runner.stop();
      await db.company.update({ where: { id: c.companyId }, data: { status: "PAUSED" } });
    }
    console.log(
      `[stock latency] ${samples.map((s) => `end-to-end ${(s.endToEnd / 1000).toFixed(1)} s (from the agent's batch ${(s.fromAgent / 1000).toFixed(1)} s)`).join("; ")}`,
    );
    for (const s of samples) {
      expect(s.fromAgent).toBeLessThan(8_000);
      expect(s.endToEnd).toBeLessThan(15_000);
    }
  }, 180_000);
});
