import { AppError } from "@/lib/errors";
import { db } from "@/server/db";
import { recordAudit } from "@/server/services/audit";
import { kashflowClientForCompany } from "./client-for-company";
import { outcomeOfFailure } from "./connection-status";

/** Asks KashFlow for the account's company name; the answer (or the refusal) becomes the connection's status. */
export async function testKashflowConnection({
  orgId,
  companyId,
  userId,
}: {
  orgId: string;
  companyId: string;
  userId: string;
}) {
  const row = await db.kashflowConnection.findUnique({ where: { companyId }, select: { id: true } });
  if (!row) throw new AppError("PRECONDITION_FAILED", "This company is not connected to KashFlow yet.");
  const client = await kashflowClientForCompany(companyId);
  try {
    const { companyName } = await client.companyDetails();
    await db.kashflowConnection.update({
      where: { companyId },
      data: {
        status: "CONNECTED",
        accountName: companyName,
        lastCheckedAt: new Date(),
        lastError: null,
        lastErrorCode: null,
      },
    });
    return { ok: true as const, status: "CONNECTED" as const, accountName: companyName, error: null };
  } catch (error) {
    const outcome = outcomeOfFailure(error);
    await db.kashflowConnection.update({
      where: { companyId },
      data: {
        status: outcome.status,
        lastCheckedAt: new Date(),
        lastError: outcome.error,
        lastErrorCode: outcome.errorCode,
      },
    });
    await recordAudit(db, {
      orgId,
      companyId,
      actorUserId: userId,
      action: "kashflow.test_failed",
      targetType: "KashflowConnection",
      targetId: companyId,
      details: { status: outcome.status, reason: outcome.errorCode },
    });
    return { ok: false as const, status: outcome.status, accountName: null, error: outcome.error };
  }
}
