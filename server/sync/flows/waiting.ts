// Holds that end by themselves. A document whose supplier (or invoice) has not reached Sage 100 yet waits HELD with
// the reason, rather than failing into backoff and dying, and goes back to PENDING when that record is linked. A
// payment waiting for a sync setting (the unapplied-cash account) goes back when the setting has a value. Checked
// at the start of each run: one statement each, cheap when nothing waits. Holds for a closed period go back once the
// company turns on re-dating to the first open day.
import { db } from "@/server/db";
import { hold, type Hold } from "../engine/flow";
import type { FlowRun } from "../engine/flow-run";
import type { ModelName } from "@/server/domain/model";

export const WAITING_FOR_RECORD = "WAITING_FOR_RECORD";
export const SETTING_MISSING = "SETTING_MISSING";

/** Waiting for the KashFlow record `kashflowId` of `model` to be linked to its Sage 100 counterpart. */
export const waitForLink = (model: ModelName, kashflowId: string, message: string): Hold => hold(WAITING_FOR_RECORD, message, `wait:${model}:${kashflowId}`);

type SettingPath = "payments.unappliedCashAccount" | "payments.fxDifferenceAccount";

export const waitForSetting = (path: SettingPath, message: string): Hold => hold(SETTING_MISSING, message, `setting:${path}`);

function settingValue(ctx: FlowRun, path: SettingPath): string {
  const [group, key] = path.split(".") as ["payments", "unappliedCashAccount" | "fxDifferenceAccount"];
  return ctx.settings[group][key];
}

/** Releases this flow's held records whose link or setting has since arrived; returns how many. */
export async function releaseWaiting(ctx: FlowRun, model: ModelName): Promise<number> {
  const linked = await db.$executeRaw`
    UPDATE "SyncRecord" AS r SET "status" = 'PENDING'::"SyncRecordStatus", "attempts" = 0, "nextAttemptAt" = NULL, "heldBy" = NULL, "updatedAt" = now()
    WHERE r."companyId" = ${ctx.companyId} AND r."model" = ${model} AND r."status" = 'HELD'::"SyncRecordStatus" AND r."errorCode" = ${WAITING_FOR_RECORD}
      AND EXISTS (SELECT 1 FROM "EntityLink" AS l WHERE l."companyId" = r."companyId" AND 'wait:' || l."model" || ':' || l."kashflowId" = r."errorField")`;
  const filled = (["payments.unappliedCashAccount", "payments.fxDifferenceAccount"] as const).filter((p) => settingValue(ctx, p) !== "");
  const set = filled.length
    ? await db.syncRecord.updateMany({
        where: { companyId: ctx.companyId, model, status: "HELD", errorCode: SETTING_MISSING, errorField: { in: filled.map((p) => `setting:${p}`) } },
        data: { status: "PENDING", attempts: 0, nextAttemptAt: null, heldBy: null },
      })
    : { count: 0 };
  // Re-dating out of closed periods switched on: what was held for a closed period can go now.
  const redated = ctx.settings.sage100.redateClosedPeriod
    ? await db.syncRecord.updateMany({ where: { companyId: ctx.companyId, model, status: "HELD", errorCode: "PERIOD_CLOSED" }, data: { status: "PENDING", attempts: 0, nextAttemptAt: null, heldBy: null } })
    : { count: 0 };
  return linked + set.count + redated.count;
}
