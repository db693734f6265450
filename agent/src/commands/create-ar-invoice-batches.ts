// createArInvoiceBatches: A/R invoices of several posting dates in one command, each group into its own batch
// exactly as createArInvoices enters it. Sage refusing a group's batch (gone, in use) is that group's result; any
// other failure fails the whole command, which is retried as a whole (invoices already entered are found, not doubled).
import { BoiFailure } from "../drivers/boi-failure";
import { normaliseError } from "../errors/normalise";
import type { PayloadOf, ResultOf } from "../protocol";
import type { CommandContext } from "./context";
import { createArInvoices } from "./create-ar-invoices";

type GroupResult = ResultOf<"createArInvoiceBatches">["groups"][number];

/** The batch itself was refused (not on file, in use): an invoice's own refusals are already its result. */
const batchRefusal = (error: unknown) => error instanceof BoiFailure && error.context.field === "batch.batchNo";

export async function createArInvoiceBatches(
  ctx: CommandContext,
  p: PayloadOf<"createArInvoiceBatches">,
): Promise<ResultOf<"createArInvoiceBatches">> {
  const groups: GroupResult[] = [];
  for (const group of p.groups) {
    try {
      groups.push({ ok: true, ...(await createArInvoices(ctx, group)) });
    } catch (error) {
      if (!batchRefusal(error)) throw error;
      groups.push({ ok: false, error: normaliseError(error) });
    }
  }
  return { groups };
}
