// SO_Invoice_bus (SO_InvoiceHeader/Detail): shipping/invoicing, in batches. Setting SalesOrderNo$ copies the order
// header; oLines.nCopyLinesFromSalesOrder(order, "Y") copies its open lines shipping the open quantity. Direct
// invoices (no order) add item lines. Posted by SO_SalesJournal_upd.
import { BatchEntryObject } from "../boi/batch-entry";
import { setRef } from "../boi/by-ref";
import type { ObjectContext } from "../boi/data-object";
import { fail } from "../boi/errors";
import type { WarnSink } from "../boi/lines";
import { extension } from "../money";
import type { ColumnDef, Row, Value } from "../tables/schema";
import { blankRow } from "../tables/schema";
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

const FROM_ORDER = [
  "ARDivisionNo",
  "CustomerNo",
  "BillToName",
  "BillToAddress1",
  "BillToAddress2",
  "BillToAddress3",
  "BillToCity",
  "BillToState",
  "BillToZipCode",
  "TermsCode",
  "TaxSchedule",
  "SalespersonDivisionNo",
  "SalespersonNo",
  "CustomerPONo",
  "WarehouseCode",
  "Comment",
];

export class SoInvoiceBus extends BatchEntryObject {
  protected readonly batchKind = "SO_INVOICE" as const;

  constructor(ctx: ObjectContext) {
    super(ctx, "SO_Invoice_bus", "SO_InvoiceHeader", {
      table: "SO_InvoiceDetail",
      headerKey: ["InvoiceNo"],
      lineKeyColumn: "LineKey",
      headerIndex: "KHEADER",
    });
  }

  protected override afterKeyResolved(key: Row, existing: Row | undefined): void {
    if (existing) {
      if (this.company.options.batchProcessing.SO_INVOICE && existing.BatchNo !== this.selectedBatch)
        fail("DUPLICATE_INVOICE", { invoice: String(key.InvoiceNo), batch: String(existing.BatchNo) });
      return;
    }
    checkInvoiceNumberFree(this.company, String(key.InvoiceNo), "IN", "SO");
    this.requireBatch("invoices");
  }

  protected override initNew(row: Row): void {
    row.BatchNo = this.requireBatch("invoices");
    row.ARDivisionNo = this.company.options.divisionsEnabled ? "" : "00";
    row.InvoiceDate = this.moduleDate("S/O");
    row.WarehouseCode = this.company.options.defaultWarehouse;
  }

  private order(no: string): Row {
    const order = this.company.t("SO_SalesOrderHeader").get([no]);
    if (!order || order.OrderType === "Q" || order.OrderType === "P") fail("ORDER_NOT_OPEN", { order: no });
    if (order.OrderStatus === "H") fail("ORDER_ON_HOLD", { order: no });
    return order;
  }

  protected override validateValue(col: ColumnDef, value: Value, row: Row): Value {
    const v = String(value);
    switch (col.name) {
      case "SalesOrderNo": {
        if (!v) break;
        const order = this.order(v);
        const other = this.company
          .t("SO_InvoiceHeader")
          .lookup("KORDER", [v])
          .find((i) => i.InvoiceNo !== row.InvoiceNo);
        if (other) fail("ORDER_IN_USE", { order: v, invoice: String(other.InvoiceNo) });
        checkDocumentCustomer(this.company, String(order.ARDivisionNo), String(order.CustomerNo), (c, p) =>
          this.warn(c, p),
        );
        for (const c of FROM_ORDER) row[c] = order[c] ?? "";
        break;
      }
      case "ARDivisionNo":
      case "CustomerNo":
        if (row.SalesOrderNo) fail("READ_ONLY_COLUMN", { column: col.name });
        if (col.name === "ARDivisionNo") requireDivision(this.company, "AR", v, col.name);
        else
          applyCustomerDefaults(
            row,
            checkDocumentCustomer(this.company, String(row.ARDivisionNo), v, (c, p) => this.warn(c, p)),
          );
        break;
      case "InvoiceDate":
        if (v) checkPostingDate(this.company, v);
        break;
      case "TermsCode":
        requireRef(this.company, "AR_TermsCode", [v], col.name);
        break;
      case "TaxSchedule":
        requireRef(this.company, "SY_SalesTaxSchedule", [v], col.name);
        break;
      case "WarehouseCode":
        requireRef(this.company, "IM_Warehouse", [v], col.name);
        break;
    }
    return value;
  }

