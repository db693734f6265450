// Every Inngest function the app serves, one file each.
import type { InngestFunction } from "inngest";
import { alertsTick } from "./alerts-tick";
import { billingTick } from "./billing-tick";
import { syncCron } from "./sync-cron";
import { syncFlow } from "./sync-flow";
import { syncRequested } from "./sync-requested";
import { syncChangesArrived } from "./sync-changes-arrived";
import { previewRequested } from "./preview-requested";
import { retentionPrune } from "./retention-prune";

export const functions: InngestFunction.Any[] = [
  syncFlow,
  syncCron,
  syncRequested,
  syncChangesArrived,
  alertsTick,
  previewRequested,
  retentionPrune,
  billingTick,
];
