import { orgProcedure } from "@/server/api/trpc";
import { preferencesInput, updateAlertPreferences } from "@/server/services/alerts/preferences";
import { preferencesView } from "./schemas";

/** Saves the caller's own choices only: no input names another person. */
export const updatePreferences = orgProcedure("org.read")
  .input(preferencesInput)
  .output(preferencesView)
  .mutation(({ ctx, input }) =>
    updateAlertPreferences({ orgId: ctx.orgId, userId: ctx.userId, role: ctx.role, changes: input }),
  );
