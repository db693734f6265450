import { companyProcedure } from "@/server/api/trpc";
import { companyHealth } from "@/server/services/health/company-health";

/** One company's health: level, summary, problems with their fix links, record counts, each flow's state. */
export const company = companyProcedure("company.read").query(({ ctx }) =>
  companyHealth({ orgId: ctx.orgId, companyId: ctx.companyId }),
);
