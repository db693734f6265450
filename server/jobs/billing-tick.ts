// Every minute under Inngest: the billing tick (trials and grace periods that ended, periods cancelled at their end,
// trial-ending emails). The same code the in-process runner calls; one run at a time.
import { runBillingTick } from "@/server/services/billing/tick";
import { inngest } from "./client";

export const billingTick = inngest.createFunction(
  { id: "billing-tick", triggers: [{ cron: "* * * * *" }], concurrency: { limit: 1 } },
  async ({ step }) => {
    // One clock for the whole run, memoized so a retried step sees the same "now".
    const now = new Date(await step.run("clock", () => new Date().toISOString()));
    return step.run("apply", () => runBillingTick({ now }));
  },
);
