// Pairing: a company page shows a short-lived one-time code; the agent trades it for a token. A new pairing
// replaces (revokes) the company's previous agent, so there is one active agent per company.
import { AppError } from "@/lib/errors";
import { db, transaction } from "@/server/db";
import { recordAudit } from "@/server/services/audit";
import type { z } from "zod";
import type { pairRequestSchema } from "@/agent/src/protocol";
import { PAIRING_CODE_TTL_MS } from "./agent-limits";
import { hashAgentToken, hashPairingCode, newAgentToken, newPairingCode } from "./agent-tokens";
import { recordRefusal } from "./refusals";

export async function createPairingCode(input: {
  orgId: string;
  companyId: string;
  userId: string | null;
  sandbox?: boolean;
}) {
  const { orgId, companyId, userId } = input;
  const code = newPairingCode();
  const expiresAt = new Date(Date.now() + PAIRING_CODE_TTL_MS);
  await transaction(async (tx) => {
    const company = await tx.company.findFirst({ where: { id: companyId, orgId }, select: { id: true } });
    if (!company) throw AppError.notFound("Company");
    // Only the newest code works: an older one left on a screen somewhere expires now.
    await tx.sage100PairingCode.updateMany({
      where: { companyId, usedAt: null, expiresAt: { gt: new Date() } },
      data: { expiresAt: new Date() },
    });
    await tx.sage100PairingCode.create({
      data: {
        companyId,
        codeHash: hashPairingCode(code),
        sandbox: input.sandbox ?? false,
        createdById: userId,
        expiresAt,
      },
    });
    if (!input.sandbox)
      await recordAudit(tx, {
        orgId,
        companyId,
        actorUserId: userId,
        action: "sage100.pairing_code_created",
        targetType: "Company",
        targetId: companyId,
        details: { expiresAt: expiresAt.toISOString() },
      });
  });
  return { code, expiresAt };
}

type PairRequest = z.infer<typeof pairRequestSchema>;

/** Exchanges a pairing code for a new agent and its token (returned once, stored hashed). */
export async function exchangePairingCode(
  request: PairRequest,
): Promise<{ agentId: string; token: string; company: { id: string; name: string; orgId: string } }> {
  const codeHash = hashPairingCode(request.code);
  const token = newAgentToken();
  const now = new Date();
  const paired = await transaction(async (tx) => {
    // Claiming the code and creating the agent is one step: a replayed or racing code finds it used.
    const claimed = await tx.sage100PairingCode.updateMany({
      where: { codeHash, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (claimed.count !== 1) return null;
    const code = await tx.sage100PairingCode.findUniqueOrThrow({
      where: { codeHash },
      include: { company: { select: { id: true, name: true, orgId: true } } },
    });
    const previous = await tx.sage100Agent.findUnique({
      where: { activeCompanyId: code.companyId },
      select: { id: true },
    });
    if (previous) {
      await tx.sage100Agent.update({ where: { id: previous.id }, data: { activeCompanyId: null, revokedAt: now } });
      await tx.sage100Command.updateMany({
        where: { companyId: code.companyId, status: "LEASED", agentId: previous.id },
        data: { status: "QUEUED", leaseExpiresAt: null },
      });
    }
    const agent = await tx.sage100Agent.create({
      data: {
        companyId: code.companyId,
        activeCompanyId: code.companyId,
        tokenHash: hashAgentToken(token),
        sandbox: code.sandbox,
        hostname: request.hostname,
        version: request.agentVersion,
        driver: request.driver,
        sageCompany: request.sageCompany?.toUpperCase() ?? null,
        pairedById: code.createdById,
      },
    });
    await tx.sage100PairingCode.update({ where: { id: code.id }, data: { agentId: agent.id } });
    await recordAudit(tx, {
      orgId: code.company.orgId,
      companyId: code.companyId,
      actorUserId: code.createdById,
      action: "sage100.agent_paired",
      targetType: "Sage100Agent",
      targetId: agent.id,
      details: {
        hostname: request.hostname,
        driver: request.driver,
        sandbox: code.sandbox,
        ...(previous ? { replacedAgentId: previous.id } : {}),
      },
    });
    return { agentId: agent.id, token, company: code.company };
  });
  if (paired) return paired;

  const known = await db.sage100PairingCode.findUnique({
    where: { codeHash },
    include: { company: { select: { id: true, orgId: true } } },
  });
  const reason = !known ? "unknown pairing code" : known.usedAt ? "pairing code already used" : "pairing code expired";
  await recordRefusal({
    action: "sage100.pairing_refused",
    reason,
    company: known?.company ?? null,
    details: { hostname: request.hostname.slice(0, 100) },
  });
  throw new AppError(
    "UNAUTHORIZED",
    known?.usedAt
      ? "This pairing code was already used. Create a new code on the company page."
      : known
        ? "This pairing code has expired. Create a new code on the company page."
        : "This pairing code is not valid. Check it, or create a new code on the company page.",
  );
}
