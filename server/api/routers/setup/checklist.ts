import { companyProcedure } from "@/server/api/trpc";
import { checklistSchema, getChecklist } from "@/server/services/setup/checklist";

export const checklist = companyProcedure("company.read")
  .output(checklistSchema)
  .query(({ ctx }) => getChecklist({ orgId: ctx.orgId, companyId: ctx.companyId }));
