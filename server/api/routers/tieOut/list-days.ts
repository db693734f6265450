import { companyProcedure } from "@/server/api/trpc";
import { listTieOutDays, tieOutListInput } from "@/server/services/tie-out/tie-out";

export const listDays = companyProcedure("company.read")
  .input(tieOutListInput)
  .query(({ ctx, input }) =>
    listTieOutDays({ orgId: ctx.orgId, companyId: ctx.companyId, before: input.before, days: input.days }),
  );
