// upsertItem: CI_ItemCode_bus keyed ItemCode (spec §2.3). Quantities are never written: they move only through
// transactions.
import type { PayloadOf, ResultOf } from "../protocol";
import { code, type CommandContext } from "./context";
import { upsertRecord, type FieldMap } from "./upsert-record";

const ITEM_FIELDS: FieldMap = [
  ["itemType", "ItemType$"],
  ["description", "ItemCodeDesc$"],
  ["productLine", "ProductLine$"],
  ["standardUnitPrice", "StandardUnitPrice"],
  ["standardUnitCost", "StandardUnitCost"],
  ["salesAccount", "SalesAcctKey$", "account"],
  ["costOfGoodsSoldAccount", "CostOfGoodsSoldAcctKey$", "account"],
  ["inventoryAccount", "InventoryAcctKey$", "account"],
  ["purchaseAccount", "PurchaseAcctKey$", "account"],
  ["taxClass", "TaxClass$"],
  ["defaultWarehouseCode", "DefaultWarehouseCode$"],
  ["salesUnitOfMeasure", "SalesUnitOfMeasure$"],
  ["inactive", "InactiveItem$"],
];

export async function upsertItem(ctx: CommandContext, p: PayloadOf<"upsertItem">): Promise<ResultOf<"upsertItem">> {
  const values = {
    ...p,
    standardUnitPrice: p.standardUnitPrice === undefined ? undefined : Number(p.standardUnitPrice),
    standardUnitCost: p.standardUnitCost === undefined ? undefined : Number(p.standardUnitCost),
    inactive: p.inactive === undefined ? undefined : p.inactive ? "Y" : "N",
  };
  const r = await upsertRecord(
    ctx,
    { object: "CI_ItemCode_bus", task: "CI_ItemCode_ui", module: "C/I" },
    [["ItemCode$", code(p.itemCode), "itemCode"]],
    values,
    ITEM_FIELDS,
  );
  return { itemCode: r.key.ItemCode ?? code(p.itemCode), created: r.created, changed: r.changed };
}
