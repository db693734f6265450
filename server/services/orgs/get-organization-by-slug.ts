import { AppError } from "@/lib/errors";
import { db } from "@/server/db";

/** The organization behind a URL slug, only for its members: anyone else gets NOT_FOUND. */
export async function getOrganizationBySlug({ userId, slug }: { userId: string; slug: string }) {
  const org = await db.organization.findUnique({
    where: { slug },
    select: { id: true, name: true, slug: true, memberships: { where: { userId }, select: { role: true } } },
  });
  const membership = org?.memberships[0];
  if (!org || !membership) throw AppError.notFound("Organization");
  return { id: org.id, name: org.name, slug: org.slug, role: membership.role };
}
