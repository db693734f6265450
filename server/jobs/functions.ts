// Every Inngest function the app serves, one file each.
import { alertsTick } from "./alerts-tick";
import { syncCron } from "./sync-cron";
import { syncFlow } from "./sync-flow";
import { syncRequested } from "./sync-requested";

export const functions = [syncFlow, syncCron, syncRequested, alertsTick];
