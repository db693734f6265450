// readInvoicePayments: the posted payments of one A/R invoice over ODBC, keyed by the invoice (no BOI session),
// so the server can tell receipts it entered itself (its own check numbers) from receipts entered in Sage.
import { MAX_CHANGE_ROWS, type PayloadOf, type ResultOf } from "../protocol";
import { code, docNo, type CommandContext } from "./context";

export async function readInvoicePayments(
  ctx: CommandContext,
  p: PayloadOf<"readInvoicePayments">,
): Promise<ResultOf<"readInvoicePayments">> {
  const rows = await ctx.odbc.query(
    `SELECT TOP ${MAX_CHANGE_ROWS} * FROM AR_TransactionPaymentHistory WHERE ARDivisionNo = ? AND CustomerNo = ? AND InvoiceNo = ? AND InvoiceType = ? ORDER BY SequenceNo`,
    [p.division, code(p.customerNo), docNo(p.invoiceNo, 7), p.invoiceType],
  );
  return { rows };
}
