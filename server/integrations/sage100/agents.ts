// The company's agent as the company page sees it (status) and as the agent reports itself (heartbeats). Revoking
// and pausing also pause the company: server/services/sage100/agent-control.ts.
import { AppError } from "@/lib/errors";
import { db } from "@/server/db";
import type { HeartbeatRequest } from "@/agent/src/protocol";
import { HEARTBEAT_INTERVAL_MS, ONLINE_WITHIN_MS } from "./agent-limits";
import type { AuthenticatedAgent } from "./authenticate-agent";

async function requireCompany(orgId: string, companyId: string) {
  const company = await db.company.findFirst({ where: { id: companyId, orgId }, select: { id: true } });
  if (!company) throw AppError.notFound("Company");
}

export async function getAgentStatus({
  orgId,
  companyId,
  now = new Date(),
}: {
  orgId: string;
  companyId: string;
  now?: Date;
}) {
  await requireCompany(orgId, companyId);
  const agent = await db.sage100Agent.findUnique({
    where: { activeCompanyId: companyId },
    select: {
      id: true,
      hostname: true,
      version: true,
      driver: true,
      sageCompany: true,
      state: true,
      sandbox: true,
      lastError: true,
      lastErrorAt: true,
      lastHeartbeatAt: true,
      lastSeenAt: true,
      pausedAt: true,
      createdAt: true,
    },
  });
  const queued = await db.sage100Command.groupBy({
    by: ["status"],
    where: { companyId, status: { in: ["QUEUED", "LEASED"] } },
    _count: { _all: true },
  });
  const counts = Object.fromEntries(queued.map((q) => [q.status, q._count._all]));
  if (!agent)
    return {
      agent: null,
      online: false,
      heartbeatAgeSeconds: null,
      queued: counts.QUEUED ?? 0,
      leased: counts.LEASED ?? 0,
    };
  const lastHeard = Math.max(agent.lastHeartbeatAt?.getTime() ?? 0, agent.lastSeenAt?.getTime() ?? 0);
  const online = lastHeard > 0 && now.getTime() - lastHeard < ONLINE_WITHIN_MS;
  return {
    agent,
    online,
    heartbeatAgeSeconds: agent.lastHeartbeatAt
      ? Math.max(0, Math.round((now.getTime() - agent.lastHeartbeatAt.getTime()) / 1000))
      : null,
    queued: counts.QUEUED ?? 0,
    leased: counts.LEASED ?? 0,
  };
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
