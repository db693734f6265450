import { companyProcedure } from "@/server/api/trpc";
import { addFxRate } from "@/server/services/fx/save-fx-rates";
import { fxRateInput } from "@/server/sync/mappings/fx";

export const addRate = companyProcedure("company.write")
  .input(fxRateInput)
  .mutation(({ ctx, input }) =>
    addFxRate({
      orgId: ctx.orgId,
      companyId: ctx.companyId,
      userId: ctx.userId,
      fromCurrency: input.fromCurrency,
      toCurrency: input.toCurrency,
      day: input.day,
      rate: input.rate,
    }),
  );
