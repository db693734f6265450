// Refused agent requests go to the audit log of the company they concern (when one is known) and to the server log.
// One audit row per agent, reason and 10-minute window, counting its refusals: a flood of bad requests cannot bury
// the log (or fill the table). The row's id is derived from that key, so concurrent instances add to one row.
import { createHash } from "node:crypto";
import { db } from "@/server/db";

export const REFUSAL_WINDOW_MS = 10 * 60_000;

export type Refusal = {
  action: "sage100.agent_refused" | "sage100.pairing_refused";
  /** What the audit row says (the latest one's, when several are counted together). */
  reason: string;
  /** A stable reason code refusals are counted under; defaults to `reason`. */
  code?: string;
  company?: { id: string; orgId: string } | null;
  agentId?: string | null;
  details?: Record<string, string | number | null>;
};

export async function recordRefusal(refusal: Refusal, now = new Date()): Promise<void> {
  console.warn(`[sage100] ${refusal.action}: ${refusal.reason}${refusal.agentId ? ` (agent ${refusal.agentId})` : ""}`);
  if (!refusal.company) return; // an unknown token or code names no tenant: the server log is all there is
  const windowStart = new Date(Math.floor(now.getTime() / REFUSAL_WINDOW_MS) * REFUSAL_WINDOW_MS);
  const key = [
    refusal.action,
    refusal.company.id,
    refusal.agentId ?? "",
    refusal.code ?? refusal.reason,
    windowStart.toISOString(),
  ];
  const id = `refusal_${createHash("sha256").update(key.join("|")).digest("hex").slice(0, 32)}`;
  const details = {
    reason: refusal.reason,
    ...(refusal.details ?? {}),
    count: 1,
    windowMinutes: REFUSAL_WINDOW_MS / 60_000,
    lastAt: now.toISOString(),
  };
  // Later refusals in the window keep the first's time, take the latest details and add one to the count.
  await db.$executeRaw`
    INSERT INTO "AuditLog" (id, "orgId", "companyId", action, "targetType", "targetId", details, "createdAt")
    VALUES (${id}, ${refusal.company.orgId}, ${refusal.company.id}, ${refusal.action},
      ${refusal.agentId ? "Sage100Agent" : "Sage100PairingCode"}, ${refusal.agentId ?? null},
      ${JSON.stringify(details)}::jsonb, ${now})
    ON CONFLICT (id) DO UPDATE SET details = "AuditLog".details || EXCLUDED.details
      || jsonb_build_object('count', COALESCE(("AuditLog".details->>'count')::int, 1) + 1)`.catch((error: unknown) =>
    console.error(`[sage100] could not audit a refusal: ${String(error)}`),
  );
}
