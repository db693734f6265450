// Detect on the KashFlow side: its lists have no modified-since filter (spec §9), so every run reads the whole list,
// hashes each record's canonical form, and lets the ledger tell inserted / changed / unchanged / our own echo.
// Only a complete sweep moves missing records towards deletion, and only after the company's grace window.
import type { ListResult } from "@/server/integrations/kashflow/paging";
import type { DetectSummary } from "../engine/flow";
import type { FlowRun } from "../engine/flow-run";
import { invalidPayload, observeRecords, type ObservedRecord } from "../ledger/observe";
import { closeCompleteSweep } from "../ledger/sweep";
import type { ModelName } from "@/server/domain/model";

export async function sweepKashflow<T>(
  ctx: FlowRun,
  o: {
    model: ModelName;
    list: () => Promise<ListResult<T>>;
    keyOf: (raw: T) => string;
    toCanonical: (raw: T) => unknown;
  },
): Promise<DetectSummary> {
  const startedAt = new Date();
  const listed = await o.list();
  const records: ObservedRecord[] = listed.records.map((raw) => {
    try {
      return { externalId: o.keyOf(raw), payload: o.toCanonical(raw) };
    } catch (error) {
      // A record the mapper cannot read is still recorded, and held with the field and reason.
      const fieldErrors = (error as { fieldErrors?: Record<string, string[]> }).fieldErrors ?? {};
      const [field, messages] = Object.entries(fieldErrors)[0] ?? [
        "(record)",
        [error instanceof Error ? error.message : String(error)],
      ];
      return { externalId: o.keyOf(raw), payload: invalidPayload(field, messages[0] ?? "cannot be read", raw) };
    }
  });
  const seen = await observeRecords({
    companyId: ctx.companyId,
    system: "KASHFLOW",
    model: o.model,
    records,
    seenAt: startedAt,
  });
  const gone = listed.complete
    ? await closeCompleteSweep({
        companyId: ctx.companyId,
        system: "KASHFLOW",
        model: o.model,
        sweepStartedAt: startedAt,
        grace: { sweeps: ctx.settings.deletionGraceSweeps },
      })
    : { deleted: 0 };
  return { ...seen, deleted: gone.deleted, complete: listed.complete };
}
