// The alerts tick under the in-process runner: every minute, the same runAlertsTick the Inngest cron calls.
import { Cron } from "croner";
import { describeTick, runAlertsTick } from "@/server/services/alerts/tick";

export type AlertsTicker = { tick: () => Promise<void>; stop: () => void };

export function startAlertsTicker(o: { log?: (line: string) => void; companyIds?: string[] } = {}): AlertsTicker {
  const log = o.log ?? ((line: string) => console.log(`[alerts] ${line}`));
  const tick = async () => {
    const summary = describeTick(await runAlertsTick({ now: new Date(), companyIds: o.companyIds }));
    if (summary) log(summary);
  };
  // `protect`: a tick still sending emails is not overlapped by the next one.
  const cron = new Cron(
    "0 * * * * *",
    { protect: true, catch: (e) => log(`tick failed: ${e instanceof Error ? e.message : String(e)}`) },
    tick,
  );
  return { tick, stop: () => cron.stop() };
}
