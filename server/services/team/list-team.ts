import { db } from "@/server/db";

/** Members and open invitations of an organization. */
export async function listTeam({ orgId }: { orgId: string }) {
  const [members, invitations] = await Promise.all([
    db.membership.findMany({
      where: { orgId },
      select: { id: true, role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
      orderBy: { createdAt: "asc" },
    }),
    db.invitation.findMany({
      where: { orgId, acceptedAt: null, revokedAt: null },
      select: { id: true, email: true, role: true, expiresAt: true, createdAt: true },
      orderBy: { createdAt: "desc" },
    }),
  ]);
  const now = Date.now();
  return {
    members: members.map((m) => ({
      id: m.id,
      userId: m.user.id,
      name: m.user.name,
      email: m.user.email,
      role: m.role,
      joinedAt: m.createdAt,
    })),
    invitations: invitations.map((i) => ({ ...i, expired: i.expiresAt.getTime() < now })),
  };
}
