import { companyProcedure } from "@/server/api/trpc";
import { getKashflowConnection } from "@/server/services/kashflow/get-connection";

export const status = companyProcedure("company.read").query(({ ctx }) =>
  getKashflowConnection({ companyId: ctx.companyId }),
);
