import { AppError } from "@/lib/errors";
import { transaction } from "@/server/db";
import type { Role } from "@/server/generated/prisma/enums";
import { recordAudit } from "@/server/services/audit";
import { assertMayTouchOwnership } from "./owner-rules";

export async function revokeInvitation(input: {
  orgId: string;
  userId: string;
  actorRole: Role;
  invitationId: string;
}) {
  const { orgId, userId, actorRole, invitationId } = input;
  return transaction(async (tx) => {
    const inv = await tx.invitation.findFirst({
      where: { id: invitationId, orgId, acceptedAt: null, revokedAt: null },
    });
    if (!inv) throw AppError.notFound("Invitation");
    assertMayTouchOwnership(actorRole, inv.role);
    await tx.invitation.update({ where: { id: inv.id }, data: { revokedAt: new Date() } });
    await recordAudit(tx, {
      orgId,
      actorUserId: userId,
      action: "invitation.revoked",
      targetType: "Invitation",
      targetId: inv.id,
      details: { email: inv.email },
    });
    return { id: inv.id };
  });
}
