// The company sync dashboard in one read: per flow its last run, next run and stage; totals per model and status;
// how many first-connect matches wait for a person; and whether the runner can sync this company at all.
import { z } from "zod";
import { db } from "@/server/db";
import { SyncRecordStatus } from "@/server/generated/prisma/enums";
import { loadSyncSettings } from "@/server/sync/settings";
import { requireSyncCompany, syncReadiness, type SyncScope } from "./company-scope";
import { flowCatalogue, type FlowInfo } from "./flow-catalogue";

const runCounts = z.record(z.string(), z.number()).catch({});

export type FlowRun = {
  status: "IDLE" | "RUNNING" | "FAILED";
  /** A run holds the lease right now. */
  running: boolean;
  /** A run was cut off (its lease ran out without a finish): the next tick starts it again. */
  interrupted: boolean;
  stage: string | null;
  runStartedAt: Date | null;
  lastFinishedAt: Date | null;
  lastDurationMs: number | null;
  counts: Record<string, number>;
  lastError: string | null;
  nextRunAt: Date | null;
  requestedAt: Date | null;
};

export type FlowOverview = FlowInfo & { paused: boolean; run: FlowRun | null };
export type StatusCounts = Record<SyncRecordStatus, number>;
const RECORD_STATUSES = Object.values(SyncRecordStatus);

const emptyStatusCounts = (): StatusCounts => Object.fromEntries(RECORD_STATUSES.map((s) => [s, 0])) as StatusCounts;

export async function getSyncOverview(scope: SyncScope & { now?: Date }) {
  const now = scope.now ?? new Date();
  const company = await requireSyncCompany(scope);
  const { companyId } = scope;
  const [states, settings, grouped, openReviews, readiness] = await Promise.all([
    db.syncState.findMany({ where: { companyId } }),
    loadSyncSettings(companyId),
    db.syncRecord.groupBy({ by: ["model", "status"], where: { companyId }, _count: { _all: true } }),
    db.matchReview.count({ where: { companyId, resolvedAt: null } }),
    syncReadiness(scope),
  ]);

  const stateOf = new Map(states.map((s) => [s.flow, s]));
  const catalogue = flowCatalogue();
  // State rows of flows no longer registered still show, so nothing the runner did is hidden.
  const unknown: FlowInfo[] = states
    .filter((s) => !catalogue.some((f) => f.id === s.flow))
    .map((s) => ({
      id: s.flow,
      label: s.flow,
      model: "",
      source: "KASHFLOW",
      target: "SAGE100",
      direction: "",
      registered: false,
    }));

  const flows: FlowOverview[] = [...catalogue, ...unknown].map((flow) => {
    const s = stateOf.get(flow.id);
    const paused = Boolean(s?.paused) || settings.pausedFlows.includes(flow.id);
    if (!s) return { ...flow, paused, run: null };
    const leased = Boolean(s.leaseUntil && s.leaseUntil > now);
    const running = s.status === "RUNNING" && leased;
    const finishedAfterStart = Boolean(s.runFinishedAt && s.runStartedAt && s.runFinishedAt >= s.runStartedAt);
    return {
      ...flow,
      paused,
      run: {
        status: s.status === "RUNNING" || s.status === "FAILED" ? s.status : "IDLE",
        running,
        interrupted: s.status === "RUNNING" && !leased,
        stage: running ? s.stage : null,
        runStartedAt: s.runStartedAt,
        lastFinishedAt: s.runFinishedAt,
        lastDurationMs: finishedAfterStart ? s.runFinishedAt!.getTime() - s.runStartedAt!.getTime() : null,
        counts: runCounts.parse(s.counts),
        lastError: s.lastError,
        nextRunAt: s.nextRunAt,
        requestedAt: s.requestedAt,
      },
    };
  });

  const totals = emptyStatusCounts();
  const models = new Map<string, StatusCounts>();
  for (const g of grouped) {
    const status = g.status;
    totals[status] += g._count._all;
    if (!models.has(g.model)) models.set(g.model, emptyStatusCounts());
    models.get(g.model)![status] += g._count._all;
  }

  return {
    company: { name: company.name, timezone: company.timezone, status: company.status },
    readiness,
    flows,
    totals,
    byModel: [...models].map(([model, counts]) => ({ model, counts })).sort((a, b) => a.model.localeCompare(b.model)),
    openReviews,
  };
}

export type SyncOverview = Awaited<ReturnType<typeof getSyncOverview>>;
