// Where failures that need a person are announced. Today: the audit log and the server log; email alerts
// subscribe here when they arrive (one hook, every runner calls it).
import { db } from "@/server/db";
import { recordAudit } from "@/server/services/audit";

export type FlowFailure = { companyId: string; flowId: string; error: string };
type Listener = (failure: FlowFailure) => Promise<void>;

const listeners: Listener[] = [];

export function onFlowFailed(listener: Listener): void {
  listeners.push(listener);
}

export async function alertFlowFailed(failure: FlowFailure): Promise<void> {
  console.error(`[sync] ${failure.flowId} failed for company ${failure.companyId}: ${failure.error}`);
  const company = await db.company.findUnique({ where: { id: failure.companyId }, select: { orgId: true } });
  if (company) {
    await recordAudit(db, { orgId: company.orgId, companyId: failure.companyId, action: "sync.flow_failed", targetType: "SyncState", targetId: failure.flowId, details: { flow: failure.flowId, error: failure.error } });
  }
  for (const listener of listeners) await listener(failure).catch((e: unknown) => console.error(`[sync] alert listener failed: ${String(e)}`));
}
