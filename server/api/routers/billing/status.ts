import { orgProcedure } from "@/server/api/trpc";
import { billingStatusSchema } from "@/server/services/billing/contract";
import { billingStatus } from "@/server/services/billing/status";
import { can } from "@/server/services/roles";

export const status = orgProcedure("billing.read")
  .output(billingStatusSchema)
  .query(({ ctx }) =>
    billingStatus({ orgId: ctx.orgId, userId: ctx.userId, canManage: can(ctx.role, "billing.manage") }),
  );
