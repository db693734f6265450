// Every minute: find the flows that are due across all companies and fan out one run event each; a flow falling due
// within the minute is sent too, timed for then (an event's future `ts`), so a 30-second interval holds under Inngest.
import { findDueFlows } from "@/server/sync/runner/due-flows";
import { inngest } from "./client";
import { flowRunEvents } from "./flow-events";

const HORIZON_MS = 60_000;

export const syncCron = inngest.createFunction(
  { id: "sync-cron", triggers: [{ cron: "* * * * *" }] },
  async ({ step }) => {
    const found = await step.run("find-due-flows", async () => {
      const { due, upcoming } = await findDueFlows(new Date(), { horizonMs: HORIZON_MS });
      return { due: due.map(({ companyId, flowId }) => ({ companyId, flowId })), upcoming };
    });
    if (found.due.length + found.upcoming.length === 0) return { sent: 0 };
    const events = await step.run("build-events", async () => {
      const now = await flowRunEvents(found.due);
      // The id makes a run timed for one moment unique, should two cron runs both see it coming.
      const later = (await flowRunEvents(found.upcoming.map(({ companyId, flowId }) => ({ companyId, flowId })))).map(
        (e, i) => {
          const { companyId, flowId, at } = found.upcoming[i]!;
          return { ...e, ts: at, id: `flow-run:${companyId}:${flowId}:${at}` };
        },
      );
      return [...now, ...later];
    });
    await step.sendEvent("fan-out", events);
    return { sent: events.length };
  },
);
