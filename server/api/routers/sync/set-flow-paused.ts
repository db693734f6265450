import { z } from "zod";
import { companyProcedure } from "@/server/api/trpc";
import { setFlowPaused as setPaused } from "@/server/services/sync/set-flow-paused";

export const setFlowPaused = companyProcedure("company.write")
  .input(z.object({ flow: z.string().trim().min(1).max(100), paused: z.boolean() }))
  .mutation(({ ctx, input }) =>
    setPaused({
      orgId: ctx.orgId,
      companyId: ctx.companyId,
      userId: ctx.userId,
      flow: input.flow,
      paused: input.paused,
    }),
  );
