import { companyProcedure } from "@/server/api/trpc";
import { disconnectKashflow } from "@/server/services/kashflow/disconnect";

export const disconnect = companyProcedure("company.write").mutation(({ ctx }) =>
  disconnectKashflow({ orgId: ctx.orgId, companyId: ctx.companyId, userId: ctx.userId }),
);
