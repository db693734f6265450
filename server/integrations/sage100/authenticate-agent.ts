// Who is calling /api/agent/*: the bearer token -> the active agent and its company. Unknown and revoked tokens are
// refused (and a revoked one is audited in its company's log).
import { AppError } from "@/lib/errors";
import { db } from "@/server/db";
import { hashAgentToken } from "./agent-tokens";
import { recordRefusal } from "./refusals";

/** How stale lastSeenAt may get before a request writes it again. */
export const LAST_SEEN_RESOLUTION_MS = 5_000;

export type AuthenticatedAgent = { agentId: string; companyId: string; orgId: string; paused: boolean; sandbox: boolean };

export async function authenticateAgent(authorization: string | null, context: { path: string }): Promise<AuthenticatedAgent> {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1];
  if (!token) throw new AppError("UNAUTHORIZED", "Missing agent token: send Authorization: Bearer <token> (pair the agent first).");
  const agent = await db.sage100Agent.findUnique({
    where: { tokenHash: hashAgentToken(token) },
    select: { id: true, companyId: true, revokedAt: true, pausedAt: true, sandbox: true, lastSeenAt: true, company: { select: { id: true, orgId: true } } },
  });
  if (!agent) {
    await recordRefusal({ action: "sage100.agent_refused", reason: "unknown agent token", details: { path: context.path } });
    throw new AppError("UNAUTHORIZED", "This agent token is not known to Ledgerlink. Pair the agent again with a new code.");
  }
  if (agent.revokedAt) {
    await recordRefusal({ action: "sage100.agent_refused", reason: "revoked agent token", company: agent.company, agentId: agent.id, details: { path: context.path } });
    throw new AppError("UNAUTHORIZED", "This agent was revoked or replaced on the company page. Pair it again with a new code.");
  }
  // "Seen" only needs to be fresh to a few seconds (online means heard from within a minute): not a write per request.
  if (!agent.lastSeenAt || Date.now() - agent.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) await db.sage100Agent.update({ where: { id: agent.id }, data: { lastSeenAt: new Date() } });
  return { agentId: agent.id, companyId: agent.companyId, orgId: agent.company.orgId, paused: agent.pausedAt !== null, sandbox: agent.sandbox };
}
