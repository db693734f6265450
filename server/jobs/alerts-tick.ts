// Every minute under Inngest: the alerts tick (reconcile → deliver → digests), each stage a durable step, one run
// at a time. The same code the in-process runner calls. An event can ask for a tick limited to some companies.
import { z } from "zod";
import { runAlertsTick } from "@/server/services/alerts/tick";
import { inngest } from "./client";

export const ALERTS_TICK_REQUESTED = "alerts/tick.requested";
const requestedData = z.object({ companyIds: z.array(z.string().min(1)).min(1).optional() });

export const alertsTick = inngest.createFunction(
  { id: "alerts-tick", triggers: [{ cron: "* * * * *" }, { event: ALERTS_TICK_REQUESTED }], concurrency: { limit: 1 } },
  async ({ event, step }) => {
    const { companyIds } =
      event.name === ALERTS_TICK_REQUESTED ? requestedData.parse(event.data ?? {}) : { companyIds: undefined };
    // One clock for the whole run, memoized so a retried step sees the same "now".
    const now = new Date(await step.run("clock", () => new Date().toISOString()));
    return runAlertsTick({
      now,
      companyIds,
      step: <T>(id: string, fn: () => Promise<T>) => step.run(id, fn) as unknown as Promise<T>,
    });
  },
);
