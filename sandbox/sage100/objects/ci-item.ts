// CI_ItemCode_bus: items (table CI_Item). Misc/charge/comment codes start with "/"; new regular items get an
// IM_ItemWarehouse record in their default warehouse; quantities are never written directly.
import { BusinessObject } from "../boi/business-object";
import type { ObjectContext } from "../boi/data-object";
import { fail } from "../boi/errors";
import type { Stamp } from "../tables/company";
import type { ColumnDef, Row, Value } from "../tables/schema";
import { requireRef, requireVendor, resolveAccount } from "../validation/lookups";
import { ensureItemWarehouse } from "./inventory";

const ACCOUNT_COLUMNS = new Set(["SalesAcctKey", "CostOfGoodsSoldAcctKey", "InventoryAcctKey", "PurchaseAcctKey"]);

function checkPrefix(itemCode: string, itemType: string): void {
  const slash = itemCode.startsWith("/");
  const misc = itemType === "3" || itemType === "4" || itemType === "5";
  if (slash !== misc) fail("ITEM_CODE_PREFIX");
}

export class CiItemCodeBus extends BusinessObject {
  constructor(ctx: ObjectContext) {
    super(ctx, "CI_ItemCode_bus", "CI_Item");
  }

  protected override initNew(row: Row): void {
    const code = String(row.ItemCode);
    row.ItemType = code.startsWith("/") ? "5" : "1";
    row.DefaultWarehouseCode = code.startsWith("/") ? "" : this.company.options.defaultWarehouse;
  }

  protected override validateValue(col: ColumnDef, value: Value, row: Row): Value {
    const v = String(value);
    if (ACCOUNT_COLUMNS.has(col.name)) return resolveAccount(this.company, v, col.name);
    switch (col.name) {
      case "ItemType":
        checkPrefix(String(row.ItemCode), v);
        break;
      case "TaxClass":
        if (v) requireRef(this.company, "SY_SalesTaxClass", [v], col.name);
        break;
      case "DefaultWarehouseCode":
        if (v) requireRef(this.company, "IM_Warehouse", [v], col.name);
        break;
      case "PrimaryVendorNo":
        if (v) requireVendor(this.company, String(row.PrimaryAPDivisionNo || "00"), v);
        break;
    }
    return value;
  }

  protected override beforeWrite(row: Row): void {
    checkPrefix(String(row.ItemCode), String(row.ItemType));
  }

  protected override commitWrite(row: Row, isNew: boolean, stamp: Stamp): void {
    super.commitWrite(row, isNew, stamp);
    if (isNew && row.ItemType === "1" && row.DefaultWarehouseCode)
      ensureItemWarehouse(this.company, String(row.ItemCode), String(row.DefaultWarehouseCode), stamp);
  }

  protected override beforeDelete(row: Row): void {
    const stock = this.company.t("IM_ItemWarehouse").lookup("KITEM", [row.ItemCode ?? ""]);
    if (stock.some((w) => Number(w.QuantityOnHand) !== 0 || Number(w.QuantityOnSalesOrder) !== 0))
      fail("DELETE_NOT_ALLOWED", {
        what: `Item ${String(row.ItemCode)}`,
        reason: "it has quantities on hand or on order",
      });
  }

  protected override commitDelete(row: Row, stamp: Stamp): void {
    super.commitDelete(row, stamp);
    const table = this.company.t("IM_ItemWarehouse");
    for (const w of table.lookup("KITEM", [row.ItemCode ?? ""])) table.deleteByPk(table.keyOf(w));
  }
}
