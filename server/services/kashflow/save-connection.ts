import type { Prisma } from "@/server/generated/prisma/client";
import type { KashflowAuthMethod } from "@/server/generated/prisma/enums";
import type { KashflowCredentials } from "@/server/integrations/kashflow";
import { recordAudit } from "@/server/services/audit";
import { sealCredentials } from "./connection-secrets";

export type NewConnection = {
  orgId: string;
  companyId: string;
  userId: string;
  authMethod: KashflowAuthMethod;
  apiBaseUrl: string;
  credentials: KashflowCredentials;
  accountName: string;
  sandboxAccountId?: string | null;
};

/** Stores a verified connection (replacing any earlier one of the company) and records who connected it. */
export async function saveConnection(tx: Prisma.TransactionClient, c: NewConnection): Promise<void> {
  const sealed = sealCredentials(c.credentials);
  const data = {
    authMethod: c.authMethod,
    apiBaseUrl: c.apiBaseUrl,
    ...sealed,
    status: "CONNECTED" as const,
    accountName: c.accountName,
    sandboxAccountId: c.sandboxAccountId ?? null,
    lastCheckedAt: new Date(),
    lastError: null,
    lastErrorCode: null,
    connectedById: c.userId,
  };
  await tx.kashflowConnection.upsert({
    where: { companyId: c.companyId },
    create: { companyId: c.companyId, ...data },
    update: data,
  });
  await recordAudit(tx, {
    orgId: c.orgId,
    companyId: c.companyId,
    actorUserId: c.userId,
    action: "kashflow.connected",
    targetType: "KashflowConnection",
    targetId: c.companyId,
    details: { accountName: c.accountName, method: c.authMethod, sandbox: Boolean(c.sandboxAccountId) },
  });
}
