// The events the sync functions answer to, validated where they are read.
import { z } from "zod";

export const FLOW_RUN = "sync/flow.run";
export const COMPANY_SYNC_REQUESTED = "sync/company.requested";

export const flowRunData = z.object({
  companyId: z.string().min(1),
  flowId: z.string().min(1),
  kashflowAccountKey: z.string().min(1),
});
export type FlowRunData = z.infer<typeof flowRunData>;

export const companySyncRequestedData = z.object({
  companyId: z.string().min(1),
  flowIds: z.array(z.string()).optional(),
});

/** The agent stored a change batch of these Sage 100 tables: the flows that read them run now, not at the next cron. */
export const CHANGES_ARRIVED = "sync/changes.arrived";
export const changesArrivedData = z.object({ companyId: z.string().min(1), tables: z.array(z.string().min(1)).min(1) });
