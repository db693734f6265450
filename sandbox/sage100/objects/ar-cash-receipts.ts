// A/R cash receipts (spec §2.7, object names inferred): AR_CashReceiptsDeposit_bus (deposit in a batch) and
// AR_CashReceipts_bus (one receipt per customer/check; lines apply amounts to open invoices or to a G/L account).
// A receipt writes only when PostingAmt equals the sum of AmountPosted ("The distribution is out of balance").
import { BatchEntryObject } from "../boi/batch-entry";
import { batchLockKey } from "../boi/batches";
import { BusinessObject } from "../boi/business-object";
import { setRef } from "../boi/by-ref";
import type { ObjectContext } from "../boi/data-object";
import { fail } from "../boi/errors";
import { sameAmount, subAmounts, sumAmounts } from "../money";
import type { Company, Stamp } from "../tables/company";
import type { ColumnDef, Row, Value } from "../tables/schema";
import { requireCustomer, requireDivision, requireRef, resolveAccount } from "../validation/lookups";
import { checkPostingDate } from "../validation/periods";

/** Sum of a receipt's PostingAmt for a deposit. */
function receiptsTotal(company: Company, depositNo: string): number {
  return sumAmounts(
    company
      .t("AR_CashReceiptsHeader")
      .lookup("KDEPOSIT", [depositNo])
      .map((r) => Number(r.PostingAmt)),
  );
}

export class ArCashReceiptsDepositBus extends BatchEntryObject {
  protected readonly batchKind = "AR_CASH" as const;

  constructor(ctx: ObjectContext) {
    super(ctx, "AR_CashReceiptsDeposit_bus", "AR_CashReceiptsDeposit");
  }

  protected override afterKeyResolved(key: Row, existing: Row | undefined): void {
    if (existing) this.checkSameBatch(existing, `Deposit ${String(key.DepositNo)}`);
    else this.requireBatch("deposits");
  }

  protected override initNew(row: Row): void {
    row.BatchNo = this.requireBatch("deposits");
    row.DepositDate = this.moduleDate("A/R");
  }

  protected override validateValue(col: ColumnDef, value: Value): Value {
    const v = String(value);
    if (col.name === "BankCode") requireRef(this.company, "GL_BankCode", [v], col.name);
    if (col.name === "DepositDate" && v) checkPostingDate(this.company, v);
    return value;
  }

  protected override beforeWrite(row: Row): void {
    checkPostingDate(this.company, String(row.DepositDate));
    row.DepositBalance = subAmounts(Number(row.CashDepositAmt), receiptsTotal(this.company, String(row.DepositNo)));
  }

  protected override beforeDelete(row: Row): void {
    if (this.company.t("AR_CashReceiptsHeader").lookup("KDEPOSIT", [row.DepositNo ?? ""]).length > 0)
      fail("DELETE_NOT_ALLOWED", { what: `Deposit ${String(row.DepositNo)}`, reason: "it has receipts" });
  }

  /** Next deposit number (5 digits; inferred method name). */
  nGetNextDepositNo(ref?: unknown): number {
    const table = this.company.t("AR_CashReceiptsDeposit");
    let no: string;
    do no = String(this.company.nextCounter("DepositNo", 1)).padStart(5, "0");
    while (table.has([no]));
    setRef(ref, no);
    return 1;
  }
}

const HEADER_KEY = ["DepositNo", "ARDivisionNo", "CustomerNo", "CheckNo", "CreditCardEntryNo"] as const;

export class ArCashReceiptsBus extends BusinessObject {
  constructor(ctx: ObjectContext) {
    super(ctx, "AR_CashReceipts_bus", "AR_CashReceiptsHeader", {
      table: "AR_CashReceiptsDetail",
      headerKey: HEADER_KEY,
      lineKeyColumn: "SequenceNo",
      headerIndex: "KHEADER",
    });
  }

  protected override keyDefaults(): Row {
    return { CreditCardEntryNo: "" };
  }

  private deposit(depositNo: string): Row {
    return requireRef(this.company, "AR_CashReceiptsDeposit", [depositNo], "DepositNo");
  }

  protected override beforeSetKey(key: Row): void {
    const deposit = this.deposit(String(key.DepositNo));
    requireDivision(this.company, "AR", String(key.ARDivisionNo), "ARDivisionNo");
    requireCustomer(this.company, String(key.ARDivisionNo), String(key.CustomerNo));
    const batch = String(deposit.BatchNo ?? "");
    if (batch && this.sim.locks.batches.heldByOther(batchLockKey(this.company, "AR_CASH", batch), this.session.id))
      fail("BATCH_IN_USE", { batch });
    if (batch && this.sim.faults.isBatchInUse(this.company.code, "A/R", batch)) fail("BATCH_IN_USE", { batch });
  }

  protected override initNew(row: Row): void {
    row.BatchNo = this.deposit(String(row.DepositNo)).BatchNo ?? "";
  }

  override initLine(line: Row): void {
    line.InvoiceType = "IN";
  }

