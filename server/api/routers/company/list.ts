import { orgProcedure } from "@/server/api/trpc";
import { listCompanies } from "@/server/services/companies/list-companies";

export const list = orgProcedure("company.read").query(({ ctx }) => listCompanies({ orgId: ctx.orgId }));
