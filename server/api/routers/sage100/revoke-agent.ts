import { z } from "zod";
import { companyProcedure } from "@/server/api/trpc";
import { revokeAgent as revoke } from "@/server/services/sage100/agent-control";
import { stopSandboxAgent } from "@/server/integrations/sage100/sandbox-gateway";

export const revokeAgent = companyProcedure("company.write")
  .output(z.object({ agentId: z.string() }))
  .mutation(async ({ ctx }) => {
    const { agentId, sandbox } = await revoke({ orgId: ctx.orgId, companyId: ctx.companyId, userId: ctx.userId });
    // The token already stopped working; a sandbox run by this process is also stopped right away.
    if (sandbox) await stopSandboxAgent(ctx.companyId);
    return { agentId };
  });
