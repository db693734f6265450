// A company paused for billing syncs nothing: the runner's due list skips it, and under Inngest a "Sync now" (or a
// retry's nudge) fans out no flow runs for it, while the same company live gets every flow.
import { InngestTestEngine } from "@inngest/test";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { COMPANY_SYNC_REQUESTED } from "@/server/jobs/events";
import { syncRequested } from "@/server/jobs/sync-requested";
import { syncTenant } from "@/server/services/sync/testing/fixtures";
import { findDueFlows } from "@/server/sync/runner/due-flows";
import { pauseCompany } from "@/server/services/companies/lifecycle";

async function requested(companyId: string) {
  const engine = new InngestTestEngine({ function: syncRequested });
  // Sending needs an Inngest server: the fan-out step is stood in for; what it would send is the result.
  const { result } = await engine.execute({
    events: [{ name: COMPANY_SYNC_REQUESTED, data: { companyId } }],
    steps: [{ id: "fan-out", handler: () => ({ ids: [] }) }],
  });
  return result as { sent: number };
}

describe("a company paused for billing", () => {
  it("is not in the runner's due list and gets no flow runs from Sync now under Inngest", async () => {
    const t = await syncTenant({ connected: true });
    expect((await findDueFlows(new Date(), { companyIds: [t.company.id] })).due.length).toBeGreaterThan(0);
    expect((await requested(t.company.id)).sent).toBeGreaterThan(0);
    await pauseCompany({ ...t.scope, userId: null, reason: "BILLING", note: "The free trial has ended." });
    expect((await db.company.findUniqueOrThrow({ where: { id: t.company.id } })).pauseReason).toBe("BILLING");
    expect((await findDueFlows(new Date(), { companyIds: [t.company.id] })).due).toEqual([]);
    expect(await requested(t.company.id)).toEqual({ sent: 0 });
  });
});
