import { z } from "zod";
import { orgProcedure } from "@/server/api/trpc";
import { markNotificationRead } from "@/server/services/alerts/notifications";

export const markRead = orgProcedure("org.read")
  .input(z.object({ alertId: z.string().trim().min(1).max(64) }))
  .output(z.object({ unread: z.number() }))
  .mutation(({ ctx, input }) => markNotificationRead({ orgId: ctx.orgId, userId: ctx.userId, alertId: input.alertId }));
