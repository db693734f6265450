// Pieces the money flows share: the company's lookups read once per run, the plan a record was last carried with
// (what "changed after posting" compares against), and amounts between Sage's decimals and minor units.
import { db } from "@/server/db";
import type { FlowContext } from "../engine/flow";
import { currencyExponent, decimalToMinor, minorToDecimal, toDecimal } from "../canonical/money";
import { loadMappings, type Mappings } from "../mappings/lookup";

const mappingsByRun = new WeakMap<FlowContext, Promise<Mappings>>();

/** One read of the lookup tables per run (a run's context lives for the run). */
export function mappingsOf(ctx: FlowContext): Promise<Mappings> {
  let m = mappingsByRun.get(ctx);
  if (!m) mappingsByRun.set(ctx, (m = loadMappings(ctx.companyId)));
  return m;
}

/** The request of the record's latest SYNCED attempt whose plan was one of `kinds` (what was written to the target). */
export async function lastCarried<T>(recordId: string, kinds: readonly string[]): Promise<T | null> {
  const attempt = await db.syncAttempt.findFirst({
    where: { recordId, outcome: "SYNCED", OR: kinds.map((k) => ({ request: { path: ["kind"], equals: k } })) },
    orderBy: { startedAt: "desc" },
    select: { request: true },
  });
  return (attempt?.request as T | undefined) ?? null;
}

/** Minor units → the decimal string the agent protocol takes ("123.45"). */
export const sageAmount = (minor: number, currency: string): string => minorToDecimal(minor, currencyExponent(currency));

/** A Sage numeric column (a JSON number over ODBC) → minor units. */
export function sageMinor(value: unknown, currency: string): number {
  const d = typeof value === "number" || typeof value === "string" ? toDecimal(value) : null;
  return d === null ? 0 : decimalToMinor(d, currencyExponent(currency));
}

/** The business day of `at` in ISO form (dates of reversals and receipts Ledgerlink dates itself). */
export const isoDay = (at: Date): string => at.toISOString().slice(0, 10);
