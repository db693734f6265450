// Common Information items and Inventory Management warehouses/quantities (spec §2.3, §2.4).
import { e, f, n, s, table, type TableDef } from "../schema";
import { ITEM_TYPES } from "./ar";

const ro = { readOnly: true };

export const CI_IM_TABLES: TableDef[] = [
  table("CI_Item", { key: ["ItemCode"], audit: true }, [
    s("ItemCode", 30, { upper: true }),
    e("ItemType", ITEM_TYPES),
    s("ItemCodeDesc", 30, { required: true }),
    s("ProductLine", 4, { upper: true }),
    e("ProductType", ["F", "R", "D", "K"]),
    e("Valuation", ["1", "2", "3", "4", "5", "6"], { default: "2" }),
    n("StandardUnitPrice", 6),
    n("StandardUnitCost", 6),
    n("AverageUnitCost", 6, ro),
    s("SalesUnitOfMeasure", 4, { upper: true, default: "EACH" }),
    s("PurchaseUnitOfMeasure", 4, { upper: true, default: "EACH" }),
    s("StandardUnitOfMeasure", 4, { upper: true, default: "EACH" }),
    s("SalesAcctKey", 9),
    s("CostOfGoodsSoldAcctKey", 9),
    s("InventoryAcctKey", 9),
    s("PurchaseAcctKey", 9),
    s("TaxClass", 2, { upper: true, default: "TX" }),
    s("DefaultWarehouseCode", 3, { upper: true }),
    s("PrimaryAPDivisionNo", 2, { zeroFill: true }),
    s("PrimaryVendorNo", 7, { upper: true }),
    f("InactiveItem"),
    n("TotalQuantityOnHand", 6, ro),
    f("UseInAR", { default: "Y" }),
    f("UseInSO", { default: "Y" }),
    f("UseInPO", { default: "Y" }),
  ]),
  table("IM_Warehouse", { key: ["WarehouseCode"], audit: true }, [
    s("WarehouseCode", 3, { upper: true }),
    s("WarehouseDesc", 30),
  ]),
  table(
    "IM_ItemWarehouse",
    { key: ["ItemCode", "WarehouseCode"], indexes: { KWHSE: ["WarehouseCode"], KITEM: ["ItemCode"] }, audit: true },
    [
      s("ItemCode", 30, { upper: true }),
      s("WarehouseCode", 3, { upper: true }),
      s("BinLocation", 10),
      n("QuantityOnHand", 6, ro),
      n("QuantityOnSalesOrder", 6, ro),
      n("QuantityOnBackOrder", 6, ro),
      n("QuantityOnPurchaseOrder", 6, ro),
      n("QuantityOnWorkOrder", 6, ro),
      n("QuantityRequiredForWO", 6, ro),
      n("QuantityInShipping", 6, ro),
      n("AverageCost", 6, ro),
      n("ReorderPointQty", 6),
    ],
  ),
];
