// AP_Invoice_bus (AP_InvoiceHeader/AP_InvoiceDetail): A/P invoice entry keyed APDivisionNo+VendorNo+InvoiceNo, in
// batches, with G/L distribution lines (AccountKey, DistributionAmt) that must equal InvoiceAmt on nWrite.
import { BatchEntryObject } from "../boi/batch-entry";
import type { ObjectContext } from "../boi/data-object";
import { fail } from "../boi/errors";
import { sameAmount, sumAmounts } from "../money";
import type { ColumnDef, Row, Value } from "../tables/schema";
import { requireDivision, requireRef, requireVendor, resolveAccount, termsDates } from "../validation/lookups";
import { checkPostingDate } from "../validation/periods";

export class ApInvoiceBus extends BatchEntryObject {
  protected readonly batchKind = "AP_INVOICE" as const;

  constructor(ctx: ObjectContext) {
    super(ctx, "AP_Invoice_bus", "AP_InvoiceHeader", {
      table: "AP_InvoiceDetail",
      headerKey: ["APDivisionNo", "VendorNo", "InvoiceNo"],
      lineKeyColumn: "LineKey",
      headerIndex: "KHEADER",
    });
  }

  protected override beforeSetKey(key: Row): void {
    requireDivision(this.company, "AP", String(key.APDivisionNo), "APDivisionNo");
    requireVendor(this.company, String(key.APDivisionNo), String(key.VendorNo));
  }

  protected override afterKeyResolved(key: Row, existing: Row | undefined): void {
    const k = [key.APDivisionNo ?? "", key.VendorNo ?? "", key.InvoiceNo ?? ""];
    if (existing) {
      if (this.company.options.batchProcessing.AP_INVOICE && existing.BatchNo !== this.selectedBatch)
        fail("DUPLICATE_AP_INVOICE", {
          invoice: String(key.InvoiceNo),
          vendor: String(key.VendorNo),
          batch: String(existing.BatchNo),
        });
      return;
    }
    const history = this.company.t("AP_InvoiceHistoryHeader").lookup("KINVOICE", k).length > 0;
    if (this.company.t("AP_OpenInvoice").has(k) || history)
      fail("INVOICE_ALREADY_POSTED", { invoice: String(key.InvoiceNo) });
    this.requireBatch("invoices");
  }

  private vendor(row: Row): Row {
    return requireVendor(this.company, String(row.APDivisionNo), String(row.VendorNo));
  }

  protected override initNew(row: Row): void {
    row.BatchNo = this.requireBatch("invoices");
    const v = this.vendor(row);
    row.TermsCode = v.TermsCode || this.company.options.defaultApTermsCode;
    row.HoldPayment = v.HoldPayment ?? "N";
    row.TaxSchedule = v.TaxSchedule ?? "";
    row.InvoiceDate = this.moduleDate("A/P");
    this.setDueDates(row);
  }

  private setDueDates(row: Row): void {
    const { due, discount } = termsDates(this.company, "AP_TermsCode", String(row.TermsCode), String(row.InvoiceDate));
    row.InvoiceDueDate = due;
    row.InvoiceDiscountDate = discount;
  }

  protected override validateValue(col: ColumnDef, value: Value): Value {
    const v = String(value);
    switch (col.name) {
      case "InvoiceDate":
        if (v) checkPostingDate(this.company, v);
        break;
      case "TermsCode":
        requireRef(this.company, "AP_TermsCode", [v], col.name);
        break;
      case "TaxSchedule":
        if (v) requireRef(this.company, "SY_SalesTaxSchedule", [v], col.name);
        break;
    }
    return value;
  }

  protected override afterSetValue(col: string, _value: Value, row: Row): void {
    if (col === "InvoiceDate" || col === "TermsCode") this.setDueDates(row);
  }

  override initLine(line: Row): void {
    const h = this.headerInEdit();
    const v = this.company.t("AP_Vendor").get([h.APDivisionNo ?? "", h.VendorNo ?? ""]);
    line.AccountKey = v?.AccountKey ?? "";
  }

  override validateLineValue(col: ColumnDef, value: Value): Value {
    if (col.name === "AccountKey") return resolveAccount(this.company, String(value), col.name);
    return value;
  }

  override validateLine(line: Row): void {
    resolveAccount(this.company, String(line.AccountKey), "AccountKey");
  }

  protected override beforeWrite(row: Row): void {
    this.vendor(row);
    checkPostingDate(this.company, String(row.InvoiceDate));
    const dist = sumAmounts(this.lines.map((l) => Number(l.DistributionAmt)));
    if (!sameAmount(dist, Number(row.InvoiceAmt))) fail("DISTRIBUTION_OUT_OF_BALANCE");
  }
}
