// Holds that end by themselves. A document whose supplier (or invoice) has not reached Sage 100 yet waits on that
// record (ledger/waiting-on.ts: the engine releases it once that record has synced). A payment waiting for a sync
// setting (the unapplied-cash account) goes back when the setting has a value. Checked at the start of each run: one
// statement each, cheap when nothing waits. Holds for a closed period go back once the company turns on re-dating.
import { db } from "@/server/db";
import { hold, type Hold } from "../engine/flow";
import type { FlowRun } from "../engine/flow-run";
import { waitOn } from "../ledger/waiting-on";
import type { ModelName } from "@/server/domain/model";

export const SETTING_MISSING = "SETTING_MISSING";

/** Waiting for the KashFlow record `kashflowId` of `model` to reach Sage 100 (be linked to its counterpart there). */
export const waitForLink = (model: ModelName, kashflowId: string, message: string): Hold =>
  waitOn({ system: "KASHFLOW", model, externalId: kashflowId }, message);

type SettingPath = "payments.unappliedCashAccount" | "payments.fxDifferenceAccount";

export const waitForSetting = (path: SettingPath, message: string): Hold =>
  hold(SETTING_MISSING, message, `setting:${path}`);

function settingValue(ctx: FlowRun, path: SettingPath): string {
  const [group, key] = path.split(".") as ["payments", "unappliedCashAccount" | "fxDifferenceAccount"];
  return ctx.settings[group][key];
}

/** Releases this flow's held records whose setting has since arrived (or whose closed period may be re-dated); returns how many. */
export async function releaseWaiting(ctx: FlowRun, model: ModelName): Promise<number> {
  const filled = (["payments.unappliedCashAccount", "payments.fxDifferenceAccount"] as const).filter(
    (p) => settingValue(ctx, p) !== "",
  );
  const set = filled.length
    ? await db.syncRecord.updateMany({
        where: {
          companyId: ctx.companyId,
          model,
          status: "HELD",
          errorCode: SETTING_MISSING,
          errorField: { in: filled.map((p) => `setting:${p}`) },
        },
        data: { status: "PENDING", attempts: 0, nextAttemptAt: null, heldBy: null },
      })
    : { count: 0 };
  // Re-dating out of closed periods switched on: what was held for a closed period can go now.
  const redated = ctx.settings.sage100.redateClosedPeriod
    ? await db.syncRecord.updateMany({
        where: { companyId: ctx.companyId, model, status: "HELD", errorCode: "PERIOD_CLOSED" },
        data: { status: "PENDING", attempts: 0, nextAttemptAt: null, heldBy: null },
      })
    : { count: 0 };
  return set.count + redated.count;
}
