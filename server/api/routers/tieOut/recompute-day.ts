import { companyProcedure } from "@/server/api/trpc";
import { recomputeInput, recomputeTieOutDay } from "@/server/services/tie-out/tie-out";

export const recomputeDay = companyProcedure("company.write")
  .input(recomputeInput)
  .mutation(({ ctx, input }) =>
    recomputeTieOutDay({
      orgId: ctx.orgId,
      companyId: ctx.companyId,
      userId: ctx.userId,
      day: input.day,
      askSage100: input.askSage100,
    }),
  );
