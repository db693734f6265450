import { orgProcedure } from "@/server/api/trpc";
import { organizationHealth } from "@/server/services/health/company-health";

/** The health of every company of the organization (archived ones aside), for the company list. */
export const listCompanies = orgProcedure("company.read").query(({ ctx }) => organizationHealth({ orgId: ctx.orgId }));
