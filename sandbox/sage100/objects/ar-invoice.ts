// AR_Invoice_bus (AR_InvoiceHeader/AR_InvoiceDetail): A/R invoice data entry in batches. Key InvoiceNo+InvoiceType
// (IN/CM/DM); lines use miscellaneous/charge/comment items only ("/" codes); totals and sales tax on nWrite.
import { BatchEntryObject } from "../boi/batch-entry";
import { setRef } from "../boi/by-ref";
import type { ObjectContext } from "../boi/data-object";
import { fail } from "../boi/errors";
import type { WarnSink } from "../boi/lines";
import type { ColumnDef, Row, Value } from "../tables/schema";
import { requireDivision, requireItem, requireRef, resolveAccount, termsDates } from "../validation/lookups";
import { checkPostingDate } from "../validation/periods";
import {
  applyCustomerDefaults,
  applyItemToLine,
  checkDocumentCustomer,
  checkInvoiceNumberFree,
  computeTotals,
  nextInvoiceNo,
  recalcExtension,
} from "./document-helpers";

const ENTERABLE_TYPES = ["IN", "CM", "DM"];

export class ArInvoiceBus extends BatchEntryObject {
  protected readonly batchKind = "AR_INVOICE" as const;

  constructor(ctx: ObjectContext) {
    super(ctx, "AR_Invoice_bus", "AR_InvoiceHeader", {
      table: "AR_InvoiceDetail",
      headerKey: ["InvoiceNo", "InvoiceType"],
      lineKeyColumn: "LineKey",
      headerIndex: "KHEADER",
    });
  }

  protected override keyDefaults(): Row {
    return { InvoiceType: "IN" };
  }

  protected override beforeSetKey(key: Row): void {
    if (!ENTERABLE_TYPES.includes(String(key.InvoiceType)))
      fail("ADJUST_NOT_SUPPORTED", { what: `Entering invoice type ${String(key.InvoiceType)}` });
  }

  protected override afterKeyResolved(key: Row, existing: Row | undefined): void {
    if (existing) {
      if (this.company.options.batchProcessing.AR_INVOICE && existing.BatchNo !== this.selectedBatch)
        fail("DUPLICATE_INVOICE", { invoice: String(key.InvoiceNo), batch: String(existing.BatchNo) });
      return;
    }
    checkInvoiceNumberFree(this.company, String(key.InvoiceNo), String(key.InvoiceType), "AR");
    this.requireBatch("invoices");
  }

  protected override initNew(row: Row): void {
    row.BatchNo = this.requireBatch("invoices");
    if (!this.company.options.divisionsEnabled) row.ARDivisionNo = "00";
    else row.ARDivisionNo = "";
    row.InvoiceDate = this.moduleDate("A/R");
  }

  protected override validateValue(col: ColumnDef, value: Value, row: Row): Value {
    const v = String(value);
    switch (col.name) {
      case "ARDivisionNo":
        requireDivision(this.company, "AR", v, col.name);
        break;
      case "CustomerNo": {
        const cust = checkDocumentCustomer(this.company, String(row.ARDivisionNo), v, (c, p) => this.warn(c, p));
        applyCustomerDefaults(row, cust);
        break;
      }
      case "InvoiceDate":
        if (v) checkPostingDate(this.company, v);
        break;
      case "TermsCode":
        requireRef(this.company, "AR_TermsCode", [v], col.name);
        break;
      case "TaxSchedule":
        requireRef(this.company, "SY_SalesTaxSchedule", [v], col.name);
        break;
      case "SalespersonNo":
        if (v)
          requireRef(
            this.company,
            "AR_Salesperson",
            [String(row.SalespersonDivisionNo || row.ARDivisionNo), v],
            col.name,
          );
        break;
      case "ApplyToInvoiceNo":
        if (v && !this.company.t("AR_OpenInvoice").get([String(row.ARDivisionNo), String(row.CustomerNo), v, "IN"]))
          fail("NOT_ON_FILE", { column: col.name });
        break;
    }
    return value;
  }

  protected override afterSetValue(col: string, _value: Value, row: Row): void {
    if (col === "InvoiceDate" || col === "TermsCode" || col === "CustomerNo") this.setDueDates(row);
  }

  private setDueDates(row: Row): void {
    const { due, discount } = termsDates(this.company, "AR_TermsCode", String(row.TermsCode), String(row.InvoiceDate));
    row.InvoiceDueDate = due;
    row.DiscountDueDate = discount;
  }

  override validateLineValue(col: ColumnDef, value: Value, line: Row, _sink: WarnSink): Value {
    const v = String(value);
    switch (col.name) {
      case "ItemCode": {
        const item = requireItem(this.company, v);
        if (!["3", "4", "5"].includes(String(item.ItemType)) || item.UseInAR === "N")
          fail("ITEM_TYPE_NOT_ALLOWED", { item: v, type: String(item.ItemType), module: "A/R Invoice Data Entry" });
        line.ItemCode = v;
        applyItemToLine(line, item, "QuantityShipped", "");
        break;
      }
      case "SalesAcctKey":
      case "CostOfGoodsSoldAcctKey":
        return resolveAccount(this.company, v, col.name);
      case "TaxClass":
        if (v) requireRef(this.company, "SY_SalesTaxClass", [v], col.name);
        break;
    }
    return value;
  }

  override afterLineSetValue(col: string, _value: Value, line: Row): void {
    if (col === "QuantityShipped" || col === "UnitPrice") recalcExtension(line, "QuantityShipped");
  }

  override validateLine(line: Row): void {
    if (line.ItemType !== "4" && !line.SalesAcctKey) fail("REQUIRED", { column: "SalesAcctKey" });
  }

  protected override beforeWrite(row: Row): void {
    checkDocumentCustomer(this.company, String(row.ARDivisionNo), String(row.CustomerNo), () => undefined);
    checkPostingDate(this.company, String(row.InvoiceDate));
    const t = computeTotals(this.company, String(row.TaxSchedule), this.lines);
    row.TaxableSalesAmt = t.taxable;
    row.NonTaxableSalesAmt = t.nonTaxable;
    row.SalesTaxAmt = t.tax;
    if (!row.InvoiceDueDate) this.setDueDates(row);
  }

  /** Next invoice number (shared with S/O invoices; burned whether or not it is written). */
  nGetNextInvoiceNo(ref?: unknown): number {
    setRef(ref, nextInvoiceNo(this.company));
    return 1;
  }
}
