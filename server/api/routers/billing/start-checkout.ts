import { orgProcedure } from "@/server/api/trpc";
import { startCheckout as checkout } from "@/server/services/billing/checkout";
import { redirectSchema, startCheckoutInput } from "@/server/services/billing/contract";

export const startCheckout = orgProcedure("billing.manage")
  .input(startCheckoutInput)
  .output(redirectSchema)
  .mutation(({ ctx, input }) =>
    checkout({ orgId: ctx.orgId, userId: ctx.userId, plan: input.plan, interval: input.interval }),
  );
