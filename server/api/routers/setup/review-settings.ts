import { z } from "zod";
import { companyProcedure } from "@/server/api/trpc";
import { reviewSettings as confirmSettingsReviewed } from "@/server/services/setup/review-settings";

export const reviewSettings = companyProcedure("company.write")
  .output(z.object({ reviewedAt: z.date() }))
  .mutation(({ ctx }) => confirmSettingsReviewed({ orgId: ctx.orgId, companyId: ctx.companyId, userId: ctx.userId }));
