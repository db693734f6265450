import { z } from "zod";
import { orgProcedure } from "@/server/api/trpc";
import { markAllNotificationsRead } from "@/server/services/alerts/notifications";

export const markAllRead = orgProcedure("org.read")
  .output(z.object({ marked: z.number(), unread: z.number() }))
  .mutation(({ ctx }) => markAllNotificationsRead({ orgId: ctx.orgId, userId: ctx.userId }));
