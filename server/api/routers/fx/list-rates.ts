import { companyProcedure } from "@/server/api/trpc";
import { fxListFilter, listFxRates } from "@/server/services/fx/list-fx-rates";

export const listRates = companyProcedure("company.read")
  .input(fxListFilter)
  .query(({ ctx, input }) =>
    listFxRates({
      orgId: ctx.orgId,
      companyId: ctx.companyId,
      filter: { from: input.from, to: input.to, before: input.before, limit: input.limit },
    }),
  );
