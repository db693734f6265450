// Every few minutes: find the flows that are due across all companies and fan out one run event each.
import { dueFlows } from "@/server/sync/runner/due-flows";
import { inngest } from "./client";
import { flowRunEvents } from "./flow-events";

export const syncCron = inngest.createFunction({ id: "sync-cron", triggers: [{ cron: "*/2 * * * *" }] }, async ({ step }) => {
  const due = await step.run("find-due-flows", () => dueFlows());
  if (due.length === 0) return { sent: 0 };
  const events = await step.run("build-events", () => flowRunEvents(due));
  await step.sendEvent("fan-out", events);
  return { sent: events.length };
});
