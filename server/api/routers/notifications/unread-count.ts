import { z } from "zod";
import { orgProcedure } from "@/server/api/trpc";
import { unreadCount as countUnread } from "@/server/services/alerts/notifications";

/** The bell: open alerts of this organization's companies that the caller has not read. */
export const unreadCount = orgProcedure("org.read")
  .output(z.object({ unread: z.number() }))
  .query(async ({ ctx }) => ({ unread: await countUnread({ orgId: ctx.orgId, userId: ctx.userId }) }));
