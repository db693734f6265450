import { z } from "zod";
import { companyProcedure } from "@/server/api/trpc";
import { MODELS } from "@/server/domain/model";
import { retryFailedRecords } from "@/server/services/sync/retry-failed-records";

export const retryFailed = companyProcedure("company.write")
  .input(
    z.object({
      model: z.enum(MODELS, { message: "Pick a model from the list." }),
      system: z.enum(["KASHFLOW", "SAGE100"]).optional(),
    }),
  )
  .mutation(({ ctx, input }) =>
    retryFailedRecords({
      orgId: ctx.orgId,
      companyId: ctx.companyId,
      userId: ctx.userId,
      model: input.model,
      system: input.system,
    }),
  );
