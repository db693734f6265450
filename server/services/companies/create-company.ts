import { AppError } from "@/lib/errors";
import { transaction } from "@/server/db";
import { recordAudit } from "@/server/services/audit";

export type CreateCompanyInput = {
  orgId: string;
  userId: string;
  name: string;
  baseCurrency: string;
  timezone: string;
};

/** Creates an integration pair in SETTING_UP (it reads, writes nothing, until a person starts syncing); connections come later. Names are unique within an organization. */
export async function createCompany(input: CreateCompanyInput) {
  return transaction(async (tx) => {
    const clash = await tx.company.findFirst({
      where: { orgId: input.orgId, name: { equals: input.name, mode: "insensitive" } },
      select: { id: true },
    });
    if (clash)
      throw AppError.field("name", "A company with this name already exists in this organization.", "CONFLICT");
    const company = await tx.company.create({
      data: { orgId: input.orgId, name: input.name, baseCurrency: input.baseCurrency, timezone: input.timezone },
      select: { id: true, name: true, baseCurrency: true, timezone: true, status: true },
    });
    await recordAudit(tx, {
      orgId: input.orgId,
      companyId: company.id,
      actorUserId: input.userId,
      action: "company.created",
      targetType: "Company",
      targetId: company.id,
      details: { name: company.name },
    });
    return company;
  });
}
