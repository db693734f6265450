import { z } from "zod";
import { companyProcedure } from "@/server/api/trpc";
import { checklistSchema } from "@/server/services/setup/checklist";
import { startSyncing as goLive } from "@/server/services/setup/start-syncing";
import { can } from "@/server/services/roles";

/** `addPair`: the person confirmed one more paid pair (Growth, Practice); without it an uncovered pair is refused. */
export const startSyncing = companyProcedure("company.golive")
  .input(z.object({ addPair: z.boolean().optional() }))
  .output(checklistSchema)
  .mutation(({ ctx, input }) =>
    goLive({
      orgId: ctx.orgId,
      companyId: ctx.companyId,
      userId: ctx.userId,
      addPair: input.addPair,
      canManageBilling: can(ctx.role, "billing.manage"),
    }),
  );
