// AP_Vendor_bus: vendors keyed APDivisionNo+VendorNo (7 chars), default expense account (AccountKey).
import { BusinessObject } from "../boi/business-object";
import { setRef } from "../boi/by-ref";
import type { ObjectContext } from "../boi/data-object";
import { fail } from "../boi/errors";
import type { ColumnDef, Row, Value } from "../tables/schema";
import { requireDivision, requireRef, resolveAccount } from "../validation/lookups";

export class ApVendorBus extends BusinessObject {
  constructor(ctx: ObjectContext) {
    super(ctx, "AP_Vendor_bus", "AP_Vendor");
  }

  protected override beforeSetKey(key: Row): void {
    requireDivision(this.company, "AP", String(key.APDivisionNo), "APDivisionNo");
  }

  protected override initNew(row: Row): void {
    row.TermsCode = this.company.options.defaultApTermsCode;
  }

  protected override validateValue(col: ColumnDef, value: Value): Value {
    const v = String(value);
    switch (col.name) {
      case "TermsCode":
        if (v) requireRef(this.company, "AP_TermsCode", [v], col.name);
        return value;
      case "TaxSchedule":
        if (v) requireRef(this.company, "SY_SalesTaxSchedule", [v], col.name);
        return value;
      case "AccountKey":
        return resolveAccount(this.company, v, col.name);
    }
    return value;
  }

  protected override beforeDelete(row: Row): void {
    const key = [row.APDivisionNo ?? "", row.VendorNo ?? ""];
    const open = [...this.company.t("AP_OpenInvoice").values()].some(
      (r) => r.APDivisionNo === key[0] && r.VendorNo === key[1] && Number(r.Balance) !== 0,
    );
    if (open) fail("DELETE_NOT_ALLOWED", { what: `Vendor ${String(row.VendorNo)}`, reason: "it has open invoices" });
  }

  /** Next vendor number (7 digits), burned whether or not it is written (inferred by analogy). */
  nGetNextVendorNo(ref?: unknown): number {
    const table = this.company.t("AP_Vendor");
    let no: string;
    do no = String(this.company.nextCounter("VendorNo", 1)).padStart(7, "0");
    while ([...table.values()].some((r) => r.VendorNo === no));
    setRef(ref, no);
    return 1;
  }
}
