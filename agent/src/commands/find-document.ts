// findDocument: where a document is in Sage (data entry or history), read over ODBC; no BOI session (no licence).
import type { PayloadOf, ResultOf } from "../protocol";
import { code, docNo, firstRow, type CommandContext } from "./context";

type Payload = PayloadOf<"findDocument">;
type Lookup = { sql: string; params: string[] };

function lookups(p: Payload): { pending: Lookup; posted?: Lookup } {
  switch (p.kind) {
    case "customer":
      return {
        pending: {
          sql: "SELECT * FROM AR_Customer WHERE ARDivisionNo = ? AND CustomerNo = ?",
          params: [p.division, code(p.customerNo)],
        },
      };
    case "vendor":
      return {
        pending: {
          sql: "SELECT * FROM AP_Vendor WHERE APDivisionNo = ? AND VendorNo = ?",
          params: [p.division, code(p.vendorNo)],
        },
      };
    case "item":
      return { pending: { sql: "SELECT * FROM CI_Item WHERE ItemCode = ?", params: [code(p.itemCode)] } };
    case "arInvoice": {
      const params = [docNo(p.invoiceNo, 7), p.invoiceType];
      return {
        pending: { sql: "SELECT * FROM AR_InvoiceHeader WHERE InvoiceNo = ? AND InvoiceType = ?", params },
        posted: { sql: "SELECT * FROM AR_InvoiceHistoryHeader WHERE InvoiceNo = ? AND InvoiceType = ?", params },
      };
    }
    case "apInvoice": {
      const params = [p.division, code(p.vendorNo), code(p.invoiceNo)];
      return {
        pending: {
          sql: "SELECT * FROM AP_InvoiceHeader WHERE APDivisionNo = ? AND VendorNo = ? AND InvoiceNo = ?",
          params,
        },
        posted: {
          sql: "SELECT * FROM AP_InvoiceHistoryHeader WHERE APDivisionNo = ? AND VendorNo = ? AND InvoiceNo = ?",
          params,
        },
      };
    }
    case "cashReceipt": {
      const params = [p.division, code(p.customerNo), code(p.checkNo)];
      return {
        pending: {
          sql: "SELECT * FROM AR_CashReceiptsHeader WHERE ARDivisionNo = ? AND CustomerNo = ? AND CheckNo = ?",
          params,
        },
        posted: {
          sql: "SELECT * FROM AR_CashReceiptsHistory WHERE ARDivisionNo = ? AND CustomerNo = ? AND CheckNo = ?",
          params,
        },
      };
    }
    case "glJournal": {
      const params = [p.sourceJournal, p.reference.trim()];
      return {
        pending: {
          sql: "SELECT * FROM GL_GeneralJournalHeader WHERE SourceJournal = ? AND JournalComment = ?",
          params,
        },
        posted: {
          sql: "SELECT * FROM GL_GeneralJournalHistory WHERE SourceJournal = ? AND JournalComment = ?",
          params,
        },
      };
    }
    case "arOpenInvoice":
      return {
        pending: {
          sql: "SELECT * FROM AR_OpenInvoice WHERE ARDivisionNo = ? AND CustomerNo = ? AND InvoiceNo = ? AND InvoiceType = ?",
          params: [p.division, code(p.customerNo), docNo(p.invoiceNo, 7), p.invoiceType],
        },
      };
    case "apManualCheck": {
      const params = [code(p.bankCode), code(p.checkNo)];
      return {
        pending: { sql: "SELECT * FROM AP_ManualCheckHeader WHERE BankCode = ? AND CheckNo = ?", params },
        posted: { sql: "SELECT * FROM AP_CheckHistoryHeader WHERE BankCode = ? AND CheckNo = ?", params },
      };
    }
    case "apOpenInvoice":
      return {
        pending: {
          sql: "SELECT * FROM AP_OpenInvoice WHERE APDivisionNo = ? AND VendorNo = ? AND InvoiceNo = ?",
          params: [p.division, code(p.vendorNo), code(p.invoiceNo)],
        },
      };
    case "salesOrder": {
      const params = [docNo(p.salesOrderNo, 7)];
      return {
        pending: { sql: "SELECT * FROM SO_SalesOrderHeader WHERE SalesOrderNo = ?", params },
        posted: { sql: "SELECT * FROM SO_SalesOrderHistoryHeader WHERE SalesOrderNo = ?", params },
      };
    }
  }
}

const cents = (v: unknown): number => Math.round(Number(v ?? 0) * 100) || 0;

/** What manual checks still in data entry apply to a vendor's invoice (A/P open items keep no PaymentsToday). */
async function pendingChecksAmt(
  ctx: CommandContext,
  division: string,
  vendorNo: string,
  invoiceNo: string,
): Promise<number> {
  const lines = await ctx.odbc.query(
    "SELECT BankCode, CheckNo, AmountPaid, DiscountAmt FROM AP_ManualCheckDetail WHERE InvoiceNo = ?",
    [invoiceNo],
  );
  let total = 0;
  for (const l of lines) {
    const header = await firstRow(
      ctx.odbc,
      "SELECT APDivisionNo, VendorNo FROM AP_ManualCheckHeader WHERE BankCode = ? AND CheckNo = ?",
      [String(l.BankCode ?? ""), String(l.CheckNo ?? "")],
    );
    if (header && String(header.APDivisionNo) === division && String(header.VendorNo) === vendorNo)
      total += cents(l.AmountPaid) + cents(l.DiscountAmt);
  }
  return total / 100;
}

/** Masters have no data-entry stage: found = "posted" (on file). */
export async function findDocument(ctx: CommandContext, p: Payload): Promise<ResultOf<"findDocument">> {
  const { pending, posted } = lookups(p);
  const entry = await firstRow(ctx.odbc, pending.sql, pending.params);
  if (entry && p.kind === "apOpenInvoice")
    return {
      found: true,
      state: "posted",
      record: {
        ...entry,
        PendingChecksAmt: await pendingChecksAmt(ctx, p.division, code(p.vendorNo), code(p.invoiceNo)),
      },
    };
  if (entry) return { found: true, state: posted ? "pending" : "posted", record: entry };
  const history = posted ? await firstRow(ctx.odbc, posted.sql, posted.params) : null;
  return history ? { found: true, state: "posted", record: history } : { found: false };
}
