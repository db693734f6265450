// "Sync now" under Inngest: every (or the chosen) flow of the company runs at once.
import { scheduled } from "@/server/sync/scheduled";
import { inngest } from "./client";
import { COMPANY_SYNC_REQUESTED, companySyncRequestedData } from "./events";
import { flowRunEvents } from "./flow-events";

export const syncRequested = inngest.createFunction(
  { id: "sync-requested", triggers: [{ event: COMPANY_SYNC_REQUESTED }] },
  async ({ event, step }) => {
    const { companyId, flowIds } = companySyncRequestedData.parse(event.data);
    const events = await step.run("build-events", () =>
      flowRunEvents((flowIds ?? scheduled().map((f) => f.id)).map((flowId) => ({ companyId, flowId }))),
    );
    if (events.length) await step.sendEvent("fan-out", events);
    return { sent: events.length };
  },
);
