import { z } from "zod";
import { companyName, currencyCode, timezone } from "@/lib/schemas";
import { orgProcedure } from "@/server/api/trpc";
import { createCompany } from "@/server/services/companies/create-company";

export const create = orgProcedure("company.write")
  .input(z.object({ name: companyName, baseCurrency: currencyCode, timezone }))
  .mutation(({ ctx, input }) =>
    createCompany({
      orgId: ctx.orgId,
      userId: ctx.userId,
      name: input.name,
      baseCurrency: input.baseCurrency,
      timezone: input.timezone,
    }),
  );
