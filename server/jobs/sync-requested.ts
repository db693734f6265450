// "Sync now" under Inngest: every (or the chosen) flow of the company runs at once — if it is LIVE: a company paused
// (by a person, period-end, a revoked agent or billing) is not run by a retry's nudge either.
import { syncableCompanyIds } from "@/server/sync/runner/due-flows";
import { scheduled } from "@/server/sync/scheduled";
import { inngest } from "./client";
import { COMPANY_SYNC_REQUESTED, companySyncRequestedData } from "./events";
import { flowRunEvents } from "./flow-events";

export const syncRequested = inngest.createFunction(
  { id: "sync-requested", triggers: [{ event: COMPANY_SYNC_REQUESTED }] },
  async ({ event, step }) => {
    const { companyId, flowIds } = companySyncRequestedData.parse(event.data);
    const events = await step.run("build-events", async () => {
      const live = (await syncableCompanyIds([companyId])).length > 0;
      const flows = live ? (flowIds ?? scheduled().map((f) => f.id)) : [];
      return flowRunEvents(flows.map((flowId) => ({ companyId, flowId })));
    });
    if (events.length) await step.sendEvent("fan-out", events);
    return { sent: events.length };
  },
);
