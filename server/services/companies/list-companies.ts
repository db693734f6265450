import { db } from "@/server/db";

export async function listCompanies({ orgId }: { orgId: string }) {
  return db.company.findMany({
    where: { orgId, status: { not: "ARCHIVED" } },
    select: {
      id: true,
      name: true,
      baseCurrency: true,
      timezone: true,
      status: true,
      pauseReason: true,
      createdAt: true,
    },
    orderBy: { name: "asc" },
  });
}
