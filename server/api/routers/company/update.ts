import { z } from "zod";
import { companyName, currencyCode, timezone } from "@/lib/schemas";
import { companyProcedure } from "@/server/api/trpc";
import { updateCompany } from "@/server/services/companies/update-company";

export const update = companyProcedure("company.write")
  .input(
    z.object({ name: companyName.optional(), baseCurrency: currencyCode.optional(), timezone: timezone.optional() }),
  )
  .mutation(({ ctx, input }) => {
    const { companyId: _companyId, ...changes } = input;
    return updateCompany({ orgId: ctx.orgId, companyId: ctx.companyId, userId: ctx.userId, changes });
  });
