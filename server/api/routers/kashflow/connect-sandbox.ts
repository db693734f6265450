import { companyProcedure } from "@/server/api/trpc";
import { connectKashflowSandbox } from "@/server/services/kashflow/connect-sandbox";

export const connectSandbox = companyProcedure("company.write").mutation(({ ctx }) =>
  connectKashflowSandbox({ orgId: ctx.orgId, companyId: ctx.companyId, userId: ctx.userId }),
);
