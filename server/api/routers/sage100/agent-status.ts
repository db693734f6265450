import { z } from "zod";
import { sage100SandboxEnabled } from "@/lib/env";
import { companyProcedure } from "@/server/api/trpc";
import { getAgentStatus } from "@/server/integrations/sage100/agents";
import { isSandboxRunning } from "@/server/integrations/sage100/sandbox-gateway";

const agentView = z.object({
  id: z.string(),
  hostname: z.string(),
  version: z.string(),
  driver: z.string(),
  sageCompany: z.string().nullable(),
  state: z.string().nullable(),
  sandbox: z.boolean(),
  lastError: z.string().nullable(),
  lastErrorAt: z.date().nullable(),
  lastHeartbeatAt: z.date().nullable(),
  lastSeenAt: z.date().nullable(),
  pausedAt: z.date().nullable(),
  createdAt: z.date(),
});

export const agentStatus = companyProcedure("company.read")
  .output(
    z.object({
      agent: agentView.nullable(),
      online: z.boolean(),
      heartbeatAgeSeconds: z.number().nullable(),
      queued: z.number(),
      leased: z.number(),
      sandboxRunningHere: z.boolean(),
      sandboxAvailable: z.boolean(),
    }),
  )
  .query(async ({ ctx }) => ({
    ...(await getAgentStatus({ orgId: ctx.orgId, companyId: ctx.companyId })),
    sandboxRunningHere: await isSandboxRunning(ctx.companyId),
    sandboxAvailable: sage100SandboxEnabled(),
  }));
