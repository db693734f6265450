// Refused agent requests go to the audit log of the company they concern (when one is known) and to the server log.
import { db } from "@/server/db";
import { recordAudit } from "@/server/services/audit";

export type Refusal = {
  action: "sage100.agent_refused" | "sage100.pairing_refused";
  reason: string;
  company?: { id: string; orgId: string } | null;
  agentId?: string | null;
  details?: Record<string, string | number | null>;
};

export async function recordRefusal(refusal: Refusal): Promise<void> {
  console.warn(`[sage100] ${refusal.action}: ${refusal.reason}${refusal.agentId ? ` (agent ${refusal.agentId})` : ""}`);
  if (!refusal.company) return; // an unknown token or code names no tenant: the server log is all there is
  await recordAudit(db, {
    orgId: refusal.company.orgId,
    companyId: refusal.company.id,
    action: refusal.action,
    targetType: refusal.agentId ? "Sage100Agent" : "Sage100PairingCode",
    targetId: refusal.agentId ?? null,
    details: { reason: refusal.reason, ...(refusal.details ?? {}) },
  }).catch((error: unknown) => console.error(`[sage100] could not audit a refusal: ${String(error)}`));
}
