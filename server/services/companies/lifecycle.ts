// A company's lifecycle: SETTING_UP (reads only) → LIVE (a person pressed Start syncing) ⇄ PAUSED (a person,
// period-end, a revoked agent, later billing). Every change is audited with who and why; nothing else sets status.
import { AppError } from "@/lib/errors";
import { transaction, type DbOrTx } from "@/server/db";
import type { PauseReason } from "@/server/generated/prisma/enums";
import { recordAudit } from "@/server/services/audit";

type Scope = { orgId: string; companyId: string; userId: string | null };

export const PAUSE_REASON_LABELS: Record<PauseReason, string> = {
  PERSON: "Paused by a person",
  PERIOD_END: "Paused for period-end (the Sage 100 agent is paused)",
  AGENT_REVOKED: "Paused: the Sage 100 agent was revoked",
  BILLING: "Paused: the plan does not cover this company",
};

async function companyOf(tx: DbOrTx, o: Scope) {
  // Row lock: two people pressing Start and Pause at once end in one order, not a mix.
  const rows = await tx.$queryRaw<{ id: string; status: string; pauseReason: PauseReason | null }[]>`
    SELECT "id", "status"::text AS "status", "pauseReason" FROM "Company" WHERE "id" = ${o.companyId} AND "orgId" = ${o.orgId} FOR UPDATE`;
  const company = rows[0];
  if (!company) throw AppError.notFound("Company");
  return company;
}

/** SETTING_UP → LIVE. The checks of what must be ready live with the set-up checklist (its caller). */
export async function markLive(o: Scope, tx: DbOrTx) {
  const company = await companyOf(tx, o);
  if (company.status !== "SETTING_UP") {
    throw new AppError(
      "PRECONDITION_FAILED",
      company.status === "LIVE"
        ? "This company is already syncing."
        : "Only a company in set-up can start syncing; resume a paused one instead.",
      { reason: "NotSettingUp" },
    );
  }
  const now = new Date();
  await tx.company.update({
    where: { id: o.companyId },
    data: {
      status: "LIVE",
      wentLiveAt: now,
      wentLiveById: o.userId,
      pausedAt: null,
      pausedById: null,
      pauseReason: null,
      pauseNote: null,
    },
  });
  await recordAudit(tx, {
    orgId: o.orgId,
    companyId: o.companyId,
    actorUserId: o.userId,
    action: "company.went_live",
    targetType: "Company",
    targetId: o.companyId,
  });
  return { status: "LIVE" as const, wentLiveAt: now };
}

/** LIVE → PAUSED with a reason. Pausing a company in set-up is refused (it writes nothing anyway). */
export async function pauseCompany(o: Scope & { reason: PauseReason; note?: string | null }, db?: DbOrTx) {
  const run = async (tx: DbOrTx) => {
    const company = await companyOf(tx, o);
    if (company.status === "PAUSED") return { status: "PAUSED" as const, changed: false };
    if (company.status !== "LIVE") {
      if (o.reason === "PERSON")
        throw new AppError("PRECONDITION_FAILED", "Only a company that is syncing can be paused.", {
          reason: "NotLive",
        });
      return { status: company.status, changed: false };
    }
    await tx.company.update({
      where: { id: o.companyId },
      data: {
        status: "PAUSED",
        pausedAt: new Date(),
        pausedById: o.userId,
        pauseReason: o.reason,
        pauseNote: o.note ?? null,
      },
    });
    await recordAudit(tx, {
      orgId: o.orgId,
      companyId: o.companyId,
      actorUserId: o.userId,
      action: "company.paused",
      targetType: "Company",
      targetId: o.companyId,
      details: { reason: o.reason, note: o.note ?? null },
    });
    return { status: "PAUSED" as const, changed: true };
  };
  return db ? run(db) : transaction(run);
}

/**
 * PAUSED → LIVE. A person may resume any pause but billing's; `onlyReason` lets a system resume only what it paused
 * (the agent resuming after period-end does not undo a person's pause).
 */
export async function resumeCompany(o: Scope & { onlyReason?: PauseReason }, db?: DbOrTx) {
  const run = async (tx: DbOrTx) => {
    const company = await companyOf(tx, o);
    if (company.status !== "PAUSED") {
      if (o.onlyReason) return { status: company.status, changed: false };
      throw new AppError("PRECONDITION_FAILED", "This company is not paused.", { reason: "NotPaused" });
    }
    if (o.onlyReason && company.pauseReason !== o.onlyReason) return { status: "PAUSED" as const, changed: false };
    if (!o.onlyReason && company.pauseReason === "BILLING") {
      throw new AppError("PRECONDITION_FAILED", "This company is paused by billing: update the plan to resume it.", {
        reason: "PausedByBilling",
      });
    }
    await tx.company.update({
      where: { id: o.companyId },
      data: { status: "LIVE", pausedAt: null, pausedById: null, pauseReason: null, pauseNote: null },
    });
    await recordAudit(tx, {
      orgId: o.orgId,
      companyId: o.companyId,
      actorUserId: o.userId,
      action: "company.resumed",
      targetType: "Company",
      targetId: o.companyId,
      details: { was: company.pauseReason },
    });
    return { status: "LIVE" as const, changed: true };
  };
  return db ? run(db) : transaction(run);
}
