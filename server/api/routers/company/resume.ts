import { companyProcedure } from "@/server/api/trpc";
import { resumeCompany } from "@/server/services/companies/lifecycle";

export const resume = companyProcedure("company.write").mutation(({ ctx }) =>
  resumeCompany({ orgId: ctx.orgId, companyId: ctx.companyId, userId: ctx.userId }),
);
