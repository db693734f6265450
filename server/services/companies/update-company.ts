import { AppError } from "@/lib/errors";
import { transaction } from "@/server/db";
import { recordAudit } from "@/server/services/audit";

/** Status is not here: it changes only through the lifecycle (./lifecycle.ts). */
export type CompanyChanges = { name?: string; baseCurrency?: string; timezone?: string };

export async function updateCompany(input: {
  orgId: string;
  companyId: string;
  userId: string;
  changes: CompanyChanges;
}) {
  const { orgId, companyId, userId, changes } = input;
  return transaction(async (tx) => {
    const current = await tx.company.findFirst({ where: { id: companyId, orgId }, select: { id: true } });
    if (!current) throw AppError.notFound("Company");
    if (changes.name) {
      const clash = await tx.company.findFirst({
        where: { orgId, id: { not: companyId }, name: { equals: changes.name, mode: "insensitive" } },
        select: { id: true },
      });
      if (clash)
        throw AppError.field("name", "A company with this name already exists in this organization.", "CONFLICT");
    }
    const company = await tx.company.update({
      where: { id: companyId },
      data: changes,
      select: { id: true, name: true, baseCurrency: true, timezone: true, status: true },
    });
    await recordAudit(tx, {
      orgId,
      companyId,
      actorUserId: userId,
      action: "company.updated",
      targetType: "Company",
      targetId: companyId,
      details: changes,
    });
    return company;
  });
}
