// Start syncing: an owner or admin takes a company in set-up live. Every blocking line of the set-up checklist must
// be done (else refused, naming what is missing), and the plan must cover one more pair (else refused with reason
// PlanLimitReached; with `addPair` on Growth/Practice an owner raises the quantity first); the company goes LIVE in
// one audited transaction, and every flow is asked to run at once.
import { AppError } from "@/lib/errors";
import { transaction } from "@/server/db";
import { addPairIfNeeded } from "@/server/services/billing/add-pair";
import { assertPairCovered, lockBillingAccount } from "@/server/services/billing/entitlements";
import { markLive } from "@/server/services/companies/lifecycle";
import { requestSync } from "@/server/sync/runner/due-flows";
import { getChecklist, type Checklist } from "./checklist";

export async function startSyncing(o: {
  orgId: string;
  companyId: string;
  userId: string;
  /** The person confirmed one more paid pair (Growth, Practice). */
  addPair?: boolean;
  /** Whether this person may spend the organization's money (billing.manage). */
  canManageBilling?: boolean;
}): Promise<Checklist> {
  if (o.addPair) {
    // Only a company that would otherwise go live gets a paid pair added for it.
    const before = await getChecklist(o);
    if (before.status === "SETTING_UP" && before.ready)
      await addPairIfNeeded({ ...o, change: "go-live", canManageBilling: o.canManageBilling ?? false });
  }
  await transaction(async (tx) => {
    // The org's billing row before the company (the order billing's own pausing takes): no deadlock between them.
    await lockBillingAccount(tx, o.orgId);
    // Row lock first: two people pressing Start at once, or Start beside a settings change, end in one order.
    const locked = await tx.$queryRaw<
      { id: string }[]
    >`SELECT "id" FROM "Company" WHERE "id" = ${o.companyId} AND "orgId" = ${o.orgId} FOR UPDATE`;
    if (locked.length === 0) throw AppError.notFound("Company");
    const checklist = await getChecklist(o, tx);
    if (checklist.status !== "SETTING_UP") {
      throw new AppError(
        "PRECONDITION_FAILED",
        checklist.status === "LIVE"
          ? "This company is already syncing."
          : "Only a company in set-up can start syncing; resume a paused one instead.",
        { reason: "NotSettingUp" },
      );
    }
    if (!checklist.ready) {
      throw new AppError("PRECONDITION_FAILED", `Before syncing starts: ${checklist.missing.join("; ")}.`, {
        reason: "SetupIncomplete",
        fieldErrors: { setup: checklist.missing },
      });
    }
    await assertPairCovered(tx, { orgId: o.orgId, change: "go-live" });
    await markLive(o, tx);
  });
  await requestSync(o.companyId);
  return getChecklist(o);
}
