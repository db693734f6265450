import { createRouter } from "@/server/api/trpc";
import { getPreferences } from "./get-preferences";
import { list } from "./list";
import { markAllRead } from "./mark-all-read";
import { markRead } from "./mark-read";
import { unreadCount } from "./unread-count";
import { updatePreferences } from "./update-preferences";

export const notificationsRouter = createRouter({
  unreadCount,
  list,
  markRead,
  markAllRead,
  getPreferences,
  updatePreferences,
});
