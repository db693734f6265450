import { companyProcedure } from "@/server/api/trpc";
import { startKashflowOAuth } from "@/server/services/kashflow/oauth-connect";

export const startOAuth = companyProcedure("company.write").mutation(({ ctx }) =>
  startKashflowOAuth({ companyId: ctx.companyId, userId: ctx.userId }),
);
