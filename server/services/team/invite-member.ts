import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { hashToken, newToken } from "@/lib/tokens";
import { db, transaction } from "@/server/db";
import { sendEmail } from "@/server/email/mailer";
import { invitationEmail } from "@/server/email/templates/invitation";
import type { Prisma } from "@/server/generated/prisma/client";
import type { Role } from "@/server/generated/prisma/enums";
import { recordAudit } from "@/server/services/audit";
import { assertMayTouchOwnership } from "./owner-rules";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export function invitationUrl(token: string): string {
  return new URL(`/invite/${token}`, env().APP_URL).toString();
}

function isPending(inv: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }): boolean {
  return !inv.acceptedAt && !inv.revokedAt && inv.expiresAt.getTime() > Date.now();
}

/** Invites someone by email with a role; an expired or revoked invitation to the same address is renewed in place. */
export async function inviteMember(input: {
  orgId: string;
  userId: string;
  actorRole: Role;
  email: string;
  role: Role;
}) {
  const { orgId, userId, actorRole, email, role } = input;
  assertMayTouchOwnership(actorRole, role);
  const token = newToken();
  const expiresAt = new Date(Date.now() + INVITATION_TTL_MS);
  const invitation = await transaction(async (tx) => {
    const member = await tx.membership.findFirst({ where: { orgId, user: { email } }, select: { id: true } });
    if (member) throw AppError.field("email", `${email} is already a member of this organization.`, "CONFLICT");
    const existing = await tx.invitation.findUnique({ where: { orgId_email: { orgId, email } } });
    if (existing && isPending(existing)) {
      throw AppError.field(
        "email",
        `${email} already has a pending invitation. Resend it from the list below instead.`,
        "CONFLICT",
      );
    }
    const data = {
      role,
      tokenHash: hashToken(token),
      expiresAt,
      invitedById: userId,
      acceptedAt: null,
      revokedAt: null,
    };
    const saved = existing
      ? await tx.invitation.update({
          where: { id: existing.id },
          data,
          select: { id: true, email: true, role: true, expiresAt: true },
        })
      : await tx.invitation.create({
          data: { ...data, orgId, email },
          select: { id: true, email: true, role: true, expiresAt: true },
        });
    await recordAudit(tx, {
      orgId,
      actorUserId: userId,
      action: "invitation.sent",
      targetType: "Invitation",
      targetId: saved.id,
      details: { email, role },
    });
    return saved;
  });
  await mailInvitation(db, { orgId, userId, invitationId: invitation.id, token });
  return invitation;
}

/** Issues a fresh link (the old one stops working) and mails it again. */
export async function resendInvitation(input: {
  orgId: string;
  userId: string;
  actorRole: Role;
  invitationId: string;
}) {
  const { orgId, userId, actorRole, invitationId } = input;
  const token = newToken();
  const invitation = await transaction(async (tx) => {
    const current = await tx.invitation.findFirst({
      where: { id: invitationId, orgId, acceptedAt: null, revokedAt: null },
    });
    if (!current) throw AppError.notFound("Invitation");
    assertMayTouchOwnership(actorRole, current.role);
    const saved = await tx.invitation.update({
      where: { id: current.id },
      data: { tokenHash: hashToken(token), expiresAt: new Date(Date.now() + INVITATION_TTL_MS), invitedById: userId },
      select: { id: true, email: true, role: true, expiresAt: true },
    });
    await recordAudit(tx, {
      orgId,
      actorUserId: userId,
      action: "invitation.resent",
      targetType: "Invitation",
      targetId: saved.id,
      details: { email: saved.email },
    });
    return saved;
  });
  await mailInvitation(db, { orgId, userId, invitationId: invitation.id, token });
  return invitation;
}

async function mailInvitation(
  client: Prisma.TransactionClient | typeof db,
  opts: { orgId: string; userId: string; invitationId: string; token: string },
) {
  const inv = await client.invitation.findUniqueOrThrow({
    where: { id: opts.invitationId },
    select: { email: true, role: true, expiresAt: true, org: { select: { name: true } } },
  });
  const inviter = await client.user.findUniqueOrThrow({
    where: { id: opts.userId },
    select: { name: true, email: true },
  });
  const content = invitationEmail({
    orgName: inv.org.name,
    inviterName: inviter.name ?? inviter.email,
    role: inv.role,
    url: invitationUrl(opts.token),
    expiresAt: inv.expiresAt,
  });
  await sendEmail({ ...content, to: inv.email, kind: "invitation", orgId: opts.orgId, secrets: [opts.token] });
}
