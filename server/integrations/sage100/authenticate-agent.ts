// Who is calling /api/agent/*: the bearer token -> the active agent and its company. Unknown and revoked tokens are
// refused (and a revoked one is audited in its company's log).
import { AppError } from "@/lib/errors";
import { db } from "@/server/db";
import { hashAgentToken } from "./agent-tokens";
import { recordRefusal } from "./refusals";

/** How stale lastSeenAt may get before a request writes it again. */
export const LAST_SEEN_RESOLUTION_MS = 5_000;

export type AuthenticatedAgent = {
  agentId: string;
  companyId: string;
  orgId: string;
  paused: boolean;
  sandbox: boolean;
};

export async function authenticateAgent(
  authorization: string | null,
  context: { path: string },
): Promise<AuthenticatedAgent> {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1];
  if (!token)
    throw new AppError(
      "UNAUTHORIZED",
      "Missing agent token: send Authorization: Bearer <token> (pair the agent first).",
    );
  // One statement per request: the agent, its company's org, and "seen" refreshed only when it has gone stale (online
  // means heard from within a minute, so a write per request would be waste).
  const now = new Date();
  const [agent] = await db.$queryRaw<
    Array<{
      id: string;
      companyId: string;
      orgId: string;
      revokedAt: Date | null;
      pausedAt: Date | null;
      sandbox: boolean;
    }>
  >`
    WITH found AS (
      SELECT a.id, a."companyId", c."orgId", a."revokedAt", a."pausedAt", a.sandbox, a."lastSeenAt"
      FROM "Sage100Agent" a JOIN "Company" c ON c.id = a."companyId"
      WHERE a."tokenHash" = ${hashAgentToken(token)}
    ), seen AS (
      UPDATE "Sage100Agent" SET "lastSeenAt" = ${now}, "updatedAt" = ${now}
      WHERE id IN (SELECT id FROM found WHERE "revokedAt" IS NULL AND ("lastSeenAt" IS NULL OR "lastSeenAt" < ${new Date(now.getTime() - LAST_SEEN_RESOLUTION_MS)}))
    )
    SELECT id, "companyId", "orgId", "revokedAt", "pausedAt", sandbox FROM found`;
  if (!agent) {
    await recordRefusal({
      action: "sage100.agent_refused",
      reason: "unknown agent token",
      details: { path: context.path },
    });
    throw new AppError(
      "UNAUTHORIZED",
      "This agent token is not known to Ledgerlink. Pair the agent again with a new code.",
    );
  }
  const company = { id: agent.companyId, orgId: agent.orgId };
  if (agent.revokedAt) {
    await recordRefusal({
      action: "sage100.agent_refused",
      reason: "revoked agent token",
      company,
      agentId: agent.id,
      details: { path: context.path },
    });
    throw new AppError(
      "UNAUTHORIZED",
      "This agent was revoked or replaced on the company page. Pair it again with a new code.",
    );
  }
  return {
    agentId: agent.id,
    companyId: agent.companyId,
    orgId: agent.orgId,
    paused: agent.pausedAt !== null,
    sandbox: agent.sandbox,
  };
}
