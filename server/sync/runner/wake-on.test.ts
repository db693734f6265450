// A flow that reads Sage 100 change batches is due as soon as one arrives after its last run began, not at its next
// scheduled poll; a batch it already saw (and failed on) does not wake it again.
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { FLOWS } from "../flows";
import { memoryTarget, testFlow } from "../testing/memory-flow";
import { dueFlows } from "./due-flows";
import { syncableCompany } from "../testing/syncable-company";

const FLOW_ID = "things.wake-test";

afterEach(() => {
  const i = FLOWS.findIndex((f) => f.id === FLOW_ID);
  if (i >= 0) FLOWS.splice(i, 1);
});

const batch = (companyId: string, sageTable: string, receivedAt: Date) =>
  db.sage100ChangeBatch.create({
    data: {
      companyId,
      batchId: `b-${sageTable}-${receivedAt.getTime()}-${Math.random()}`,
      sageTable,
      keyColumns: [],
      rows: [],
      rowCount: 0,
      highWater: {},
      receivedAt,
    },
  });

describe("flows woken by Sage 100 change batches", () => {
  it("wakes on a new batch of its table, not on other tables, and not again for a batch it already ran on", async () => {
    const ctx = await syncableCompany();
    FLOWS.push({ ...testFlow(new Map(), memoryTarget(), FLOW_ID), wakeOn: ["IM_ItemWarehouse"] });
    const ranAt = new Date(Date.now() - 60_000);
    await db.syncState.create({
      data: {
        companyId: ctx.companyId,
        flow: FLOW_ID,
        runStartedAt: ranAt,
        runFinishedAt: ranAt,
        nextRunAt: new Date(Date.now() + 3_600_000),
      },
    });
    const mine = (due: Awaited<ReturnType<typeof dueFlows>>) =>
      due.some((d) => d.companyId === ctx.companyId && d.flowId === FLOW_ID);
    expect(mine(await dueFlows())).toBe(false);
    await batch(ctx.companyId, "CI_Item", new Date());
    expect(mine(await dueFlows())).toBe(false);
    await batch(ctx.companyId, "IM_ItemWarehouse", new Date(ranAt.getTime() - 1_000));
    expect(mine(await dueFlows())).toBe(false);
    await batch(ctx.companyId, "IM_ItemWarehouse", new Date());
    expect(mine(await dueFlows())).toBe(true);
    await db.sage100ChangeBatch.updateMany({ where: { companyId: ctx.companyId }, data: { processedAt: new Date() } });
    expect(mine(await dueFlows())).toBe(false);
  });
});
