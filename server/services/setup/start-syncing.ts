// Start syncing: an owner or admin takes a company in set-up live. Every blocking line of the set-up checklist must
// be done (else refused, naming what is missing); the company goes LIVE in one audited transaction, and every flow
// is asked to run at once.
import { AppError } from "@/lib/errors";
import { transaction } from "@/server/db";
import { markLive } from "@/server/services/companies/lifecycle";
import { requestSync } from "@/server/sync/runner/due-flows";
import { getChecklist, type Checklist } from "./checklist";

export async function startSyncing(o: { orgId: string; companyId: string; userId: string }): Promise<Checklist> {
  await transaction(async (tx) => {
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
    await markLive(o, tx);
  });
  await requestSync(o.companyId);
  return getChecklist(o);
}
