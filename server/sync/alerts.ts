// The audit trail of failed runs and new tie-out variances (and the server log), with hooks for code that wants to
// hear of them. People are told through alerts, which follow the health model (server/services/alerts/reconcile.ts).
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
    await recordAudit(db, {
      orgId: company.orgId,
      companyId: failure.companyId,
      action: "sync.flow_failed",
      targetType: "SyncState",
      targetId: failure.flowId,
      details: { flow: failure.flowId, error: failure.error },
    });
  }
  for (const listener of listeners)
    await listener(failure).catch((e: unknown) => console.error(`[sync] alert listener failed: ${String(e)}`));
}

export type TieOutVarianceAlert = {
  orgId: string;
  companyId: string;
  day: string;
  kind: string;
  label: string;
  currency: string;
  /** KashFlow's total minus Sage 100's, in minor units of `currency`. */
  varianceMinor: number;
  /** Documents that do not tie out that day, and the ones among them not reported before. */
  documents: number;
  newDocuments: string[];
};
type TieOutListener = (alert: TieOutVarianceAlert) => Promise<void>;

const tieOutListeners: TieOutListener[] = [];

export function onTieOutVariance(listener: TieOutListener): void {
  tieOutListeners.push(listener);
}

/** A day's tie-out found documents that differ between KashFlow and Sage 100 (raised once per new variance). */
export async function alertTieOutVariance(alert: TieOutVarianceAlert): Promise<void> {
  console.warn(
    `[sync] tie-out variance for company ${alert.companyId} on ${alert.day} (${alert.kind}): ${alert.varianceMinor} ${alert.currency} minor units over ${alert.documents} document(s); new: ${alert.newDocuments.join(", ")}`,
  );
  await recordAudit(db, {
    orgId: alert.orgId,
    companyId: alert.companyId,
    action: "sync.tie_out_variance",
    targetType: "TieOutDay",
    targetId: `${alert.day}:${alert.kind}`,
    details: {
      day: alert.day,
      kind: alert.kind,
      label: alert.label,
      currency: alert.currency,
      varianceMinor: alert.varianceMinor,
      documents: alert.documents,
      newDocuments: alert.newDocuments.slice(0, 20),
    },
  });
  for (const listener of tieOutListeners)
    await listener(alert).catch((e: unknown) => console.error(`[sync] alert listener failed: ${String(e)}`));
}
