import { companyProcedure } from "@/server/api/trpc";
import { testKashflowConnection } from "@/server/services/kashflow/test-connection";

export const test = companyProcedure("company.write").mutation(({ ctx }) =>
  testKashflowConnection({ orgId: ctx.orgId, companyId: ctx.companyId, userId: ctx.userId }),
);