  /** Amount still available on an open invoice for this receipt line (excluding this receipt's own applications). */
  private available(open: Row, invoiceNo: string, invoiceType: string, exceptLineKey: string): number {
    const own = (lines: readonly Row[]) =>
      sumAmounts(
        lines
          .filter((l) => l.InvoiceNo === invoiceNo && l.InvoiceType === invoiceType)
          .map((l) => sumAmounts([Number(l.AmountPosted), Number(l.DiscountAmount)])),
      );
    const otherLines = this.lines.filter((l) => l.SequenceNo !== exceptLineKey);
    return subAmounts(
      sumAmounts([Number(open.Balance), neg(Number(open.PaymentsToday)), own(this.originalLines)]),
      own(otherLines),
    );
  }

  private openInvoice(line: Row): Row {
    const h = this.headerInEdit();
    const open = this.company
      .t("AR_OpenInvoice")
      .get([String(h.ARDivisionNo), String(h.CustomerNo), String(line.InvoiceNo), String(line.InvoiceType || "IN")]);
    if (!open || Number(open.Balance) === 0)
      fail("INVOICE_NOT_OPEN", {
        invoice: String(line.InvoiceNo),
        division: String(h.ARDivisionNo),
        customer: String(h.CustomerNo),
      });
    return open;
  }

  override validateLineValue(col: ColumnDef, value: Value, line: Row): Value {
    const v = String(value);
    if (col.name === "InvoiceNo" && v) {
      if (line.AccountKey) fail("LINE_INVOICE_OR_ACCOUNT");
      const open = this.openInvoice({ ...line, InvoiceNo: v });
      if (Number(line.AmountPosted) === 0)
        line.AmountPosted = Math.max(
          0,
          this.available(open, v, String(line.InvoiceType || "IN"), String(line.SequenceNo)),
        );
    }
    if (col.name === "AccountKey" && v) {
      if (line.InvoiceNo) fail("LINE_INVOICE_OR_ACCOUNT");
      return resolveAccount(this.company, v, col.name);
    }
    return value;
  }

  override validateLine(line: Row): void {
    if (!line.InvoiceNo && !line.AccountKey) fail("REQUIRED", { column: "InvoiceNo" });
    if (line.InvoiceNo) {
      const open = this.openInvoice(line);
      const applied = sumAmounts([Number(line.AmountPosted), Number(line.DiscountAmount)]);
      const avail = this.available(
        open,
        String(line.InvoiceNo),
        String(line.InvoiceType || "IN"),
        String(line.SequenceNo),
      );
      if (Number(open.Balance) > 0 && applied > avail)
        fail("AMOUNT_EXCEEDS_BALANCE", { invoice: String(line.InvoiceNo) });
    }
  }

  protected override beforeWrite(row: Row): void {
    requireCustomer(this.company, String(row.ARDivisionNo), String(row.CustomerNo));
    const posted = sumAmounts(this.lines.map((l) => Number(l.AmountPosted)));
    if (!sameAmount(posted, Number(row.PostingAmt))) fail("DISTRIBUTION_OUT_OF_BALANCE");
  }

  /** PaymentsToday on each open invoice tracks unposted receipts (spec §2.7). */
  private applyPaymentsToday(before: readonly Row[], after: readonly Row[], header: Row, stamp: Stamp): void {
    const delta = new Map<string, number>();
    const add = (lines: readonly Row[], sign: 1 | -1) => {
      for (const l of lines) {
        if (!l.InvoiceNo) continue;
        const k = `${String(l.InvoiceNo)}\u0000${String(l.InvoiceType || "IN")}`;
        const amt = sumAmounts([Number(l.AmountPosted), Number(l.DiscountAmount)]);
        delta.set(k, sumAmounts([delta.get(k) ?? 0, sign === 1 ? amt : neg(amt)]));
      }
    };
    add(before, -1);
    add(after, 1);
    const table = this.company.t("AR_OpenInvoice");
    for (const [k, d] of delta) {
      if (d === 0) continue;
      const [inv = "", type = "IN"] = k.split("\u0000");
      const open = table.get([String(header.ARDivisionNo), String(header.CustomerNo), inv, type]);
      if (open)
        this.company.save(
          "AR_OpenInvoice",
          { ...open, PaymentsToday: sumAmounts([Number(open.PaymentsToday), d]) },
          stamp,
        );
    }
  }

  private refreshDeposit(depositNo: string, stamp: Stamp): void {
    const dep = this.company.t("AR_CashReceiptsDeposit").get([depositNo]);
    if (dep)
      this.company.save(
        "AR_CashReceiptsDeposit",
        { ...dep, DepositBalance: subAmounts(Number(dep.CashDepositAmt), receiptsTotal(this.company, depositNo)) },
        stamp,
      );
  }

  protected override commitWrite(row: Row, isNew: boolean, stamp: Stamp): void {
    super.commitWrite(row, isNew, stamp);
    this.applyPaymentsToday(this.originalLines, this.lines, row, stamp);
    this.refreshDeposit(String(row.DepositNo), stamp);
  }

  protected override commitDelete(row: Row, stamp: Stamp): void {
    super.commitDelete(row, stamp);
    this.applyPaymentsToday(this.originalLines, [], row, stamp);
    this.refreshDeposit(String(row.DepositNo), stamp);
  }
}

function neg(a: number): number {
  return subAmounts(0, a);
}
