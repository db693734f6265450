import { z } from "zod";
import { companyProcedure } from "@/server/api/trpc";
import { setAgentPaused as setPaused } from "@/server/services/sage100/agent-control";

export const setAgentPaused = companyProcedure("company.write")
  .input(z.object({ paused: z.boolean() }))
  .output(z.object({ paused: z.boolean() }))
  .mutation(({ ctx, input }) =>
    setPaused({ orgId: ctx.orgId, companyId: ctx.companyId, userId: ctx.userId, paused: input.paused }),
  );
