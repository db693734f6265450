import { companyProcedure } from "@/server/api/trpc";
import { addMapping as add, addMappingInput } from "@/server/services/mappings/save-mapping";

export const addMapping = companyProcedure("company.write")
  .input(addMappingInput)
  .mutation(({ ctx, input }) =>
    add({
      orgId: ctx.orgId,
      companyId: ctx.companyId,
      userId: ctx.userId,
      kind: input.kind,
      sourceKey: input.sourceKey,
      targetValue: input.targetValue,
      note: input.note,
    }),
  );
