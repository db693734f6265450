import { z } from "zod";
import { companyProcedure } from "@/server/api/trpc";
import { startSandboxAgent as start } from "@/server/integrations/sage100/sandbox-gateway";

export const startSandboxAgent = companyProcedure("company.write")
  .output(z.object({ agentId: z.string(), alreadyRunning: z.boolean() }))
  .mutation(({ ctx }) => start({ orgId: ctx.orgId, companyId: ctx.companyId, userId: ctx.userId }));
