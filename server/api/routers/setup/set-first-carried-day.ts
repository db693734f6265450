import { z } from "zod";
import { companyProcedure } from "@/server/api/trpc";
import { setFirstCarriedDay as saveFirstCarriedDay } from "@/server/services/setup/first-carried-day";

export const setFirstCarriedDay = companyProcedure("company.write")
  .input(z.object({ startDate: z.iso.date({ message: "Use a date such as 2025-01-01." }) }))
  .output(z.object({ startDate: z.string() }))
  .mutation(({ ctx, input }) =>
    saveFirstCarriedDay({ orgId: ctx.orgId, companyId: ctx.companyId, userId: ctx.userId, startDate: input.startDate }),
  );