  /** Called by oLines.nCopyLinesFromSalesOrder. */
  copyLinesFromSalesOrder(orderNo: string, shipComplete: boolean): void {
    const row = this.headerInEdit();
    const no = orderNo
      .trim()
      .toUpperCase()
      .padStart(/^\d+$/.test(orderNo.trim()) ? 7 : 0, "0");
    if (row.SalesOrderNo !== no) {
      row.SalesOrderNo = this.validateValue(this.schema.columnMap.get("SalesOrderNo") as ColumnDef, no, row);
    }
    const schema = this.lineSchema();
    const orderLines = this.company
      .t("SO_SalesOrderDetail")
      .lookup("KHEADER", [no])
      .slice()
      .sort((a, b) => String(a.LineKey).localeCompare(String(b.LineKey)));
    for (const ol of orderLines) {
      if (this.lines.some((l) => l.OrderLineKey === ol.LineKey)) continue;
      const open = Math.max(0, Number(ol.QuantityOrdered) - Number(ol.QuantityShipped));
      if (ol.ItemType !== "4" && open === 0) continue;
      const line = blankRow(schema);
      for (const c of [
        "ItemCode",
        "ItemType",
        "ItemCodeDesc",
        "WarehouseCode",
        "UnitPrice",
        "UnitCost",
        "UnitOfMeasure",
        "SalesAcctKey",
        "CostOfGoodsSoldAcctKey",
        "TaxClass",
        "CommentText",
      ])
        line[c] = ol[c] ?? line[c] ?? "";
      line.LineKey = this.nextLineKey();
      line.OrderLineKey = ol.LineKey ?? "";
      line.QuantityOrdered = Number(ol.QuantityOrdered);
      line.QuantityShipped = shipComplete ? open : 0;
      line.QuantityBackordered = shipComplete ? 0 : open;
      line.ExtensionAmt = ol.ItemType === "4" ? 0 : extension(Number(line.QuantityShipped), Number(line.UnitPrice));
      this.lines.push(line);
    }
  }

  private orderLine(line: Row): Row | undefined {
    const h = this.headerInEdit();
    if (!line.OrderLineKey || !h.SalesOrderNo) return undefined;
    return this.company.t("SO_SalesOrderDetail").get([h.SalesOrderNo, line.OrderLineKey]);
  }

  override validateLineValue(col: ColumnDef, value: Value, line: Row, sink: WarnSink): Value {
    const v = String(value);
    switch (col.name) {
      case "ItemCode": {
        if (line.OrderLineKey) fail("READ_ONLY_COLUMN", { column: col.name });
        const item = requireItem(this.company, v);
        if (item.UseInSO === "N")
          fail("ITEM_TYPE_NOT_ALLOWED", { item: v, type: String(item.ItemType), module: "S/O Invoice Data Entry" });
        line.ItemCode = v;
        applyItemToLine(line, item, "QuantityShipped", String(this.headerInEdit().WarehouseCode ?? ""));
        break;
      }
      case "QuantityShipped": {
        const ol = this.orderLine(line);
        if (ol) {
          const open = Math.max(0, Number(ol.QuantityOrdered) - Number(ol.QuantityShipped));
          if (Number(value) > open) sink.warn("OVER_SHIPPED");
          line.QuantityBackordered = Math.max(0, open - Number(value));
        }
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
    if (col === "QuantityShipped" || col === "UnitPrice") recalcExtension(line, "QuantityShipped");
  }

  override validateLine(line: Row): void {
    if (line.ItemType !== "4" && !line.SalesAcctKey) fail("REQUIRED", { column: "SalesAcctKey" });
    if ((line.ItemType === "1" || line.ItemType === "2") && !line.WarehouseCode)
      fail("REQUIRED", { column: "WarehouseCode" });
  }

  protected override beforeWrite(row: Row): void {
    checkDocumentCustomer(this.company, String(row.ARDivisionNo), String(row.CustomerNo), () => undefined);
    checkPostingDate(this.company, String(row.InvoiceDate));
    const t = computeTotals(this.company, String(row.TaxSchedule), this.lines);
    row.TaxableSalesAmt = t.taxable;
    row.NonTaxableSalesAmt = t.nonTaxable;
    row.SalesTaxAmt = t.tax;
    row.InvoiceDueDate = termsDates(this.company, "AR_TermsCode", String(row.TermsCode), String(row.InvoiceDate)).due;
  }

  /** Next invoice number (shared with A/R invoices). */
  nGetNextInvoiceNo(ref?: unknown): number {
    setRef(ref, nextInvoiceNo(this.company));
    return 1;
  }
}
