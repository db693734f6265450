import { z } from "zod";
import { companyProcedure } from "@/server/api/trpc";
import { removeMapping } from "@/server/services/mappings/save-mapping";

export const deleteMapping = companyProcedure("company.write")
  .input(z.object({ mappingId: z.string().trim().min(1).max(64) }))
  .mutation(({ ctx, input }) =>
    removeMapping({ orgId: ctx.orgId, companyId: ctx.companyId, userId: ctx.userId, mappingId: input.mappingId }),
  );
