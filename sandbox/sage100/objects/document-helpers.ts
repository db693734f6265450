// Rules shared by the invoice/order documents: customer defaulting, item defaulting on lines ("ItemCode$ first
// loads price, warehouse, UoM and G/L accounts"), sales tax totals, and invoice number uniqueness.
import { fail } from "../boi/errors";
import { extension, percentOf, sumAmounts } from "../money";
import type { Company } from "../tables/company";
import type { Row } from "../tables/schema";
import { requireCustomer, taxRateFor } from "../validation/lookups";

/** Customer -> document header defaults (terms, tax schedule, salesperson, bill-to and optionally ship-to). */
export function applyCustomerDefaults(row: Row, cust: Row, shipTo = false): void {
  row.TermsCode = cust.TermsCode ?? "";
  row.TaxSchedule = cust.TaxSchedule ?? "";
  row.SalespersonDivisionNo = cust.SalespersonDivisionNo ?? "";
  row.SalespersonNo = cust.SalespersonNo ?? "";
  const set = (prefix: string) => {
    row[`${prefix}Name`] = cust.CustomerName ?? "";
    row[`${prefix}Address1`] = cust.AddressLine1 ?? "";
    row[`${prefix}Address2`] = cust.AddressLine2 ?? "";
    row[`${prefix}Address3`] = cust.AddressLine3 ?? "";
    row[`${prefix}City`] = cust.City ?? "";
    row[`${prefix}State`] = cust.State ?? "";
    row[`${prefix}ZipCode`] = cust.ZipCode ?? "";
  };
  set("BillTo");
  if (shipTo) set("ShipTo");
}

/** Validates the customer of a document; credit hold is a warning (-1, value kept). */
export function checkDocumentCustomer(
  company: Company,
  division: string,
  customerNo: string,
  warn: (code: "CUSTOMER_CREDIT_HOLD", p: Record<string, string>) => void,
): Row {
  const cust = requireCustomer(company, division, customerNo);
  if (cust.CreditHold === "Y") warn("CUSTOMER_CREDIT_HOLD", { division, customer: customerNo });
  return cust;
}

export type QuantityColumn = "QuantityShipped" | "QuantityOrdered";

/** Item -> line defaults; quantity defaults to 1 for priced items, extension recalculated. */
export function applyItemToLine(line: Row, item: Row, qtyColumn: QuantityColumn, warehouse: string): void {
  const type = String(item.ItemType);
  line.ItemType = type;
  line.ItemCodeDesc = item.ItemCodeDesc ?? "";
  line.TaxClass = item.TaxClass ?? "";
  line.SalesAcctKey = item.SalesAcctKey ?? "";
  if ("CostOfGoodsSoldAcctKey" in line) line.CostOfGoodsSoldAcctKey = item.CostOfGoodsSoldAcctKey ?? "";
  if ("UnitOfMeasure" in line) line.UnitOfMeasure = item.SalesUnitOfMeasure ?? "";
  if (type === "4") {
    line.UnitPrice = 0;
    line[qtyColumn] = 0;
    line.ExtensionAmt = 0;
    return;
  }
  line.UnitPrice = Number(item.StandardUnitPrice ?? 0);
  line.UnitCost = Number(item.AverageUnitCost || item.StandardUnitCost || 0);
  if ("WarehouseCode" in line && (type === "1" || type === "2"))
    line.WarehouseCode = warehouse || String(item.DefaultWarehouseCode ?? "");
  if (type !== "3" && Number(line[qtyColumn] ?? 0) === 0) line[qtyColumn] = 1;
  if (type === "3") line[qtyColumn] = 0;
  recalcExtension(line, qtyColumn);
}

export function recalcExtension(line: Row, qtyColumn: QuantityColumn): void {
  if (line.ItemType === "4") return;
  if (line.ItemType === "3" && Number(line[qtyColumn] ?? 0) === 0) return; // charge lines carry an amount only
  line.ExtensionAmt = extension(Number(line[qtyColumn] ?? 0), Number(line.UnitPrice ?? 0));
}

export interface Totals {
  taxable: number;
  nonTaxable: number;
  tax: number;
  /** Taxable amount per tax class (for G/L tax liability postings). */
  taxableByClass: Map<string, number>;
}

/** Taxable/non-taxable split by the schedule's rate for each line's tax class; tax per class total. */
export function computeTotals(company: Company, schedule: string, lines: readonly Row[]): Totals {
  const taxableByClass = new Map<string, number>();
  const nonTaxable: number[] = [];
  for (const l of lines) {
    if (l.ItemType === "4") continue;
    const ext = Number(l.ExtensionAmt ?? 0);
    const cls = String(l.TaxClass ?? "");
    if (taxRateFor(company, schedule, cls) > 0)
      taxableByClass.set(cls, sumAmounts([taxableByClass.get(cls) ?? 0, ext]));
    else nonTaxable.push(ext);
  }
  const tax = sumAmounts([...taxableByClass].map(([cls, amt]) => percentOf(amt, taxRateFor(company, schedule, cls))));
  return { taxable: sumAmounts(taxableByClass.values()), nonTaxable: sumAmounts(nonTaxable), tax, taxableByClass };
}

/** Fails when an invoice number is pending in another batch/document or already posted (A/R + S/O share numbers). */
export function checkInvoiceNumberFree(
  company: Company,
  invoiceNo: string,
  invoiceType: string,
  self: "AR" | "SO",
): void {
  if (self === "SO") {
    const ar = company.t("AR_InvoiceHeader").lookup("KINVNO", [invoiceNo])[0];
    if (ar) fail("DUPLICATE_INVOICE", { invoice: invoiceNo, batch: String(ar.BatchNo || "(none)") });
  } else {
    const so = company.t("SO_InvoiceHeader").get([invoiceNo]);
    if (so) fail("DUPLICATE_INVOICE", { invoice: invoiceNo, batch: String(so.BatchNo || "(none)") });
  }
  const posted =
    company
      .t("AR_OpenInvoice")
      .lookup("KINVNO", [invoiceNo])
      .some((r) => r.InvoiceType === invoiceType) ||
    company
      .t("AR_InvoiceHistoryHeader")
      .lookup("KINVNO", [invoiceNo])
      .some((r) => r.InvoiceType === invoiceType);
  if (posted) fail("INVOICE_ALREADY_POSTED", { invoice: invoiceNo });
}

function invoiceNumberUsed(company: Company, no: string): boolean {
  return (
    company.t("AR_InvoiceHeader").lookup("KINVNO", [no]).length > 0 ||
    company.t("SO_InvoiceHeader").has([no]) ||
    company.t("AR_OpenInvoice").lookup("KINVNO", [no]).length > 0 ||
    company.t("AR_InvoiceHistoryHeader").lookup("KINVNO", [no]).length > 0
  );
}

/** Next A/R-S/O invoice number (7 digits); numbers are burned whether or not a document is written. */
export function nextInvoiceNo(company: Company): string {
  let no: string;
  do no = String(company.nextCounter("InvoiceNo", 1)).padStart(7, "0");
  while (invoiceNumberUsed(company, no));
  return no;
}

/** Header sequence for history tables where document numbers recur ("000000", "000001", ...). */
export function nextHistorySeq(existing: readonly Row[], column = "HeaderSeqNo"): string {
  let max = -1;
  for (const r of existing) max = Math.max(max, Number(r[column]) || 0);
  return String(max + 1).padStart(6, "0");
}
