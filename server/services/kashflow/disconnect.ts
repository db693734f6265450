import { AppError } from "@/lib/errors";
import { db, transaction } from "@/server/db";
import { recordAudit } from "@/server/services/audit";
import { kashflowClientForCompany } from "./client-for-company";

/** Ends the KashFlow session (best effort: KashFlow being down must not keep a company connected) and forgets the credentials. */
export async function disconnectKashflow({
  orgId,
  companyId,
  userId,
}: {
  orgId: string;
  companyId: string;
  userId: string;
}) {
  const row = await db.kashflowConnection.findUnique({ where: { companyId }, select: { accountName: true } });
  if (!row) throw new AppError("PRECONDITION_FAILED", "This company is not connected to KashFlow.");
  await kashflowClientForCompany(companyId)
    .then((client) => client.logout())
    .catch(() => undefined);
  await transaction(async (tx) => {
    await tx.kashflowConnection.delete({ where: { companyId } });
    await tx.kashflowOAuthState.deleteMany({ where: { companyId } });
    await recordAudit(tx, {
      orgId,
      companyId,
      actorUserId: userId,
      action: "kashflow.disconnected",
      targetType: "KashflowConnection",
      targetId: companyId,
      details: { accountName: row.accountName },
    });
  });
  return { disconnected: true };
}
