import { transaction } from "@/server/db";
import { recordAudit } from "@/server/services/audit";

export async function renameOrganization({ orgId, userId, name }: { orgId: string; userId: string; name: string }) {
  return transaction(async (tx) => {
    const org = await tx.organization.update({
      where: { id: orgId },
      data: { name },
      select: { id: true, name: true, slug: true },
    });
    await recordAudit(tx, {
      orgId,
      actorUserId: userId,
      action: "org.renamed",
      targetType: "Organization",
      targetId: orgId,
      details: { name },
    });
    return org;
  });
}
