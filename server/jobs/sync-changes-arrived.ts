// A Sage 100 change batch under Inngest: the flows that read its tables run at once (one event per flow), instead
// of waiting for the cron. The per-company-and-flow concurrency of sync-flow queues a run behind one in progress.
import { wokenFlows } from "@/server/sync/runner/due-flows";
import { inngest } from "./client";
import { CHANGES_ARRIVED, changesArrivedData } from "./events";
import { flowRunEvents } from "./flow-events";

export const syncChangesArrived = inngest.createFunction(
  { id: "sync-changes-arrived", triggers: [{ event: CHANGES_ARRIVED }] },
  async ({ event, step }) => {
    const { companyId, tables } = changesArrivedData.parse(event.data);
    const woken = await step.run("find-woken-flows", () => wokenFlows(companyId, tables));
    if (woken.length === 0) return { sent: 0 };
    const events = await step.run("build-events", () => flowRunEvents(woken));
    await step.sendEvent("fan-out", events);
    return { sent: events.length };
  },
);
