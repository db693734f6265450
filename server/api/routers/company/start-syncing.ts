import { companyProcedure } from "@/server/api/trpc";
import { checklistSchema } from "@/server/services/setup/checklist";
import { startSyncing as goLive } from "@/server/services/setup/start-syncing";

export const startSyncing = companyProcedure("company.golive")
  .output(checklistSchema)
  .mutation(({ ctx }) => goLive({ orgId: ctx.orgId, companyId: ctx.companyId, userId: ctx.userId }));
