import { db } from "@/server/db";

/** Every organization the user belongs to, with their role in it: the org switcher. */
export async function listMyOrganizations({ userId }: { userId: string }) {
  const memberships = await db.membership.findMany({
    where: { userId },
    select: {
      role: true,
      org: { select: { id: true, name: true, slug: true, _count: { select: { companies: true } } } },
    },
    orderBy: { org: { name: "asc" } },
  });
  return memberships.map((m) => ({
    id: m.org.id,
    name: m.org.name,
    slug: m.org.slug,
    role: m.role,
    companyCount: m.org._count.companies,
  }));
}
