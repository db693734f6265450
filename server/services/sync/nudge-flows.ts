// After a retry, the flows that carry the records run at the next tick instead of waiting for their schedule.
import { requestSync } from "@/server/sync/runner/due-flows";
import type { SyncSystem } from "@/server/domain/model";
import { flowsCarrying } from "./flow-catalogue";

/** Best effort: the retry itself is already committed, and the flow's next scheduled run picks the records up anyway. */
export async function nudgeFlows(companyId: string, system: SyncSystem, model: string): Promise<void> {
  const flows = flowsCarrying(system, model).map((f) => f.id);
  if (flows.length === 0) return;
  await requestSync(companyId, flows).catch((error: unknown) => {
    console.error(
      `[sync] could not ask for a run of ${flows.join(", ")} for ${companyId}: ${error instanceof Error ? error.message : String(error)}`,
    );
  });
}
