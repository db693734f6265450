// The lookups a run makes, each read once per run and shared by all its records (mappings, entity links, FX
// rates): thousands of documents must not cost thousands of identical queries. Kept on the run, so the next run
// reads afresh.
import { db } from "@/server/db";
import type { Hold } from "../engine/flow";
import type { FlowRun } from "../engine/flow-run";
import type { ModelName } from "@/server/domain/model";
import { missingRate, rateAgeOf, usableRateIndex, type UsedRate } from "./fx";
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

/** A currency pair's rates (day → rate, days ascending), read once per run: a backfill spans hundreds of days. */
function pairRates(run: FlowRun, from: string, to: string): Promise<{ days: string[]; rates: string[] }> {
  return run.memo(`lookups:rates:${from}|${to}`, async () => {
    const rows = await db.fxRate.findMany({
      where: { companyId: run.companyId, fromCurrency: from, toCurrency: to },
      select: { day: true, rate: true },
      orderBy: { day: "asc" },
    });
    return { days: rows.map((r) => r.day.toISOString().slice(0, 10)), rates: rows.map((r) => r.rate.toString()) };
  });
}

/**
 * The rate of a document's day, or a hold asking for it: the day's own rate, or (when the company opted in) the
 * latest up to its chosen age. Never an older rate silently: the returned day is the rate's, for the record's warning.
 */
export async function rateFor(run: FlowRun, from: string, to: string, day: string): Promise<UsedRate | Hold> {
  if (from === to) return { from, to, day, rate: "1" };
  const { days, rates } = await pairRates(run, from, to);
  const maxAgeDays = rateAgeOf(run.settings);
  const at = usableRateIndex(days, day, maxAgeDays);
  if (at < 0) return missingRate({ from, to, day, maxAgeDays });
  return { from, to, day: days[at]!, rate: rates[at]! };
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
