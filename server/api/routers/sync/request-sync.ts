import { z } from "zod";
import { companyProcedure } from "@/server/api/trpc";
import { requestCompanySync } from "@/server/services/sync/request-company-sync";

export const requestSync = companyProcedure("company.write")
  .input(z.object({ flow: z.string().trim().min(1).max(100).optional() }))
  .mutation(({ ctx, input }) =>
    requestCompanySync({ orgId: ctx.orgId, companyId: ctx.companyId, userId: ctx.userId, flow: input.flow }),
  );
