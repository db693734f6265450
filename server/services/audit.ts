// Who did what to which organization or company, and when.
import type { DbOrTx } from "@/server/db";
import type { Prisma } from "@/server/generated/prisma/client";

export type AuditEntry = {
  orgId: string;
  companyId?: string | null;
  actorUserId?: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  details?: Prisma.InputJsonValue;
};

export async function recordAudit(db: DbOrTx, entry: AuditEntry): Promise<void> {
  await db.auditLog.create({ data: { ...entry, details: entry.details ?? {} } });
}
