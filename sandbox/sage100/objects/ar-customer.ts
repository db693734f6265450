// AR_Customer_bus: customers keyed ARDivisionNo+CustomerNo, defaults from A/R options, reference checks.
import { BusinessObject } from "../boi/business-object";
import { setRef } from "../boi/by-ref";
import type { ObjectContext } from "../boi/data-object";
import { fail } from "../boi/errors";
import type { ColumnDef, Row, Value } from "../tables/schema";
import { requireDivision, requireRef } from "../validation/lookups";

export class ArCustomerBus extends BusinessObject {
  constructor(ctx: ObjectContext) {
    super(ctx, "AR_Customer_bus", "AR_Customer");
  }

  protected override beforeSetKey(key: Row): void {
    requireDivision(this.company, "AR", String(key.ARDivisionNo), "ARDivisionNo");
  }

  protected override initNew(row: Row): void {
    const o = this.company.options;
    row.TermsCode = o.defaultTermsCode;
    row.TaxSchedule = o.defaultTaxSchedule;
    row.SalespersonDivisionNo = row.ARDivisionNo ?? "00";
    row.DateEstablished = this.moduleDate("A/R");
  }

  protected override validateValue(col: ColumnDef, value: Value, row: Row): Value {
    const v = String(value);
    switch (col.name) {
      case "TermsCode":
        if (v) requireRef(this.company, "AR_TermsCode", [v], col.name);
        break;
      case "TaxSchedule":
        if (v) requireRef(this.company, "SY_SalesTaxSchedule", [v], col.name);
        break;
      case "SalespersonDivisionNo":
        requireDivision(this.company, "AR", v, col.name);
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
    }
    return value;
  }

  protected override beforeDelete(row: Row): void {
    const key = [row.ARDivisionNo ?? "", row.CustomerNo ?? ""];
    const open = this.company
      .t("AR_OpenInvoice")
      .lookup("KCUSTOMER", key)
      .some((r) => Number(r.Balance) !== 0);
    const pending = this.company.t("AR_InvoiceHeader").lookup("KCUSTOMER", key).length > 0;
    const orders = this.company.t("SO_SalesOrderHeader").lookup("KCUSTOMER", key).length > 0;
    if (open || pending || orders)
      fail("DELETE_NOT_ALLOWED", {
        what: `Customer ${String(row.CustomerNo)}`,
        reason: "it has open invoices or orders",
      });
  }

  /** Next customer number (7 digits), burned whether or not it is written (spec §1.3). */
  nGetNextCustomerNo(ref?: unknown): number {
    const table = this.company.t("AR_Customer");
    let no: string;
    do no = String(this.company.nextCounter("CustomerNo", 1)).padStart(7, "0");
    while ([...table.values()].some((r) => r.CustomerNo === no));
    setRef(ref, no);
    return 1;
  }
}
