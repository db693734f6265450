// The lookups a run makes, each read once per run and shared by all its records (mappings, entity links, FX
// rates): thousands of documents must not cost thousands of identical queries. Kept on the run, so the next run
// reads afresh.
import { db } from "@/server/db";
import type { Hold } from "../engine/flow";
import type { FlowRun } from "../engine/flow-run";
import type { ModelName } from "@/server/domain/model";
import { rateOrHold, type UsedRate } from "./fx";
import type { MappingKind } from "./kinds";
import { loadMappings, mapOrHold, type Mappings } from "./lookup";

/** The company's lookup tables, read once per run. */
export function mappingsOf(run: FlowRun): Promise<Mappings> {
  return run.memo("lookups:mappings", () => loadMappings(run.companyId));
}

/** The mapped value, or a hold saying which mapping to add. */
export async function mapped(run: FlowRun, kind: MappingKind, key: string): Promise<string | Hold> {
  return mapOrHold(await mappingsOf(run), kind, key);
}

/** The rate of a day, or a hold asking for it; one read per currency pair and day per run. */
export function rateFor(run: FlowRun, from: string, to: string, day: string): Promise<UsedRate | Hold> {
  return run.memo(`lookups:rate:${from}|${to}|${day}`, () => rateOrHold({ companyId: run.companyId, from, to, day }));
}

/** KashFlow id → Sage 100 key of every link of a model, as the run found them when it first asked. */
export function linksOf(run: FlowRun, model: ModelName): Promise<Map<string, string>> {
  return run.memo(`lookups:links:${model}`, async () => {
    const rows = await db.entityLink.findMany({
      where: { companyId: run.companyId, model },
      select: { kashflowId: true, sage100Key: true },
    });
    return new Map(rows.map((r) => [r.kashflowId, r.sage100Key]));
  });
}
