import { companyProcedure } from "@/server/api/trpc";
import { pairCheckSchema } from "@/server/services/billing/contract";
import { pairCheck as check } from "@/server/services/billing/entitlements";
import { can } from "@/server/services/roles";

export const pairCheck = companyProcedure("company.golive")
  .output(pairCheckSchema)
  .query(({ ctx }) =>
    check({ orgId: ctx.orgId, companyId: ctx.companyId, canManage: can(ctx.role, "billing.manage") }),
  );
