// Test data for the sync screens: a company both systems are connected to, and ledger rows written straight in.
import { randomUUID } from "node:crypto";
import { db, type Prisma } from "@/server/db";
import type { SyncRecordStatus, SyncSystem } from "@/server/generated/prisma/enums";
import { addMember, createCompany, createOrg, createUser } from "@/tests/factories";

/** An owner, an accountant and a viewer in one organization with one company. */
/** `connected`: both systems connected and the company live (a person started syncing); `live: false` keeps it in set-up. */
export async function syncTenant(o: { connected?: boolean; live?: boolean } = {}) {
  const owner = await createUser("sync-owner");
  const org = await createOrg(owner);
  const company = await createCompany(org);
  const { user: accountant } = await addMember(org, "ACCOUNTANT");
  const { user: viewer } = await addMember(org, "VIEWER");
  if (o.connected) await connectBoth(company.id);
  if (o.connected && o.live !== false)
    await db.company.update({ where: { id: company.id }, data: { status: "LIVE", wentLiveAt: new Date() } });
  return { owner, org, company, accountant, viewer, scope: { orgId: org.id, companyId: company.id } };
}

/** KashFlow connected and a Sage 100 agent active: the runner would pick the company up. */
export async function connectBoth(companyId: string): Promise<void> {
  await db.kashflowConnection.create({
    data: {
      companyId,
      authMethod: "SESSION_TOKEN",
      apiBaseUrl: "http://kashflow.invalid",
      secrets: "sealed",
      keyId: "k1",
      status: "CONNECTED",
    },
  });
  await db.sage100Agent.create({
    data: {
      companyId,
      activeCompanyId: companyId,
      tokenHash: randomUUID(),
      hostname: "sage-host",
      version: "1.0.0",
      driver: "simulator",
    },
  });
}

export type LedgerRow = {
  system?: SyncSystem;
  model?: string;
  externalId?: string;
  status?: SyncRecordStatus;
  payload?: unknown;
  counterpartId?: string | null;
  errorCode?: string | null;
  errorMessage?: string | null;
  errorField?: string | null;
  retryClass?: string | null;
  attempts?: number;
  nextAttemptAt?: Date | null;
  warnings?: { field: string; message: string }[];
};

export async function ledgerRecord(companyId: string, r: LedgerRow = {}) {
  const externalId = r.externalId ?? `X-${randomUUID().slice(0, 8)}`;
  return db.syncRecord.create({
    data: {
      companyId,
      system: r.system ?? "KASHFLOW",
      model: r.model ?? "customer",
      externalId,
      contentHash: randomUUID(),
      payload: (r.payload ?? { code: externalId, name: `Customer ${externalId}` }) as Prisma.InputJsonValue,
      status: r.status ?? "SYNCED",
      counterpartId: r.counterpartId ?? null,
      errorCode: r.errorCode ?? null,
      errorMessage: r.errorMessage ?? null,
      errorField: r.errorField ?? null,
      retryClass: r.retryClass ?? null,
      attempts: r.attempts ?? 0,
      nextAttemptAt: r.nextAttemptAt ?? null,
      warnings: (r.warnings ?? []) as Prisma.InputJsonValue,
      lastSeenAt: new Date(),
    },
  });
}

/** Many rows at once (createMany), for paging: `n` customers named "Bulk 0001"... of one status. */
export async function bulkRecords(
  companyId: string,
  n: number,
  o: { status?: SyncRecordStatus; model?: string; prefix?: string } = {},
) {
  const prefix = o.prefix ?? "BULK";
  await db.syncRecord.createMany({
    data: Array.from({ length: n }, (_, i) => {
      const externalId = `${prefix}-${String(i).padStart(5, "0")}`;
      return {
        companyId,
        system: "KASHFLOW" as const,
        model: o.model ?? "customer",
        externalId,
        contentHash: externalId,
        payload: { code: externalId, name: `Bulk ${String(i).padStart(4, "0")}` },
        status: o.status ?? "SYNCED",
        lastSeenAt: new Date(),
      };
    }),
  });
}
