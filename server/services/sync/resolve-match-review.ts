// A person settles a first-connect match: the chosen Sage 100 key, or "CREATE" for a new Sage 100 record.
// Records the choice and sends the held KashFlow record (and any Sage 100 candidate held waiting for it) back to
// PENDING, so the master-data flows read the choice on their next run (server/sync/counterparts/target.ts).
import { AppError } from "@/lib/errors";
import { transaction } from "@/server/db";
import { recordAudit } from "@/server/services/audit";
import { requireSyncCompany } from "./company-scope";
import { nudgeFlows } from "./nudge-flows";

export const CREATE_NEW = "CREATE";

export async function resolveMatchReview(o: {
  orgId: string;
  companyId: string;
  reviewId: string;
  userId: string;
  resolution: string;
}) {
  const review = await transaction(async (tx) => {
    await requireSyncCompany(o, tx);
    const review = await tx.matchReview.findFirst({ where: { id: o.reviewId, companyId: o.companyId } });
    if (!review) throw AppError.notFound("Match review");
    if (review.resolvedAt) throw new AppError("CONFLICT", "Someone already settled this match.");
    const keys = Array.isArray(review.candidates)
      ? review.candidates.map((c) => (c as { sage100Key?: unknown })?.sage100Key)
      : [];
    if (o.resolution !== CREATE_NEW && !keys.includes(o.resolution))
      throw AppError.field("resolution", 'Pick one of the Sage 100 records listed, or "Create new".');
    const settled = await tx.matchReview.updateMany({
      where: { id: review.id, companyId: o.companyId, resolvedAt: null },
      data: { resolution: o.resolution, resolvedAt: new Date(), resolvedBy: o.userId },
    });
    if (settled.count !== 1) throw new AppError("CONFLICT", "Someone already settled this match.");
    const release = {
      status: "PENDING" as const,
      attempts: 0,
      nextAttemptAt: null,
      errorCode: null,
      errorMessage: null,
      errorField: null,
      retryClass: null,
      heldBy: null,
    };
    await tx.syncRecord.updateMany({
      where: {
        companyId: o.companyId,
        system: "KASHFLOW",
        model: review.model,
        externalId: review.kashflowId,
        status: "HELD",
      },
      data: release,
    });
    // Sage 100 candidates held while the review was open follow the choice (linked now, or created in KashFlow).
    const candidateKeys = keys.filter((k): k is string => typeof k === "string");
    await tx.syncRecord.updateMany({
      where: {
        companyId: o.companyId,
        system: "SAGE100",
        model: review.model,
        externalId: { in: candidateKeys },
        status: "HELD",
        errorCode: "MATCH_REVIEW",
      },
      data: release,
    });
    await recordAudit(tx, {
      orgId: o.orgId,
      companyId: o.companyId,
      actorUserId: o.userId,
      action: "sync.match_resolved",
      targetType: "MatchReview",
      targetId: review.id,
      details: { model: review.model, kashflowId: review.kashflowId, resolution: o.resolution },
    });
    return review;
  });
  await nudgeFlows(o.companyId, "KASHFLOW", review.model);
  await nudgeFlows(o.companyId, "SAGE100", review.model);
  return { id: review.id, resolution: o.resolution };
}
