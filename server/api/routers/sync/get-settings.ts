import { companyProcedure } from "@/server/api/trpc";
import { getSyncSettingsForm } from "@/server/services/sync/sync-settings";

export const getSettings = companyProcedure("company.read").query(({ ctx }) =>
  getSyncSettingsForm({ orgId: ctx.orgId, companyId: ctx.companyId }),
);
