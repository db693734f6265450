// The company's agent as the company page sees it (status, revoke, pause) and as the agent reports itself
// (heartbeats).
import { AppError } from "@/lib/errors";
import { pauseCompany, resumeCompany } from "@/server/services/companies/lifecycle";
import { db, transaction } from "@/server/db";
import { recordAudit } from "@/server/services/audit";
import type { HeartbeatRequest } from "@/agent/src/protocol";
import { HEARTBEAT_INTERVAL_MS, ONLINE_WITHIN_MS } from "./agent-limits";
import type { AuthenticatedAgent } from "./authenticate-agent";

async function requireCompany(orgId: string, companyId: string) {
  const company = await db.company.findFirst({ where: { id: companyId, orgId }, select: { id: true } });
  if (!company) throw AppError.notFound("Company");
}

export async function getAgentStatus({ orgId, companyId, now = new Date() }: { orgId: string; companyId: string; now?: Date }) {
  await requireCompany(orgId, companyId);
  const agent = await db.sage100Agent.findUnique({
    where: { activeCompanyId: companyId },
    select: {
      id: true, hostname: true, version: true, driver: true, sageCompany: true, state: true, sandbox: true, lastError: true, lastErrorAt: true,
      lastHeartbeatAt: true, lastSeenAt: true, pausedAt: true, createdAt: true,
    },
  });
  const queued = await db.sage100Command.groupBy({ by: ["status"], where: { companyId, status: { in: ["QUEUED", "LEASED"] } }, _count: { _all: true } });
  const counts = Object.fromEntries(queued.map((q) => [q.status, q._count._all]));
  if (!agent) return { agent: null, online: false, heartbeatAgeSeconds: null, queued: counts.QUEUED ?? 0, leased: counts.LEASED ?? 0 };
  const lastHeard = Math.max(agent.lastHeartbeatAt?.getTime() ?? 0, agent.lastSeenAt?.getTime() ?? 0);
  const online = lastHeard > 0 && now.getTime() - lastHeard < ONLINE_WITHIN_MS;
  return {
    agent,
    online,
    heartbeatAgeSeconds: agent.lastHeartbeatAt ? Math.max(0, Math.round((now.getTime() - agent.lastHeartbeatAt.getTime()) / 1000)) : null,
    queued: counts.QUEUED ?? 0,
    leased: counts.LEASED ?? 0,
  };
}

/** Revokes the company's active agent: its token stops working at once; commands it holds go back to the queue. */
export async function revokeAgent({ orgId, companyId, userId }: { orgId: string; companyId: string; userId: string }) {
  return transaction(async (tx) => {
    const company = await tx.company.findFirst({ where: { id: companyId, orgId }, select: { id: true } });
    if (!company) throw AppError.notFound("Company");
    const agent = await tx.sage100Agent.findUnique({ where: { activeCompanyId: companyId }, select: { id: true, hostname: true, sandbox: true } });
    if (!agent) throw new AppError("PRECONDITION_FAILED", "No agent is paired with this company.");
    await tx.sage100Agent.update({ where: { id: agent.id }, data: { activeCompanyId: null, revokedAt: new Date(), revokedById: userId } });
    await tx.sage100Command.updateMany({ where: { companyId, status: "LEASED", agentId: agent.id }, data: { status: "QUEUED", leaseExpiresAt: null } });
    await recordAudit(tx, { orgId, companyId, actorUserId: userId, action: "sage100.agent_revoked", targetType: "Sage100Agent", targetId: agent.id, details: { hostname: agent.hostname } });
    // Nothing reaches Sage 100 without an agent: a live company says so, and a person resumes it after pairing again.
    await pauseCompany({ orgId, companyId, userId, reason: "AGENT_REVOKED" }, tx);
    return { agentId: agent.id, sandbox: agent.sandbox };
  });
}

/** Pause for period-end: the agent closes its Sage sessions and leases nothing until resumed. */
export async function setAgentPaused({ orgId, companyId, userId, paused }: { orgId: string; companyId: string; userId: string; paused: boolean }) {
  return transaction(async (tx) => {
    const company = await tx.company.findFirst({ where: { id: companyId, orgId }, select: { id: true } });
    if (!company) throw AppError.notFound("Company");
    const agent = await tx.sage100Agent.findUnique({ where: { activeCompanyId: companyId }, select: { id: true } });
    if (!agent) throw new AppError("PRECONDITION_FAILED", "No agent is paired with this company.");
    await tx.sage100Agent.update({ where: { id: agent.id }, data: { pausedAt: paused ? new Date() : null } });
    await recordAudit(tx, { orgId, companyId, actorUserId: userId, action: paused ? "sage100.agent_paused" : "sage100.agent_resumed", targetType: "Sage100Agent", targetId: agent.id });
    // Period-end pauses the whole company (shown as such everywhere); resuming the agent undoes only that pause.
    if (paused) await pauseCompany({ orgId, companyId, userId, reason: "PERIOD_END" }, tx);
    else await resumeCompany({ orgId, companyId, userId, onlyReason: "PERIOD_END" }, tx);
    return { paused };
  });
}

export async function recordHeartbeat(agent: AuthenticatedAgent, beat: HeartbeatRequest) {
  const now = new Date();
  await db.sage100Agent.update({
    where: { id: agent.agentId },
    data: {
      hostname: beat.hostname,
      version: beat.agentVersion,
      driver: beat.driver,
      sageCompany: beat.sageCompany?.toUpperCase() ?? null,
      state: beat.state,
      lastError: beat.lastError?.message ?? null,
      lastErrorAt: beat.lastError ? new Date(beat.lastError.at) : null,
      lastHeartbeatAt: now,
      lastSeenAt: now,
    },
  });
  return { paused: agent.paused, serverTime: now.toISOString(), heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS };
}
