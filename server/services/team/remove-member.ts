import { AppError } from "@/lib/errors";
import { transaction } from "@/server/db";
import type { Role } from "@/server/generated/prisma/enums";
import { recordAudit } from "@/server/services/audit";
import { assertAnotherOwnerRemains, assertMayTouchOwnership, lockOrganization } from "./owner-rules";

export async function removeMember(input: { orgId: string; userId: string; actorRole: Role; membershipId: string }) {
  const { orgId, userId, actorRole, membershipId } = input;
  return transaction(async (tx) => {
    await lockOrganization(tx, orgId);
    const member = await tx.membership.findFirst({
      where: { id: membershipId, orgId },
      select: { id: true, role: true, userId: true, user: { select: { email: true } } },
    });
    if (!member) throw AppError.notFound("Member");
    assertMayTouchOwnership(actorRole, member.role);
    if (member.role === "OWNER") await assertAnotherOwnerRemains(tx, orgId, member.id);
    await tx.membership.delete({ where: { id: member.id } });
    // A removed member's old invitation must not let them straight back in.
    await tx.invitation.updateMany({
      where: { orgId, email: member.user.email, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    await recordAudit(tx, {
      orgId,
      actorUserId: userId,
      action: "member.removed",
      targetType: "Membership",
      targetId: member.id,
      details: { userId: member.userId, email: member.user.email, role: member.role },
    });
    return { id: member.id };
  });
}
