import { z } from "zod";
import { companyProcedure } from "@/server/api/trpc";
import { resolveMatchReview as resolve } from "@/server/services/sync/resolve-match-review";

export const resolveMatchReview = companyProcedure("company.write")
  .input(
    z.object({
      reviewId: z.string().trim().min(1).max(64),
      /** The chosen Sage 100 key, or "CREATE" for a new Sage 100 record. */
      resolution: z.string().trim().min(1, 'Pick a Sage 100 record or "Create new".').max(100),
    }),
  )
  .mutation(({ ctx, input }) =>
    resolve({
      orgId: ctx.orgId,
      companyId: ctx.companyId,
      reviewId: input.reviewId,
      userId: ctx.userId,
      resolution: input.resolution,
    }),
  );
