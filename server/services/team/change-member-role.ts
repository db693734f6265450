import { AppError } from "@/lib/errors";
import { transaction } from "@/server/db";
import type { Role } from "@/server/generated/prisma/enums";
import { recordAudit } from "@/server/services/audit";
import { assertAnotherOwnerRemains, assertMayTouchOwnership, lockOrganization } from "./owner-rules";

export async function changeMemberRole(input: {
  orgId: string;
  userId: string;
  actorRole: Role;
  membershipId: string;
  role: Role;
}) {
  const { orgId, userId, actorRole, membershipId, role } = input;
  return transaction(async (tx) => {
    await lockOrganization(tx, orgId);
    const member = await tx.membership.findFirst({
      where: { id: membershipId, orgId },
      select: { id: true, role: true, userId: true },
    });
    if (!member) throw AppError.notFound("Member");
    if (member.role === role) return { id: member.id, role };
    assertMayTouchOwnership(actorRole, member.role, role);
    if (member.role === "OWNER") await assertAnotherOwnerRemains(tx, orgId, member.id);
    const updated = await tx.membership.update({
      where: { id: member.id },
      data: { role },
      select: { id: true, role: true },
    });
    await recordAudit(tx, {
      orgId,
      actorUserId: userId,
      action: "member.role_changed",
      targetType: "Membership",
      targetId: member.id,
      details: { from: member.role, to: role, userId: member.userId },
    });
    return updated;
  });
}
