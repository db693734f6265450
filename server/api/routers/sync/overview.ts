import { companyProcedure } from "@/server/api/trpc";
import { getSyncOverview } from "@/server/services/sync/sync-overview";

export const overview = companyProcedure("company.read").query(({ ctx }) =>
  getSyncOverview({ orgId: ctx.orgId, companyId: ctx.companyId }),
);
