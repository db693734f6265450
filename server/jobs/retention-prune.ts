// Every night under Inngest: retention (sync attempts, finished agent commands, processed change batches older than
// each company's retention.days). Each step is time-boxed and says where the next one resumes, so a large backlog
// spreads over steps instead of one long call; an event can ask for some companies now.
import { z } from "zod";
import { pruneHistory, type PruneCounts, type PruneCursor } from "@/server/sync/retention/prune-history";
import { inngest } from "./client";

export const RETENTION_PRUNE_REQUESTED = "retention/prune.requested";
const requestedData = z.object({ companyIds: z.array(z.string().min(1)).min(1).optional() });
/** A step's time box, well inside a serverless request. */
const STEP_BUDGET_MS = 45_000;
/** Whatever is left after this many steps waits for the next night. */
const MAX_STEPS = 200;

export const retentionPrune = inngest.createFunction(
  {
    id: "retention-prune",
    triggers: [{ cron: "17 3 * * *" }, { event: RETENTION_PRUNE_REQUESTED }],
    concurrency: { limit: 1 },
  },
  async ({ event, step }) => {
    const { companyIds } =
      event.name === RETENTION_PRUNE_REQUESTED ? requestedData.parse(event.data ?? {}) : { companyIds: undefined };
    // One clock for the whole run, memoized so a retried step keeps the same cut-off.
    const now = new Date(await step.run("clock", () => new Date().toISOString()));
    const counts: PruneCounts = { attempts: 0, commands: 0, changeBatches: 0 };
    let cursor: PruneCursor = { after: null };
    let done = false;
    let steps = 0;
    while (!done && steps < MAX_STEPS) {
      const r = await step.run(`prune-${steps}`, () =>
        pruneHistory({ now, companyIds, cursor, budgetMs: STEP_BUDGET_MS }),
      );
      for (const k of Object.keys(counts) as (keyof PruneCounts)[]) counts[k] += r.counts[k];
      ({ cursor, done } = r);
      steps++;
    }
    return { ...counts, steps, finished: done };
  },
);
