// Which (company, flow) pairs should run now: LIVE companies (a person pressed Start syncing) with both systems connected, flows not paused,
// whose next run is due, that someone asked to "Sync now", or that a Sage 100 change batch they read woke.
import { db } from "@/server/db";
import { scheduled } from "../scheduled";
import { parseSyncSettings } from "../settings";
import { inngestConfigured } from "./mode";
import { wakeRunner } from "./wake";

export type DueFlow = { companyId: string; flowId: string };
/** A due flow with what the runner orders by: its place in the catalogue and since when it is due (ms). */
export type DueRun = DueFlow & { order: number; dueAt: number };
/** A flow not due yet, and when it will be (ms): the in-process runner wakes for it; the Inngest cron schedules it. */
export type UpcomingRun = DueFlow & { at: number };

export async function syncableCompanyIds(companyIds?: readonly string[]): Promise<string[]> {
  const companies = await db.company.findMany({
    where: {
      ...(companyIds ? { id: { in: [...companyIds] } } : {}),
      status: "LIVE",
      kashflowConnection: { status: "CONNECTED" },
      sage100Agents: { some: { activeCompanyId: { not: null }, revokedAt: null } },
    },
    select: { id: true },
  });
  return companies.map((c) => c.id);
}

export async function dueFlows(now = new Date()): Promise<DueFlow[]> {
  return (await findDueFlows(now)).due.map(({ companyId, flowId }) => ({ companyId, flowId }));
}

/**
 * The due flows (of the given companies, or of all), company by company in catalogue order, and the flows that fall
 * due within `horizonMs` after now.
 */
export async function findDueFlows(
  now = new Date(),
  o: { companyIds?: readonly string[]; horizonMs?: number } = {},
): Promise<{ due: DueRun[]; upcoming: UpcomingRun[] }> {
  const companyIds = await syncableCompanyIds(o.companyIds);
  // The flows in catalogue order, then the tasks of their own (the tie-out): the runners start them in this order.
  const units = scheduled();
  if (companyIds.length === 0 || units.length === 0) return { due: [], upcoming: [] };
  const states = await db.syncState.findMany({ where: { companyId: { in: companyIds } } });
  const settings = await db.syncSettings.findMany({ where: { companyId: { in: companyIds } } });
  // Read through the schema: a company with no settings row has the default flows off (stock into KashFlow).
  const pausedBy = new Map(settings.map((s) => [s.companyId, pausedFlowsOf(s.settings)]));
  const defaultPaused = pausedFlowsOf({});
  const stateOf = new Map(states.map((s) => [`${s.companyId}|${s.flow}`, s]));
  const arrived = await changesArrived(companyIds, units);
  const horizon = now.getTime() + (o.horizonMs ?? 0);
  const due: DueRun[] = [];
  const upcoming: UpcomingRun[] = [];
  for (const companyId of companyIds) {
    for (const [order, flow] of units.entries()) {
      if ((pausedBy.get(companyId) ?? defaultPaused).has(flow.id)) continue;
      const state = stateOf.get(`${companyId}|${flow.id}`);
      if (state?.paused) continue;
      if (state?.leaseUntil && state.leaseUntil > now) continue;
      const scheduled = !state || state.requestedAt || !state.nextRunAt || state.nextRunAt <= now;
      // A change batch that arrived after the flow's last run began wakes it now (one it failed on waits its turn).
      const wokenAt = Math.max(0, ...(flow.wakeOn ?? []).map((table) => arrived.get(`${companyId}|${table}`) ?? 0));
      const woken = wokenAt > (state?.runStartedAt?.getTime() ?? 0);
      if (scheduled || woken) {
        const dueAt = Math.min(
          state?.requestedAt?.getTime() ?? Infinity,
          state?.nextRunAt?.getTime() ?? 0,
          woken ? wokenAt : Infinity,
        );
        due.push({ companyId, flowId: flow.id, order, dueAt });
      } else if (state?.nextRunAt && state.nextRunAt.getTime() <= horizon) {
        upcoming.push({ companyId, flowId: flow.id, at: state.nextRunAt.getTime() });
      }
    }
  }
  return { due, upcoming };
}

/** The flows a Sage 100 change batch of these tables wakes for a company: syncable, switched on, not paused. */
export async function wokenFlows(companyId: string, tables: readonly string[]): Promise<DueFlow[]> {
  const flows = scheduled().filter((f) => f.wakeOn?.some((t) => tables.includes(t)));
  if (flows.length === 0 || (await syncableCompanyIds([companyId])).length === 0) return [];
  const [row, states] = await Promise.all([
    db.syncSettings.findUnique({ where: { companyId } }),
    db.syncState.findMany({
      where: { companyId, flow: { in: flows.map((f) => f.id) }, paused: true },
      select: { flow: true },
    }),
  ]);
  const off = new Set([...pausedFlowsOf(row?.settings ?? {}), ...states.map((s) => s.flow)]);
  return flows.filter((f) => !off.has(f.id)).map((f) => ({ companyId, flowId: f.id }));
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
async function changesArrived(companyIds: string[], units: ReturnType<typeof scheduled>): Promise<Map<string, number>> {
  const tables = [...new Set(units.flatMap((f) => f.wakeOn ?? []))];
  if (tables.length === 0) return new Map();
  const rows = await db.sage100ChangeBatch.groupBy({
    by: ["companyId", "sageTable"],
    where: { companyId: { in: companyIds }, processedAt: null, sageTable: { in: tables } },
    _max: { receivedAt: true },
  });
  return new Map(rows.map((r) => [`${r.companyId}|${r.sageTable}`, r._max.receivedAt?.getTime() ?? 0]));
}

/** "Sync now": the runs start at once (the in-process runner is woken; under Inngest, an event). */
export async function requestSync(companyId: string, flowIds: string[] = scheduled().map((f) => f.id)): Promise<void> {
  const requestedAt = new Date();
  // A flow already asked for keeps its place in line: pressing "Sync now" again must not push it back.
  await db.syncState.updateMany({
    where: { companyId, flow: { in: flowIds }, requestedAt: null },
    data: { requestedAt },
  });
  await db.syncState.createMany({
    data: flowIds.map((flow) => ({ companyId, flow, requestedAt })),
    skipDuplicates: true,
  });
  if (!inngestConfigured()) wakeRunner({ companyId });
  else {
    const [{ inngest }, { COMPANY_SYNC_REQUESTED }] = await Promise.all([
      import("@/server/jobs/client"),
      import("@/server/jobs/events"),
    ]);
    await inngest.send({ name: COMPANY_SYNC_REQUESTED, data: { companyId, flowIds } });
  }
}
