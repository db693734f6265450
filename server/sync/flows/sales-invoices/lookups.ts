// The sales-invoice flow's own lookups: the invoice's customer and each line's item in Sage 100, through the links
// the customers and items flows made (read once per run, see mappings/run-lookups.ts).
import { parseCustomerKey } from "@/server/integrations/sage100/mappers/customer";
import { db } from "@/server/db";
import type { DocumentLine } from "@/server/domain/canonical/document-line";
import type { Hold } from "../../engine/flow";
import type { FlowRun } from "../../engine/flow-run";
import { plannedSage100Key } from "../../engine/planned-links";
import { waitOn } from "../../ledger/waiting-on";
import { linksOf } from "../../mappings/run-lookups";

export { mapped, rateFor } from "../../mappings/run-lookups";

export type SageCustomer = { key: string; division: string; customerNo: string };

/**
 * The invoice's customer in Sage 100, through the customers flow's link. Until it is linked the invoice waits on it
 * (on its way, or held for a person in the customers flow, which then says why); it goes once the customer has synced.
 */
export async function sageCustomerOf(ctx: FlowRun, code: string, what: string): Promise<SageCustomer | Hold> {
  let key = (await linksOf(ctx, "customer")).get(code);
  if (!key)
    key = (
      await db.entityLink.findUnique({
        where: { companyId_model_kashflowId: { companyId: ctx.companyId, model: "customer", kashflowId: code } },
        select: { sage100Key: true },
      })
    )?.sage100Key;
  if (key) return { key, ...parseCustomerKey(key) };
  // The first-sync preview: the customer this same preview would create or match, or the reason it would be held.
  const planned = plannedSage100Key(ctx, "customer", code);
  if (planned && "key" in planned) return { key: planned.key, ...parseCustomerKey(planned.key) };
  const customer = { system: "KASHFLOW" as const, model: "customer", externalId: code };
  if (planned)
    return waitOn(customer, `Customer ${code} would be held, so ${what} waits for it: ${planned.heldBecause}`);
  const row = await db.syncRecord.findUnique({
    where: {
      companyId_system_model_externalId: {
        companyId: ctx.companyId,
        system: "KASHFLOW",
        model: "customer",
        externalId: code,
      },
    },
    select: { status: true, errorMessage: true },
  });
  if (!row || row.status === "PENDING" || row.status === "FAILED")
    return waitOn(
      customer,
      `Waiting for customer ${code} to reach Sage 100 (the customers flow carries it first); ${what} follows it.`,
    );
  const why = row.errorMessage
    ? ` It is ${row.status.toLowerCase()}: ${row.errorMessage}`
    : ` It is ${row.status.toLowerCase()} in the customers flow.`;
  return waitOn(
    customer,
    `Customer ${code} is not in Sage 100 yet, so ${what} waits for it.${why} Fix the customer; the invoice follows it.`,
  );
}

/** A line's Sage item: its product's "/" item when the items flow linked one, else the company's invoice item. */
export async function sageItemOf(ctx: FlowRun, line: DocumentLine): Promise<string> {
  if (line.itemCode && line.accountCode) {
    const itemKey = `${line.accountCode}/${line.itemCode}`;
    const planned = plannedSage100Key(ctx, "item", itemKey);
    const key = (await linksOf(ctx, "item")).get(itemKey) ?? (planned && "key" in planned ? planned.key : undefined);
    // Regular (stock) items cannot go on an A/R invoice; only miscellaneous, charge and comment items can.
    if (key?.startsWith("/")) return key;
  }
  return ctx.settings.sage100.invoiceItem;
}
