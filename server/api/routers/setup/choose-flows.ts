import { z } from "zod";
import { companyProcedure } from "@/server/api/trpc";
import { chooseFlows as saveFlowChoices } from "@/server/services/setup/flow-choices";

export const chooseFlows = companyProcedure("company.write")
  .input(z.object({ on: z.array(z.string().trim().min(1).max(100)).max(50) }))
  .output(z.object({ on: z.array(z.string()), off: z.array(z.string()) }))
  .mutation(({ ctx, input }) =>
    saveFlowChoices({ orgId: ctx.orgId, companyId: ctx.companyId, userId: ctx.userId, on: input.on }),
  );
