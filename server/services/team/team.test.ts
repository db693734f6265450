import { describe, expect, it } from "vitest";
import { hashToken } from "@/lib/tokens";
import { db } from "@/server/db";
import { outboxBody } from "@/server/email/dev-outbox-memory";
import { addMember, callerFor, createOrg, createUser, uniqueEmail, trpcCodeOf, trpcErrorOf } from "@/tests/factories";

/** The token in the newest invitation email to `email` as sent (the outbox row has it redacted). */
async function invitationToken(email: string): Promise<string> {
  const message = await db.emailMessage.findFirstOrThrow({
    where: { to: email, kind: "invitation" },
    orderBy: { createdAt: "desc" },
  });
  expect(message.text).not.toMatch(/\/invite\/(?!redacted)[A-Za-z0-9_-]{20,}/);
  const match = /\/invite\/([A-Za-z0-9_-]+)/.exec(outboxBody(message).text);
  if (!match) throw new Error("no invitation link in the email");
  return match[1]!;
}

async function orgWithOwner() {
  const owner = await createUser("owner");
  const org = await createOrg(owner);
  return { owner, org, as: callerFor(owner) };
}

describe("inviting", () => {
  it("mails an invitation link, records it in the outbox and the audit log, and lists it as pending", async () => {
    const { org, as } = await orgWithOwner();
    const email = uniqueEmail("invitee");
    await as.team.invite({ orgId: org.id, email: email.toUpperCase(), role: "ACCOUNTANT" });
    const team = await as.team.list({ orgId: org.id });
    expect(team.invitations).toEqual([expect.objectContaining({ email, role: "ACCOUNTANT", expired: false })]);
    const token = await invitationToken(email);
    const stored = await db.invitation.findFirstOrThrow({ where: { orgId: org.id, email } });
    expect(stored.tokenHash).toBe(hashToken(token));
    expect(await db.auditLog.count({ where: { orgId: org.id, action: "invitation.sent" } })).toBe(1);
  });

  it("refuses a malformed email with a field error", async () => {
    const { org, as } = await orgWithOwner();
    const error = await trpcErrorOf(as.team.invite({ orgId: org.id, email: "not-an-email", role: "VIEWER" }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(await db.invitation.count({ where: { orgId: org.id } })).toBe(0);
  });

  it("refuses a duplicate pending invitation and an invitation to an existing member, with field errors", async () => {
    const { org, as } = await orgWithOwner();
    const email = uniqueEmail("twice");
    await as.team.invite({ orgId: org.id, email, role: "VIEWER" });
    const duplicate = await trpcErrorOf(as.team.invite({ orgId: org.id, email, role: "ADMIN" }));
    expect(duplicate.code).toBe("CONFLICT");
    expect(duplicate.message).toContain("already has a pending invitation");
    const { user } = await addMember(org, "VIEWER");
    const member = await trpcErrorOf(as.team.invite({ orgId: org.id, email: user.email, role: "VIEWER" }));
    expect(member.code).toBe("CONFLICT");
    expect(member.message).toContain("already a member");
    expect(await db.invitation.count({ where: { orgId: org.id } })).toBe(1);
  });

  it("lets only an owner invite an owner", async () => {
    const { org } = await orgWithOwner();
    const { user: admin } = await addMember(org, "ADMIN");
    expect(await trpcCodeOf(callerFor(admin).team.invite({ orgId: org.id, email: uniqueEmail(), role: "OWNER" }))).toBe(
      "FORBIDDEN",
    );
    expect(await trpcCodeOf(callerFor(admin).team.invite({ orgId: org.id, email: uniqueEmail(), role: "ADMIN" }))).toBe(
      "OK",
    );
  });

  it("renews an expired invitation in place with a new link; the old link stops working", async () => {
    const { org, as } = await orgWithOwner();
    const email = uniqueEmail("late");
    await as.team.invite({ orgId: org.id, email, role: "VIEWER" });
    const oldToken = await invitationToken(email);
    await db.invitation.updateMany({
      where: { orgId: org.id, email },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await new Promise((r) => setTimeout(r, 5));
    await as.team.invite({ orgId: org.id, email, role: "ADMIN" });
    const newToken = await invitationToken(email);
    expect(newToken).not.toBe(oldToken);
    const invitee = await db.user.create({ data: { email } });
    expect(await trpcCodeOf(callerFor(invitee).invitation.accept({ token: oldToken }))).toBe("NOT_FOUND");
    await callerFor(invitee).invitation.accept({ token: newToken });
    const membership = await db.membership.findUniqueOrThrow({
      where: { orgId_userId: { orgId: org.id, userId: invitee.id } },
    });
    expect(membership.role).toBe("ADMIN");
  });
});

describe("accepting", () => {
  it("makes the invitee a member with the invited role, once", async () => {
    const { org, as } = await orgWithOwner();
    const email = uniqueEmail("joiner");
    await as.team.invite({ orgId: org.id, email, role: "ACCOUNTANT" });
    const token = await invitationToken(email);
    const invitee = await db.user.create({ data: { email } });
    const preview = await callerFor(invitee).invitation.preview({ token });
    expect(preview).toMatchObject({ state: "PENDING", emailMatches: true, role: "ACCOUNTANT", alreadyMember: false });
    expect(await callerFor(invitee).invitation.accept({ token })).toEqual({ orgSlug: org.slug });
    // Accepting again (a second tab) is harmless for the member it made.
    expect(await callerFor(invitee).invitation.accept({ token })).toEqual({ orgSlug: org.slug });
    expect(await db.membership.count({ where: { orgId: org.id, userId: invitee.id } })).toBe(1);
    expect((await as.team.list({ orgId: org.id })).invitations).toEqual([]);
  });

  it("refuses someone signed in with another email, and says which email to use", async () => {
    const { org, as } = await orgWithOwner();
    const email = uniqueEmail("intended");
    await as.team.invite({ orgId: org.id, email, role: "VIEWER" });
    const token = await invitationToken(email);
    const stranger = await createUser("stranger");
    const error = await trpcErrorOf(callerFor(stranger).invitation.accept({ token }));
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toContain(email);
    expect(await db.membership.count({ where: { orgId: org.id, userId: stranger.id } })).toBe(0);
  });

  it("refuses expired and withdrawn invitations with what to do next", async () => {
    const { org, as } = await orgWithOwner();
    const expiredEmail = uniqueEmail("expired");
    const withdrawnEmail = uniqueEmail("withdrawn");
    await as.team.invite({ orgId: org.id, email: expiredEmail, role: "VIEWER" });
    await as.team.invite({ orgId: org.id, email: withdrawnEmail, role: "VIEWER" });
    await db.invitation.updateMany({
      where: { orgId: org.id, email: expiredEmail },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const withdrawn = await db.invitation.findFirstOrThrow({ where: { orgId: org.id, email: withdrawnEmail } });
    await as.team.revokeInvitation({ orgId: org.id, invitationId: withdrawn.id });

    const late = await db.user.create({ data: { email: expiredEmail } });
    const expired = await trpcErrorOf(
      callerFor(late).invitation.accept({ token: await invitationToken(expiredEmail) }),
    );
    expect(expired.code).toBe("PRECONDITION_FAILED");
    expect(expired.message).toMatch(/expired .* send a new one/);

    const refused = await db.user.create({ data: { email: withdrawnEmail } });
    const revoked = await trpcErrorOf(
      callerFor(refused).invitation.accept({ token: await invitationToken(withdrawnEmail) }),
    );
    expect(revoked.code).toBe("PRECONDITION_FAILED");
    expect(revoked.message).toContain("withdrawn");
    expect(await db.membership.count({ where: { orgId: org.id } })).toBe(1);
  });
});

describe("roles and removal", () => {
  it("never leaves an organization without an owner", async () => {
    const { org, owner, as } = await orgWithOwner();
    const own = await db.membership.findFirstOrThrow({ where: { orgId: org.id, userId: owner.id } });
    const demote = await trpcErrorOf(as.team.changeRole({ orgId: org.id, membershipId: own.id, role: "ADMIN" }));
    expect(demote.code).toBe("PRECONDITION_FAILED");
    expect(demote.message).toContain("at least one owner");
    expect(await trpcCodeOf(as.team.removeMember({ orgId: org.id, membershipId: own.id }))).toBe("PRECONDITION_FAILED");

    // With a second owner, the first may step down.
    const { membership: second } = await addMember(org, "ADMIN");
    await as.team.changeRole({ orgId: org.id, membershipId: second.id, role: "OWNER" });
    await as.team.changeRole({ orgId: org.id, membershipId: own.id, role: "ADMIN" });
    expect(await db.membership.count({ where: { orgId: org.id, role: "OWNER" } })).toBe(1);
  });

  it("two owners demoting each other at once cannot both succeed", async () => {
    const { org, owner } = await orgWithOwner();
    const { user: other, membership: otherMembership } = await addMember(org, "OWNER");
    const own = await db.membership.findFirstOrThrow({ where: { orgId: org.id, userId: owner.id } });
    const results = await Promise.all([
      trpcCodeOf(callerFor(owner).team.changeRole({ orgId: org.id, membershipId: otherMembership.id, role: "VIEWER" })),
      trpcCodeOf(callerFor(other).team.changeRole({ orgId: org.id, membershipId: own.id, role: "VIEWER" })),
    ]);
    expect(results.sort()).toEqual(["OK", "PRECONDITION_FAILED"]);
    expect(await db.membership.count({ where: { orgId: org.id, role: "OWNER" } })).toBe(1);
  });

  it("lets an admin manage non-owners but not owners", async () => {
    const { org, owner } = await orgWithOwner();
    const { user: admin } = await addMember(org, "ADMIN");
    const { membership: viewer } = await addMember(org, "VIEWER");
    const ownerMembership = await db.membership.findFirstOrThrow({ where: { orgId: org.id, userId: owner.id } });
    const as = callerFor(admin);
    expect(await trpcCodeOf(as.team.changeRole({ orgId: org.id, membershipId: viewer.id, role: "ACCOUNTANT" }))).toBe(
      "OK",
    );
    expect(await trpcCodeOf(as.team.changeRole({ orgId: org.id, membershipId: viewer.id, role: "OWNER" }))).toBe(
      "FORBIDDEN",
    );
    expect(await trpcCodeOf(as.team.removeMember({ orgId: org.id, membershipId: ownerMembership.id }))).toBe(
      "FORBIDDEN",
    );
    expect(await trpcCodeOf(as.team.removeMember({ orgId: org.id, membershipId: viewer.id }))).toBe("OK");
    expect(await db.membership.count({ where: { orgId: org.id } })).toBe(2);
  });

  it("a removed member loses access at once and cannot reuse their old invitation", async () => {
    const { org, as } = await orgWithOwner();
    const email = uniqueEmail("leaver");
    await as.team.invite({ orgId: org.id, email, role: "ACCOUNTANT" });
    const token = await invitationToken(email);
    const leaver = await db.user.create({ data: { email } });
    await callerFor(leaver).invitation.accept({ token });
    const membership = await db.membership.findFirstOrThrow({ where: { orgId: org.id, userId: leaver.id } });
    await as.team.removeMember({ orgId: org.id, membershipId: membership.id });
    expect(await trpcCodeOf(callerFor(leaver).company.list({ orgId: org.id }))).toBe("NOT_FOUND");
    expect(await trpcCodeOf(callerFor(leaver).invitation.accept({ token }))).toBe("PRECONDITION_FAILED");
    expect(await db.auditLog.count({ where: { orgId: org.id, action: "member.removed" } })).toBe(1);
  });
});
