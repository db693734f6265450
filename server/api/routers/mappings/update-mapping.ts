import { companyProcedure } from "@/server/api/trpc";
import { updateMapping as update, updateMappingInput } from "@/server/services/mappings/save-mapping";

export const updateMapping = companyProcedure("company.write")
  .input(updateMappingInput)
  .mutation(({ ctx, input }) =>
    update({
      orgId: ctx.orgId,
      companyId: ctx.companyId,
      userId: ctx.userId,
      mappingId: input.mappingId,
      targetValue: input.targetValue,
      note: input.note,
    }),
  );
