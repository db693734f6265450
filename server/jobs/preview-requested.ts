// The first-sync preview under Inngest: each step plans one round of detect or one page of records and saves where
// it got to, so a long preview (10,000 invoices) is many short steps. One preview per company at a time.
import { claimPreview, finishPreview, previewStep } from "@/server/services/preview/run-preview";
import { PREVIEW_REQUESTED, previewRequestedData } from "@/server/services/preview/preview-events";
import { inngest } from "./client";

const MAX_STEPS = 900;

export const previewRequested = inngest.createFunction(
  {
    id: "preview-requested",
    triggers: [{ event: PREVIEW_REQUESTED }],
    retries: 3,
    concurrency: [{ key: "event.data.companyId", limit: 1 }],
  },
  async ({ event, step }) => {
    const { previewRunId } = previewRequestedData.parse(event.data);
    const owner = await step.run("claim", () => claimPreview(previewRunId));
    if (!owner) return { ran: false as const };
    for (let i = 0; i < MAX_STEPS; i++) {
      const next = await step.run(`step-${i}`, () => previewStep(previewRunId, owner));
      if (next === "done") break;
    }
    await step.run("finish", () => finishPreview(previewRunId, owner));
    return { ran: true as const };
  },
);
