import { z } from "zod";
import { companyProcedure } from "@/server/api/trpc";
import { deleteFxRate } from "@/server/services/fx/save-fx-rates";

export const deleteRate = companyProcedure("company.write")
  .input(z.object({ fxRateId: z.string().trim().min(1).max(64) }))
  .mutation(({ ctx, input }) =>
    deleteFxRate({ orgId: ctx.orgId, companyId: ctx.companyId, userId: ctx.userId, fxRateId: input.fxRateId }),
  );
