// Revoking and pausing the company's agent from the company page: the agent's row and its leased commands, and the
// company's own pause that follows (no agent, or period-end), in one transaction.
import { AppError } from "@/lib/errors";
import { transaction } from "@/server/db";
import { recordAudit } from "@/server/services/audit";
import { pauseCompany, resumeCompany } from "@/server/services/companies/lifecycle";

/** Revokes the company's active agent: its token stops working at once; commands it holds go back to the queue. */
export async function revokeAgent({ orgId, companyId, userId }: { orgId: string; companyId: string; userId: string }) {
  return transaction(async (tx) => {
    const company = await tx.company.findFirst({ where: { id: companyId, orgId }, select: { id: true } });
    if (!company) throw AppError.notFound("Company");
    const agent = await tx.sage100Agent.findUnique({
      where: { activeCompanyId: companyId },
      select: { id: true, hostname: true, sandbox: true },
    });
    if (!agent) throw new AppError("PRECONDITION_FAILED", "No agent is paired with this company.");
    await tx.sage100Agent.update({
      where: { id: agent.id },
      data: { activeCompanyId: null, revokedAt: new Date(), revokedById: userId },
    });
    await tx.sage100Command.updateMany({
      where: { companyId, status: "LEASED", agentId: agent.id },
      data: { status: "QUEUED", leaseExpiresAt: null },
    });
    await recordAudit(tx, {
      orgId,
      companyId,
      actorUserId: userId,
      action: "sage100.agent_revoked",
      targetType: "Sage100Agent",
      targetId: agent.id,
      details: { hostname: agent.hostname },
    });
    // Nothing reaches Sage 100 without an agent: a live company says so, and a person resumes it after pairing again.
    await pauseCompany({ orgId, companyId, userId, reason: "AGENT_REVOKED" }, tx);
    return { agentId: agent.id, sandbox: agent.sandbox };
  });
}

/** Pause for period-end: the agent closes its Sage sessions and leases nothing until resumed. */
export async function setAgentPaused({
  orgId,
  companyId,
  userId,
  paused,
}: {
  orgId: string;
  companyId: string;
  userId: string;
  paused: boolean;
}) {
  return transaction(async (tx) => {
    const company = await tx.company.findFirst({ where: { id: companyId, orgId }, select: { id: true } });
    if (!company) throw AppError.notFound("Company");
    const agent = await tx.sage100Agent.findUnique({ where: { activeCompanyId: companyId }, select: { id: true } });
    if (!agent) throw new AppError("PRECONDITION_FAILED", "No agent is paired with this company.");
    await tx.sage100Agent.update({ where: { id: agent.id }, data: { pausedAt: paused ? new Date() : null } });
    await recordAudit(tx, {
      orgId,
      companyId,
      actorUserId: userId,
      action: paused ? "sage100.agent_paused" : "sage100.agent_resumed",
      targetType: "Sage100Agent",
      targetId: agent.id,
    });
    // Period-end pauses the whole company (shown as such everywhere); resuming the agent undoes only that pause.
    if (paused) await pauseCompany({ orgId, companyId, userId, reason: "PERIOD_END" }, tx);
    else await resumeCompany({ orgId, companyId, userId, onlyReason: "PERIOD_END" }, tx);
    return { paused };
  });
}
