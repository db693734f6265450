import { companyProcedure } from "@/server/api/trpc";
import { syncSettingsFormSchema, updateSyncSettings } from "@/server/services/sync/sync-settings";

export const updateSettings = companyProcedure("company.write")
  .input(syncSettingsFormSchema)
  .mutation(({ ctx, input }) => {
    const { companyId: _companyId, ...settings } = input;
    return updateSyncSettings({
      orgId: ctx.orgId,
      companyId: ctx.companyId,
      userId: ctx.userId,
      role: ctx.role,
      settings,
    });
  });
