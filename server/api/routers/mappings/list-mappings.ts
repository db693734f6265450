import { companyProcedure } from "@/server/api/trpc";
import { listMappings as list } from "@/server/services/mappings/list-mappings";

export const listMappings = companyProcedure("company.read").query(({ ctx }) =>
  list({ orgId: ctx.orgId, companyId: ctx.companyId }),
);
