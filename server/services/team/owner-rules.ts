// Ownership rules shared by role changes and removals: only owners touch ownership; an org always keeps an owner.
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/server/generated/prisma/client";
import type { Role } from "@/server/generated/prisma/enums";

/** Locks the organization row so two concurrent demotions cannot both see "another owner remains". */
export async function lockOrganization(tx: Prisma.TransactionClient, orgId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "Organization" WHERE id = ${orgId} FOR UPDATE`;
}

export function assertMayTouchOwnership(actorRole: Role, targetRole: Role, newRole?: Role): void {
  if ((targetRole === "OWNER" || newRole === "OWNER") && actorRole !== "OWNER") {
    throw AppError.forbidden("Only an owner can grant, change or remove ownership.");
  }
}

export async function assertAnotherOwnerRemains(
  tx: Prisma.TransactionClient,
  orgId: string,
  leavingMembershipId: string,
): Promise<void> {
  const others = await tx.membership.count({ where: { orgId, role: "OWNER", id: { not: leavingMembershipId } } });
  if (others === 0) {
    throw new AppError(
      "PRECONDITION_FAILED",
      "An organization needs at least one owner. Make someone else an owner first.",
    );
  }
}
