// The alerts tick under the in-process runner: every minute, the same runAlertsTick the Inngest cron calls, then the
// billing tick (trials and grace periods that ended), the same runBillingTick the billing-tick Inngest cron calls.
import { Cron } from "croner";
import { db } from "@/server/db";
import { describeTick, runAlertsTick } from "@/server/services/alerts/tick";
import { describeBillingTick, runBillingTick } from "@/server/services/billing/tick";

export type AlertsTicker = { tick: () => Promise<void>; stop: () => void };

export function startAlertsTicker(o: { log?: (line: string) => void; companyIds?: string[] } = {}): AlertsTicker {
  const log = o.log ?? ((line: string) => console.log(`[alerts] ${line}`));
  const tick = async () => {
    const now = new Date();
    const summary = describeTick(await runAlertsTick({ now, companyIds: o.companyIds }));
    if (summary) log(summary);
    // A tick limited to some companies (tests) looks only at their organizations' billing.
    const orgIds = o.companyIds
      ? (await db.company.findMany({ where: { id: { in: o.companyIds } }, select: { orgId: true } })).map(
          (c) => c.orgId,
        )
      : undefined;
    const billing = describeBillingTick(await runBillingTick({ now, orgIds }));
    if (billing) log(billing);
  };
  // `protect`: a tick still sending emails is not overlapped by the next one.
  const cron = new Cron(
    "0 * * * * *",
    { protect: true, catch: (e) => log(`tick failed: ${e instanceof Error ? e.message : String(e)}`) },
    tick,
  );
  return { tick, stop: () => cron.stop() };
}
