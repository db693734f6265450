import { companyProcedure } from "@/server/api/trpc";
import { listMatchReviews as list } from "@/server/services/sync/list-match-reviews";

export const listMatchReviews = companyProcedure("company.read").query(({ ctx }) =>
  list({ orgId: ctx.orgId, companyId: ctx.companyId }),
);
