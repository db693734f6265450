import { AppError } from "@/lib/errors";
import { hashToken } from "@/lib/tokens";
import { db, transaction } from "@/server/db";
import { recordAudit } from "@/server/services/audit";
import { ROLE_LABELS } from "@/server/services/roles";

export type InvitationState = "PENDING" | "EXPIRED" | "REVOKED" | "ACCEPTED";

async function findByToken(token: string) {
  const inv = await db.invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      orgId: true,
      email: true,
      role: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      org: { select: { name: true, slug: true } },
      invitedBy: { select: { name: true, email: true } },
    },
  });
  if (!inv) throw new AppError("NOT_FOUND", "This invitation link is not valid. Ask for a new invitation.");
  return inv;
}

function stateOf(inv: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }): InvitationState {
  if (inv.acceptedAt) return "ACCEPTED";
  if (inv.revokedAt) return "REVOKED";
  if (inv.expiresAt.getTime() <= Date.now()) return "EXPIRED";
  return "PENDING";
}

/** What the invite page shows before accepting: the token itself is the credential. */
export async function previewInvitation({ token, userId }: { token: string; userId: string }) {
  const inv = await findByToken(token);
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } });
  const member = await db.membership.findUnique({
    where: { orgId_userId: { orgId: inv.orgId, userId } },
    select: { id: true },
  });
  return {
    orgName: inv.org.name,
    orgSlug: member ? inv.org.slug : null,
    email: inv.email,
    role: inv.role,
    roleLabel: ROLE_LABELS[inv.role],
    invitedBy: inv.invitedBy?.name ?? inv.invitedBy?.email ?? null,
    expiresAt: inv.expiresAt,
    state: stateOf(inv),
    emailMatches: user.email.toLowerCase() === inv.email.toLowerCase(),
    signedInAs: user.email,
    alreadyMember: Boolean(member),
  };
}

export async function acceptInvitation({ token, userId }: { token: string; userId: string }) {
  const inv = await findByToken(token);
  return transaction(async (tx) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } });
    if (user.email.toLowerCase() !== inv.email.toLowerCase()) {
      throw AppError.forbidden(
        `This invitation was sent to ${inv.email}, but you are signed in as ${user.email}. Sign out and sign in as ${inv.email} to accept it.`,
      );
    }
    const state = stateOf(inv);
    const member = await tx.membership.findUnique({
      where: { orgId_userId: { orgId: inv.orgId, userId } },
      select: { id: true },
    });
    if (state === "ACCEPTED" && member) return { orgSlug: inv.org.slug };
    if (state === "ACCEPTED")
      throw new AppError("PRECONDITION_FAILED", "This invitation has already been used. Ask for a new one.");
    if (state === "REVOKED")
      throw new AppError("PRECONDITION_FAILED", "This invitation was withdrawn. Ask for a new one.");
    if (state === "EXPIRED") {
      const who = inv.invitedBy?.name ?? inv.invitedBy?.email ?? "an admin of the organization";
      throw new AppError(
        "PRECONDITION_FAILED",
        `This invitation expired on ${inv.expiresAt.toUTCString()}. Ask ${who} to send a new one.`,
      );
    }
    // Claim the invitation first so two tabs accepting at once cannot both succeed.
    const claimed = await tx.invitation.updateMany({
      where: { id: inv.id, acceptedAt: null, revokedAt: null },
      data: { acceptedAt: new Date() },
    });
    if (claimed.count === 0)
      throw new AppError("PRECONDITION_FAILED", "This invitation has already been used. Ask for a new one.");
    if (!member) await tx.membership.create({ data: { orgId: inv.orgId, userId, role: inv.role } });
    await recordAudit(tx, {
      orgId: inv.orgId,
      actorUserId: userId,
      action: "invitation.accepted",
      targetType: "Invitation",
      targetId: inv.id,
      details: { email: inv.email, role: inv.role },
    });
    return { orgSlug: inv.org.slug };
  });
}
