// Which (company, flow) pairs should run now: LIVE companies (a person pressed Start syncing) with both systems connected, flows not paused,
// whose next run is due, that someone asked to "Sync now", or that a Sage 100 change batch they read woke.
import { db } from "@/server/db";
import { FLOWS } from "../flows";
import { parseSyncSettings } from "../settings";
import { inngestConfigured } from "./mode";

export type DueFlow = { companyId: string; flowId: string };

export async function syncableCompanyIds(): Promise<string[]> {
  const companies = await db.company.findMany({
    where: { status: "LIVE", kashflowConnection: { status: "CONNECTED" }, sage100Agents: { some: { activeCompanyId: { not: null }, revokedAt: null } } },
    select: { id: true },
  });
  return companies.map((c) => c.id);
}

export async function dueFlows(now = new Date()): Promise<DueFlow[]> {
  const companyIds = await syncableCompanyIds();
  if (companyIds.length === 0 || FLOWS.length === 0) return [];
  const states = await db.syncState.findMany({ where: { companyId: { in: companyIds } } });
  const settings = await db.syncSettings.findMany({ where: { companyId: { in: companyIds } } });
  // Read through the schema: a company with no settings row has the default flows off (stock into KashFlow).
  const pausedBy = new Map(settings.map((s) => [s.companyId, pausedFlowsOf(s.settings)]));
  const defaultPaused = pausedFlowsOf({});
  const stateOf = new Map(states.map((s) => [`${s.companyId}|${s.flow}`, s]));
  const arrived = await changesArrived(companyIds);
  const due: DueFlow[] = [];
  for (const companyId of companyIds) {
    for (const flow of FLOWS) {
      if ((pausedBy.get(companyId) ?? defaultPaused).has(flow.id)) continue;
      const state = stateOf.get(`${companyId}|${flow.id}`);
      if (state?.paused) continue;
      if (state?.leaseUntil && state.leaseUntil > now) continue;
      const scheduled = !state || state.requestedAt || !state.nextRunAt || state.nextRunAt <= now;
      // A change batch that arrived after the flow's last run began wakes it now (one it failed on waits its turn).
      const woken = flow.wakeOn?.some((table) => (arrived.get(`${companyId}|${table}`) ?? 0) > (state?.runStartedAt?.getTime() ?? 0));
      if (scheduled || woken) due.push({ companyId, flowId: flow.id });
    }
  }
  return due;
}

/** The flows a company switched off; one company's unreadable settings must not stop every other company's runs. */
function pausedFlowsOf(raw: unknown): Set<string> {
  try {
    return new Set(parseSyncSettings(raw).pausedFlows);
  } catch {
    return new Set((raw as { pausedFlows?: string[] } | null)?.pausedFlows ?? []);
  }
}

/** When the newest unprocessed change batch of each (company, table) a flow wakes on arrived; one grouped query. */
async function changesArrived(companyIds: string[]): Promise<Map<string, number>> {
  const tables = [...new Set(FLOWS.flatMap((f) => f.wakeOn ?? []))];
  if (tables.length === 0) return new Map();
  const rows = await db.sage100ChangeBatch.groupBy({ by: ["companyId", "sageTable"], where: { companyId: { in: companyIds }, processedAt: null, sageTable: { in: tables } }, _max: { receivedAt: true } });
  return new Map(rows.map((r) => [`${r.companyId}|${r.sageTable}`, r._max.receivedAt?.getTime() ?? 0]));
}

/** "Sync now": the in-process runner picks it up at its next tick; under Inngest the runs start at once. */
export async function requestSync(companyId: string, flowIds: string[] = FLOWS.map((f) => f.id)): Promise<void> {
  const now = new Date();
  for (const flow of flowIds) {
    await db.syncState.upsert({ where: { companyId_flow: { companyId, flow } }, create: { companyId, flow, requestedAt: now }, update: { requestedAt: now } });
  }
  if (inngestConfigured()) {
    const [{ inngest }, { COMPANY_SYNC_REQUESTED }] = await Promise.all([import("@/server/jobs/client"), import("@/server/jobs/events")]);
    await inngest.send({ name: COMPANY_SYNC_REQUESTED, data: { companyId, flowIds } });
  }
}
