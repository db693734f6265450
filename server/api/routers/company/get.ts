import { companyProcedure } from "@/server/api/trpc";
import { getCompany } from "@/server/services/companies/get-company";

export const get = companyProcedure("company.read").query(({ ctx }) =>
  getCompany({ orgId: ctx.orgId, companyId: ctx.companyId }),
);
