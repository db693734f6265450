import { z } from "zod";
import { companyProcedure } from "@/server/api/trpc";
import { getSyncRecord } from "@/server/services/sync/get-sync-record";

export const getRecord = companyProcedure("company.read")
  .input(z.object({ recordId: z.string().trim().min(1).max(64) }))
  .query(({ ctx, input }) => getSyncRecord({ orgId: ctx.orgId, companyId: ctx.companyId, recordId: input.recordId }));
