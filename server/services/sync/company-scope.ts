// Every sync service starts here: the company must belong to the caller's organization (else "not found").
import { AppError } from "@/lib/errors";
import { db as defaultDb, type DbOrTx } from "@/server/db";

export type SyncScope = { orgId: string; companyId: string };

export async function requireSyncCompany({ orgId, companyId }: SyncScope, db: DbOrTx = defaultDb) {
  const company = await db.company.findFirst({
    where: { id: companyId, orgId },
    select: { id: true, name: true, timezone: true, status: true },
  });
  if (!company) throw AppError.notFound("Company");
  return company;
}

export type SyncReadiness = {
  ready: boolean;
  kashflow: boolean;
  sage100: boolean;
  companyActive: boolean;
  problems: string[];
};

/** Whether the runner will pick this company up (same rule as server/sync/runner/due-flows.ts), and why not. */
export async function syncReadiness({ orgId, companyId }: SyncScope): Promise<SyncReadiness> {
  const company = await defaultDb.company.findFirst({
    where: { id: companyId, orgId },
    select: {
      status: true,
      kashflowConnection: { select: { status: true } },
      sage100Agents: { where: { activeCompanyId: companyId, revokedAt: null }, select: { id: true }, take: 1 },
    },
  });
  if (!company) throw AppError.notFound("Company");
  const kashflow = company.kashflowConnection?.status === "CONNECTED";
  const sage100 = company.sage100Agents.length > 0;
  const companyActive = company.status === "LIVE";
  const problems: string[] = [];
  if (!kashflow)
    problems.push(
      company.kashflowConnection
        ? "KashFlow needs reconnecting (see the company page)."
        : "KashFlow is not connected yet.",
    );
  if (!sage100) problems.push("No Sage 100 agent is paired yet.");
  if (!companyActive) {
    problems.push(
      company.status === "SETTING_UP"
        ? "Syncing has not started: finish the set-up checklist on the company page and press Start syncing."
        : company.status === "PAUSED"
          ? "Syncing is paused for the whole company (company page)."
          : "The company is archived.",
    );
  }
  return { ready: problems.length === 0, kashflow, sage100, companyActive, problems };
}
