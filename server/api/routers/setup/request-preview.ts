import { companyProcedure } from "@/server/api/trpc";
import { previewRunViewSchema } from "@/server/services/preview/preview-types";
import { requestPreview as requestPreviewRun } from "@/server/services/preview/request-preview";

export const requestPreview = companyProcedure("company.write")
  .output(previewRunViewSchema)
  .mutation(({ ctx }) => requestPreviewRun({ orgId: ctx.orgId, companyId: ctx.companyId, userId: ctx.userId }));
