import { z } from "zod";
import { companyProcedure } from "@/server/api/trpc";
import { resumeByPerson } from "@/server/services/companies/resume-by-person";
import { can } from "@/server/services/roles";

/** `addPair`: as for Start syncing, when the plan no longer covers the paused company (Growth, Practice). */
export const resume = companyProcedure("company.write")
  .input(z.object({ addPair: z.boolean().optional() }))
  .mutation(({ ctx, input }) =>
    resumeByPerson({
      orgId: ctx.orgId,
      companyId: ctx.companyId,
      userId: ctx.userId,
      addPair: input.addPair,
      canManageBilling: can(ctx.role, "billing.manage"),
    }),
  );
