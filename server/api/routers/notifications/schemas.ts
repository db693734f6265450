// Output shapes of the notification procedures, shared by their files.
import { z } from "zod";

export const notificationView = z.object({
  id: z.string(),
  kind: z.string(),
  kindLabel: z.string(),
  severity: z.string(),
  title: z.string(),
  href: z.string(),
  count: z.number(),
  companyId: z.string(),
  companyName: z.string(),
  timezone: z.string(),
  firstSeenAt: z.date(),
  lastSeenAt: z.date(),
  resolvedAt: z.date().nullable(),
  read: z.boolean(),
});

const frequency = z.enum(["daily", "weekly", "off"]);

export const preferencesView = z.object({
  immediate: z.array(
    z.object({
      kind: z.string(),
      label: z.string(),
      description: z.string(),
      on: z.boolean(),
      roleDefault: z.boolean(),
    }),
  ),
  digestOnly: z.array(z.object({ kind: z.string(), label: z.string(), description: z.string() })),
  digest: frequency,
  digestRoleDefault: frequency,
  timezone: z.string().nullable(),
  defaultTimezone: z.string(),
  effectiveTimezone: z.string(),
});
