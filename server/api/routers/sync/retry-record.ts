import { z } from "zod";
import { companyProcedure } from "@/server/api/trpc";
import { retrySyncRecord } from "@/server/services/sync/retry-sync-record";

export const retryRecord = companyProcedure("company.write")
  .input(z.object({ recordId: z.string().trim().min(1).max(64) }))
  .mutation(({ ctx, input }) =>
    retrySyncRecord({ orgId: ctx.orgId, companyId: ctx.companyId, userId: ctx.userId, recordId: input.recordId }),
  );
