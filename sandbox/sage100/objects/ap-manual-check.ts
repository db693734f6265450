// AP_ManualCheck_bus (AP_ManualCheckHeader/AP_ManualCheckDetail, names from the 4.40 layouts): A/P Manual Check and
// Payment Entry keyed BankCode+CheckNo, in batches. The header names the vendor, date and CheckAmt; each line pays
// an open invoice of that vendor (AmountPaid, optional DiscountAmt) or a G/L account. nWrite succeeds only when
// the lines' AmountPaid add up to CheckAmt ("The distribution is out of balance"). A check number already in
// check history for the bank is refused; voids and reversals (CheckType V/R) are not supported.
import { BatchEntryObject } from "../boi/batch-entry";
import type { ObjectContext } from "../boi/data-object";
import { fail } from "../boi/errors";
import { sameAmount, subAmounts, sumAmounts } from "../money";
import type { Company } from "../tables/company";
import type { ColumnDef, Row, Value } from "../tables/schema";
import { requireDivision, requireRef, requireVendor, resolveAccount } from "../validation/lookups";
import { checkPostingDate } from "../validation/periods";

const applied = (l: Row): number => sumAmounts([Number(l.AmountPaid), Number(l.DiscountAmt)]);

/** What other pending checks (not `bank`/`check`) already apply to a vendor's invoice. */
export function pendingChecksOn(
  company: Company,
  division: string,
  vendorNo: string,
  invoiceNo: string,
  except: { bank: string; check: string } | null,
): number {
  const headers = company.t("AP_ManualCheckHeader");
  const lines = company
    .t("AP_ManualCheckDetail")
    .lookup("KINVOICE", [invoiceNo])
    .filter((l) => !(except && l.BankCode === except.bank && l.CheckNo === except.check))
    .filter((l) => {
      const h = headers.get([l.BankCode ?? "", l.CheckNo ?? ""]);
      return h?.APDivisionNo === division && h.VendorNo === vendorNo;
    });
  return sumAmounts(lines.map(applied));
}

export class ApManualCheckBus extends BatchEntryObject {
  protected readonly batchKind = "AP_CHECK" as const;

  constructor(ctx: ObjectContext) {
    super(ctx, "AP_ManualCheck_bus", "AP_ManualCheckHeader", {
      table: "AP_ManualCheckDetail",
      headerKey: ["BankCode", "CheckNo"],
      lineKeyColumn: "LineKey",
      headerIndex: "KHEADER",
    });
  }

  protected override beforeSetKey(key: Row): void {
    requireRef(this.company, "GL_BankCode", [key.BankCode ?? ""], "BankCode");
  }

  protected override afterKeyResolved(key: Row, existing: Row | undefined): void {
    const params = { check: String(key.CheckNo), bank: String(key.BankCode) };
    if (existing) {
      if (this.company.options.batchProcessing.AP_CHECK && existing.BatchNo !== this.selectedBatch)
        fail("DUPLICATE_CHECK", { ...params, batch: String(existing.BatchNo) });
      return;
    }
    // A check number is used once per bank: a posted one is in check history.
    if (this.company.t("AP_CheckHistoryHeader").lookup("KCHECK", [key.BankCode ?? "", key.CheckNo ?? ""]).length > 0)
      fail("CHECK_ALREADY_POSTED", params);
    this.requireBatch("manual checks");
  }

  protected override initNew(row: Row): void {
    row.BatchNo = this.requireBatch("manual checks");
    row.CheckDate = this.moduleDate("A/P");
    if (!this.company.options.divisionsEnabled) row.APDivisionNo = "00";
  }

  protected override validateValue(col: ColumnDef, value: Value, row: Row): Value {
    const v = String(value);
    switch (col.name) {
      case "APDivisionNo":
        requireDivision(this.company, "AP", v, col.name);
        break;
      case "VendorNo":
        if (this.lines.some((l) => l.InvoiceNo)) fail("READ_ONLY_COLUMN", { column: col.name });
        row.VendorName = requireVendor(this.company, String(row.APDivisionNo), v).VendorName ?? "";
        break;
      case "CheckDate":
        if (v) checkPostingDate(this.company, v);
        break;
      case "CheckType":
        if (v !== "N") fail("ADJUST_NOT_SUPPORTED", { what: "Voiding or reversing a check in Manual Check Entry" });
        break;
    }
    return value;
  }

  /** The vendor's open invoice a line pays (it must have a balance). */
  private openInvoice(invoiceNo: string): Row {
    const h = this.headerInEdit();
    const division = String(h.APDivisionNo);
    const vendor = String(h.VendorNo);
    if (!vendor) fail("REQUIRED", { column: "VendorNo" });
    const open = this.company.t("AP_OpenInvoice").get([division, vendor, invoiceNo]);
    if (!open || Number(open.Balance) === 0) fail("AP_INVOICE_NOT_OPEN", { invoice: invoiceNo, division, vendor });
    return open;
  }

  /** Balance still free for this line: less other pending checks and this check's other lines. */
  private available(open: Row, exceptLineKey: string): number {
    const h = this.headerInEdit();
    const invoiceNo = String(open.InvoiceNo);
    const others = pendingChecksOn(this.company, String(h.APDivisionNo), String(h.VendorNo), invoiceNo, {
      bank: String(h.BankCode),
      check: String(h.CheckNo),
    });
    const own = sumAmounts(
      this.lines.filter((l) => l.InvoiceNo === invoiceNo && l.LineKey !== exceptLineKey).map(applied),
    );
    return subAmounts(Number(open.Balance), sumAmounts([others, own]));
  }

  override validateLineValue(col: ColumnDef, value: Value, line: Row): Value {
    const v = String(value);
    if (col.name === "InvoiceNo" && v) {
      if (line.AccountKey) fail("AP_CHECK_LINE");
      const open = this.openInvoice(v);
      line.InvoiceDate = open.InvoiceDate ?? "";
      line.InvoiceAmt = Number(open.Balance);
      if (Number(line.AmountPaid) === 0) line.AmountPaid = Math.max(0, this.available(open, String(line.LineKey)));
    }
    if (col.name === "AccountKey" && v) {
      if (line.InvoiceNo) fail("AP_CHECK_LINE");
      return resolveAccount(this.company, v, col.name);
    }
    return value;
  }

  override validateLine(line: Row): void {
    if (!line.InvoiceNo && !line.AccountKey) fail("REQUIRED", { column: "InvoiceNo" });
    if (!line.InvoiceNo) return;
    const open = this.openInvoice(String(line.InvoiceNo));
    if (Number(open.Balance) > 0 && applied(line) > this.available(open, String(line.LineKey)))
      fail("AP_AMOUNT_EXCEEDS_BALANCE", { invoice: String(line.InvoiceNo) });
  }

  protected override beforeWrite(row: Row): void {
    requireDivision(this.company, "AP", String(row.APDivisionNo), "APDivisionNo");
    requireVendor(this.company, String(row.APDivisionNo), String(row.VendorNo));
    checkPostingDate(this.company, String(row.CheckDate));
    if (this.lines.length === 0) fail("REQUIRED", { column: "InvoiceNo" });
    const paid = sumAmounts(this.lines.map((l) => Number(l.AmountPaid)));
    if (!sameAmount(paid, Number(row.CheckAmt))) fail("DISTRIBUTION_OUT_OF_BALANCE");
  }
}
