import { z } from "zod";
import { orgProcedure } from "@/server/api/trpc";
import { listNotifications } from "@/server/services/alerts/notifications";
import { notificationView } from "./schemas";

export const list = orgProcedure("org.read")
  .output(z.object({ notifications: z.array(notificationView), unread: z.number() }))
  .query(({ ctx }) => listNotifications({ orgId: ctx.orgId, userId: ctx.userId }));
