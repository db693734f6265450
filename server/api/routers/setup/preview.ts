import { z } from "zod";
import { companyProcedure } from "@/server/api/trpc";
import { previewRunViewSchema } from "@/server/services/preview/preview-types";
import { getPreview } from "@/server/services/preview/preview-view";

export const preview = companyProcedure("company.read")
  .output(z.object({ latest: previewRunViewSchema.nullable(), lastDone: previewRunViewSchema.nullable() }))
  .query(({ ctx }) => getPreview({ orgId: ctx.orgId, companyId: ctx.companyId }));
