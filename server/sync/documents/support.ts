// Pieces the money flows share: the plan a record was last carried with (what "changed after posting" compares
// against), a document's party in Sage 100, the first carried day, and amounts between Sage's decimals and minor units.
import { db } from "@/server/db";
import type { Hold } from "../engine/flow";
import type { FlowRun } from "../engine/flow-run";
import { plannedSage100Key } from "../engine/planned-links";
import type { ModelName } from "@/server/domain/model";
import { currencyExponent, decimalToMinor, minorToDecimal, toDecimal } from "@/server/domain/canonical/money";
import { fixStartDate, readState } from "../flows/sales-invoices/state";
import { waitForLink } from "./waiting";

/** The plan the record was last carried with, of one of `kinds` (what was written to the target: ledger/written.ts). */
export { lastWritten as lastCarried } from "../ledger/written";

/** Minor units → the decimal string the agent protocol takes ("123.45"). */
export const sageAmount = (minor: number, currency: string): string =>
  minorToDecimal(minor, currencyExponent(currency));

/** A Sage numeric column (a JSON number over ODBC) → minor units. */
export function sageMinor(value: unknown, currency: string): number {
  const d = typeof value === "number" || typeof value === "string" ? toDecimal(value) : null;
  return d === null ? 0 : decimalToMinor(d, currencyExponent(currency));
}

/** The business day of `at` in ISO form (dates of reversals and receipts Ledgerlink dates itself). */
export const isoDay = (at: Date): string => at.toISOString().slice(0, 10);

/**
 * The Sage 100 key a KashFlow customer or supplier is linked to, or a hold that ends by itself once its own flow has
 * linked it (held, not failed: that flow decides when the record exists; a document follows it).
 */
export async function linkedPartyOrWait(
  ctx: FlowRun,
  model: Extract<ModelName, "customer" | "supplier">,
  code: string,
): Promise<string | Hold> {
  const link = await db.entityLink.findFirst({
    where: { companyId: ctx.companyId, model, kashflowId: { equals: code, mode: "insensitive" } },
    select: { sage100Key: true },
  });
  if (link) return link.sage100Key;
  // The first-sync preview: the party this same preview would create or match, or the reason it would be held.
  const planned = plannedSage100Key(ctx, model, code);
  if (planned && "key" in planned) return planned.key;
  if (planned)
    return waitForLink(
      model,
      code,
      `Waiting for ${model} ${code} to reach Sage 100; it would be held: ${planned.heldBecause}`,
    );
  const record = await db.syncRecord.findFirst({
    where: { companyId: ctx.companyId, system: "KASHFLOW", model, externalId: { equals: code, mode: "insensitive" } },
    select: { externalId: true, status: true, errorMessage: true },
  });
  const why = record?.status === "HELD" ? `; it is held: ${record.errorMessage ?? "see its record"}` : "";
  return waitForLink(model, record?.externalId ?? code, `Waiting for ${model} ${code} to reach Sage 100${why}.`);
}

/** The first carried day when the company chose none: the first day of the previous month. */
export const startOfPreviousMonth = (now: Date): string =>
  isoDay(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)));

/**
 * The first issue date Ledgerlink carries, for every document flow alike: fixed once, by whichever document flow runs
 * first (the company's setting, or the start of the previous month), so a bill or payment read before the first
 * sales-invoice run is held to the same day and older history never reaches Sage 100.
 */
export async function documentsStartDate(ctx: FlowRun): Promise<string> {
  const fixed = (await readState(ctx.companyId)).startDate;
  return fixed ?? fixStartDate(ctx.companyId, ctx.settings.salesInvoices.startDate ?? startOfPreviousMonth(ctx.now));
}
