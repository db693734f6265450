import { z } from "zod";
import { orgProcedure } from "@/server/api/trpc";
import { billingStatusSchema } from "@/server/services/billing/contract";
import { billingStatus } from "@/server/services/billing/status";
import { can } from "@/server/services/roles";

/** `invoices: false`: the state alone, without asking Stripe (the banner on every page, the org home). */
export const status = orgProcedure("billing.read")
  .input(z.object({ invoices: z.boolean().optional() }))
  .output(billingStatusSchema)
  .query(({ ctx, input }) =>
    billingStatus({
      orgId: ctx.orgId,
      userId: ctx.userId,
      canManage: can(ctx.role, "billing.manage"),
      invoices: input.invoices,
    }),
  );
