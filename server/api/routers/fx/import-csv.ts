import { companyProcedure } from "@/server/api/trpc";
import { fxCsvInput, importFxCsv } from "@/server/services/fx/save-fx-rates";

export const importCsv = companyProcedure("company.write")
  .input(fxCsvInput)
  .mutation(({ ctx, input }) =>
    importFxCsv({ orgId: ctx.orgId, companyId: ctx.companyId, userId: ctx.userId, csv: input.csv }),
  );
