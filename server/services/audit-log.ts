import { AppError } from "@/lib/errors";
import { db } from "@/server/db";

const PAGE_SIZE = 50;

/** The organization's activity, newest first, optionally for one company; `before` pages back in time. */
export async function listAuditLog({ orgId, companyId, before }: { orgId: string; companyId?: string; before?: Date }) {
  if (companyId && !(await db.company.findFirst({ where: { id: companyId, orgId }, select: { id: true } })))
    throw AppError.notFound("Company");
  const rows = await db.auditLog.findMany({
    where: { orgId, ...(companyId ? { companyId } : {}), ...(before ? { createdAt: { lt: before } } : {}) },
    orderBy: { createdAt: "desc" },
    take: PAGE_SIZE + 1,
    select: {
      id: true,
      action: true,
      targetType: true,
      targetId: true,
      details: true,
      createdAt: true,
      actor: { select: { name: true, email: true } },
      company: { select: { id: true, name: true } },
    },
  });
  const page = rows.slice(0, PAGE_SIZE);
  return { entries: page, nextBefore: rows.length > PAGE_SIZE ? page[page.length - 1]!.createdAt : null };
}
