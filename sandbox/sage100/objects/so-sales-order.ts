// SO_SalesOrder_bus (SO_SalesOrderHeader/Detail): orders keyed SalesOrderNo; "ItemCode$ first" loads line
// defaults; duplicate customer PO => -1 warning (sourced text); quantities committed to QuantityOnSalesOrder; a copy
// is kept in SO_SalesOrderHistory* (status A/C/X). Shipping happens through SO_Invoice_bus + SO_SalesJournal_upd.
import { BusinessObject } from "../boi/business-object";
import { setRef } from "../boi/by-ref";
import type { ObjectContext } from "../boi/data-object";
import { fail } from "../boi/errors";
import type { Stamp } from "../tables/company";
import type { ColumnDef, Row, Value } from "../tables/schema";
import { requireDivision, requireItem, requireRef, resolveAccount } from "../validation/lookups";
import {
  applyCustomerDefaults,
  applyItemToLine,
  checkDocumentCustomer,
  computeTotals,
  recalcExtension,
} from "./document-helpers";
import { applyCommitment, committedQuantities, writeOrderHistory } from "./so-order-helpers";

const USER_STATUSES = ["N", "O", "H"];

export class SoSalesOrderBus extends BusinessObject {
  constructor(ctx: ObjectContext) {
    super(ctx, "SO_SalesOrder_bus", "SO_SalesOrderHeader", {
      table: "SO_SalesOrderDetail",
      headerKey: ["SalesOrderNo"],
      lineKeyColumn: "LineKey",
      headerIndex: "KHEADER",
    });
  }

  protected override afterKeyResolved(key: Row, existing: Row | undefined): void {
    if (!existing && this.company.t("SO_SalesOrderHistoryHeader").has([key.SalesOrderNo ?? ""]))
      fail("RECORD_EXISTS", { column: "SalesOrderNo", value: String(key.SalesOrderNo) });
  }

  protected override initNew(row: Row): void {
    row.OrderDate = this.moduleDate("S/O");
    row.ARDivisionNo = this.company.options.divisionsEnabled ? "" : "00";
    row.WarehouseCode = this.company.options.defaultWarehouse;
  }

  private duplicatePo(row: Row, po: string): boolean {
    const sameCustomer = this.company
      .t("SO_SalesOrderHeader")
      .lookup("KCUSTPO", [row.ARDivisionNo ?? "", row.CustomerNo ?? "", po]);
    if (sameCustomer.some((o) => o.SalesOrderNo !== row.SalesOrderNo)) return true;
    return this.company
      .t("AR_InvoiceHistoryHeader")
      .lookup("KCUSTOMER", [row.ARDivisionNo ?? "", row.CustomerNo ?? ""])
      .some((h) => h.CustomerPONo === po);
  }

  protected override validateValue(col: ColumnDef, value: Value, row: Row): Value {
    const v = String(value);
    switch (col.name) {
      case "ARDivisionNo":
        requireDivision(this.company, "AR", v, col.name);
        break;
      case "CustomerNo": {
        const cust = checkDocumentCustomer(this.company, String(row.ARDivisionNo), v, (c, p) => this.warn(c, p));
        applyCustomerDefaults(row, cust, true);
        break;
      }
      case "CustomerPONo":
        if (v && this.duplicatePo(row, v)) this.warn("DUPLICATE_CUSTOMER_PO");
        break;
      case "OrderStatus":
        if (!USER_STATUSES.includes(v)) fail("INVALID_ENUM", { column: col.name, values: USER_STATUSES.join(", ") });
        break;
      case "WarehouseCode":
        requireRef(this.company, "IM_Warehouse", [v], col.name);
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
    }
    return value;
  }

  override initLine(line: Row): void {
    line.WarehouseCode = this.headerInEdit().WarehouseCode ?? "";
  }

  override validateLineValue(col: ColumnDef, value: Value, line: Row): Value {
    const v = String(value);
    switch (col.name) {
      case "ItemCode": {
        const item = requireItem(this.company, v);
        if (item.UseInSO === "N")
          fail("ITEM_TYPE_NOT_ALLOWED", { item: v, type: String(item.ItemType), module: "Sales Order Entry" });
        line.ItemCode = v;
        applyItemToLine(line, item, "QuantityOrdered", String(this.headerInEdit().WarehouseCode ?? ""));
        break;
      }
      case "WarehouseCode":
        requireRef(this.company, "IM_Warehouse", [v], col.name);
        break;
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
    if (col === "QuantityOrdered" || col === "UnitPrice") recalcExtension(line, "QuantityOrdered");
  }

  override validateLine(line: Row): void {
    if (line.ItemType !== "4" && !line.SalesAcctKey) fail("REQUIRED", { column: "SalesAcctKey" });
    if ((line.ItemType === "1" || line.ItemType === "2") && !line.WarehouseCode)
      fail("REQUIRED", { column: "WarehouseCode" });
  }

  protected override beforeWrite(row: Row): void {
    checkDocumentCustomer(this.company, String(row.ARDivisionNo), String(row.CustomerNo), () => undefined);
    const t = computeTotals(this.company, String(row.TaxSchedule), this.lines);
    row.TaxableAmt = t.taxable;
    row.NonTaxableAmt = t.nonTaxable;
    row.SalesTaxAmt = t.tax;
  }

  protected override commitWrite(row: Row, isNew: boolean, stamp: Stamp): void {
    super.commitWrite(row, isNew, stamp);
    applyCommitment(
      this.company,
      committedQuantities(this.original, this.originalLines),
      committedQuantities(row, this.lines),
      stamp,
    );
    writeOrderHistory(this.company, row, this.lines, "A", stamp);
  }

  protected override beforeDelete(row: Row): void {
    if (
      this.company.t("SO_InvoiceHeader").lookup("KORDER", [row.SalesOrderNo ?? ""]).length > 0 ||
      this.lines.some((l) => Number(l.QuantityShipped) > 0)
    )
      fail("DELETE_NOT_ALLOWED", {
        what: `Sales order ${String(row.SalesOrderNo)}`,
        reason: "it has been invoiced or shipped",
      });
  }

  protected override commitDelete(row: Row, stamp: Stamp): void {
    super.commitDelete(row, stamp);
    applyCommitment(this.company, committedQuantities(this.original, this.originalLines), new Map(), stamp);
    writeOrderHistory(this.company, row, this.originalLines, "X", stamp);
  }

  /** Next sales order number (7 digits, burned whether or not it is written). */
  nGetNextSalesOrderNo(ref?: unknown): number {
    let no: string;
    do no = String(this.company.nextCounter("SalesOrderNo", 1)).padStart(7, "0");
    while (this.company.t("SO_SalesOrderHeader").has([no]) || this.company.t("SO_SalesOrderHistoryHeader").has([no]));
    setRef(ref, no);
    return 1;
  }
}
