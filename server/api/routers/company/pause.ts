import { z } from "zod";
import { companyProcedure } from "@/server/api/trpc";
import { pauseCompany } from "@/server/services/companies/lifecycle";

export const pause = companyProcedure("company.write")
  .input(z.object({ note: z.string().trim().max(200).optional() }))
  .mutation(({ ctx, input }) =>
    pauseCompany({
      orgId: ctx.orgId,
      companyId: ctx.companyId,
      userId: ctx.userId,
      reason: "PERSON",
      note: input.note ?? null,
    }),
  );
