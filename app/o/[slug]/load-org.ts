import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { orNotFound, serverCaller } from "@/server/api/server-caller";
import { requireUser } from "@/server/auth/require-user";
import { can, type Permission } from "@/server/services/roles";

/** The organization of a workspace URL for the signed-in member (once per request); outsiders get the 404 page. */
export const loadOrg = cache(async (slug: string) => {
  const user = await requireUser(await returnPath(slug));
  const caller = await serverCaller();
  const org = await orNotFound(caller.org.bySlug({ slug }));
  return { user, org, caller, can: (permission: Permission) => can(org.role, permission) };
});

/** The page being asked for (set by proxy.ts), when it is inside this workspace; else the workspace's home. */
async function returnPath(slug: string): Promise<string> {
  const home = `/o/${slug}`;
  const asked = (await headers()).get("x-ledgerlink-path");
  return asked &&
    (asked === home || asked.startsWith(`${home}/`) || asked.startsWith(`${home}?`)) &&
    !asked.includes("//")
    ? asked
    : home;
}
