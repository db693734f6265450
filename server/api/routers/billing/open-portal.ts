import { orgProcedure } from "@/server/api/trpc";
import { openPortal as portal } from "@/server/services/billing/checkout";
import { redirectSchema } from "@/server/services/billing/contract";

export const openPortal = orgProcedure("billing.manage")
  .output(redirectSchema)
  .mutation(({ ctx }) => portal({ orgId: ctx.orgId, userId: ctx.userId }));
