// The events the sync functions answer to, validated where they are read.
import { z } from "zod";

export const FLOW_RUN = "sync/flow.run";
export const COMPANY_SYNC_REQUESTED = "sync/company.requested";

export const flowRunData = z.object({ companyId: z.string().min(1), flowId: z.string().min(1), kashflowAccountKey: z.string().min(1) });
export type FlowRunData = z.infer<typeof flowRunData>;

export const companySyncRequestedData = z.object({ companyId: z.string().min(1), flowIds: z.array(z.string()).optional() });
