// "Sync now": every flow of the company (or one) runs at the next tick of whichever runner is in charge.
import { AppError } from "@/lib/errors";
import { db } from "@/server/db";
import { requestSync } from "@/server/sync/runner/due-flows";
import { loadSyncSettings } from "@/server/sync/settings";
import { recordAudit } from "@/server/services/audit";
import { syncReadiness, type SyncScope } from "./company-scope";
import { flowCatalogue, flowInfo } from "./flow-catalogue";

export async function requestCompanySync(
  o: SyncScope & { userId: string; flow?: string },
): Promise<{ requested: string[] }> {
  const readiness = await syncReadiness(o);
  if (o.flow !== undefined && !flowInfo(o.flow))
    throw AppError.field("flow", "There is no such sync flow.", "NOT_FOUND");
  const candidates = o.flow ? [flowInfo(o.flow)!] : flowCatalogue();
  if (candidates.length === 0)
    throw new AppError("PRECONDITION_FAILED", "No sync flows are set up on this server yet.");
  if (!readiness.ready) throw new AppError("PRECONDITION_FAILED", `Cannot sync yet: ${readiness.problems.join(" ")}`);

  const [states, settings] = await Promise.all([
    db.syncState.findMany({
      where: { companyId: o.companyId, flow: { in: candidates.map((f) => f.id) } },
      select: { flow: true, paused: true },
    }),
    loadSyncSettings(o.companyId),
  ]);
  const paused = new Set([...states.filter((s) => s.paused).map((s) => s.flow), ...settings.pausedFlows]);
  const flows = candidates.filter((f) => !paused.has(f.id));
  if (flows.length === 0) {
    throw new AppError(
      "PRECONDITION_FAILED",
      o.flow ? `${candidates[0]!.label} is paused. Resume it first.` : "Every flow is paused. Resume one first.",
    );
  }

  // requestSync is the engine's own "Sync now": the in-process runner's next tick picks it up; under Inngest it
  // also sends the event that starts the runs at once.
  const flowIds = flows.map((f) => f.id);
  await requestSync(o.companyId, flowIds);
  await recordAudit(db, {
    orgId: o.orgId,
    companyId: o.companyId,
    actorUserId: o.userId,
    action: "sync.requested",
    targetType: "Company",
    targetId: o.companyId,
    details: { flows: flows.map((f) => f.label), ...(o.flow ? { flow: o.flow } : {}) },
  });
  return { requested: flowIds };
}
