// Pause or resume one flow for one company. SyncState.paused is the one switch: the runner skips a paused flow and
// the flow lease refuses to start it, whichever runner asks. settings.pausedFlows (read by the runner too) is
// only ever cleared here, so a resume always means the flow runs again.
import { AppError } from "@/lib/errors";
import { transaction, type Prisma } from "@/server/db";
import { parseSyncSettings } from "@/server/sync/settings";
import { recordAudit } from "@/server/services/audit";
import { requireSyncCompany, type SyncScope } from "./company-scope";
import { flowInfo } from "./flow-catalogue";

export async function setFlowPaused(
  o: SyncScope & { userId: string; flow: string; paused: boolean },
): Promise<{ flow: string; paused: boolean }> {
  const flow = flowInfo(o.flow);
  if (!flow) throw AppError.field("flow", "There is no such sync flow.", "NOT_FOUND");
  return transaction(async (tx) => {
    await requireSyncCompany(o, tx);
    const { companyId } = o;
    await tx.syncState.upsert({
      where: { companyId_flow: { companyId, flow: flow.id } },
      create: { companyId, flow: flow.id, paused: o.paused },
      update: { paused: o.paused },
    });
    if (!o.paused) {
      const row = await tx.syncSettings.findUnique({ where: { companyId } });
      const settings = parseSyncSettings(row?.settings);
      if (row && settings.pausedFlows.includes(flow.id)) {
        const next = { ...settings, pausedFlows: settings.pausedFlows.filter((f) => f !== flow.id) };
        await tx.syncSettings.update({ where: { companyId }, data: { settings: next as Prisma.InputJsonValue } });
      }
    }
    await recordAudit(tx, {
      orgId: o.orgId,
      companyId,
      actorUserId: o.userId,
      action: o.paused ? "sync.flow_paused" : "sync.flow_resumed",
      targetType: "SyncState",
      targetId: flow.id,
      details: { flow: flow.id, label: flow.label },
    });
    return { flow: flow.id, paused: o.paused };
  });
}
