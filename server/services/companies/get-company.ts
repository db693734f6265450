import { AppError } from "@/lib/errors";
import { db } from "@/server/db";

export async function getCompany({ orgId, companyId }: { orgId: string; companyId: string }) {
  const company = await db.company.findFirst({
    where: { id: companyId, orgId },
    select: {
      id: true,
      orgId: true,
      name: true,
      baseCurrency: true,
      timezone: true,
      status: true,
      createdAt: true,
      updatedAt: true,
      wentLiveAt: true,
      pausedAt: true,
      pauseReason: true,
      pauseNote: true,
      flowsReviewedAt: true,
      settingsReviewedAt: true,
    },
  });
  if (!company) throw AppError.notFound("Company");
  return company;
}
