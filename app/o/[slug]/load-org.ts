import "server-only";
import { cache } from "react";
import { orNotFound, serverCaller } from "@/server/api/server-caller";
import { requireUser } from "@/server/auth/require-user";
import { can, type Permission } from "@/server/services/roles";

/** The organization of a workspace URL for the signed-in member (once per request); outsiders get the 404 page. */
export const loadOrg = cache(async (slug: string) => {
  const user = await requireUser(`/o/${slug}`);
  const caller = await serverCaller();
  const org = await orNotFound(caller.org.bySlug({ slug }));
  return { user, org, caller, can: (permission: Permission) => can(org.role, permission) };
});
