// Inventory quantity maintenance (IM_ItemWarehouse + CI_Item.TotalQuantityOnHand): only transactions move
// quantities (sales orders, S/O invoice posting, admin adjustments), each write audit-stamped.
import { fromUnits, toUnits } from "../money";
import type { Company, Stamp } from "../tables/company";
import type { Row } from "../tables/schema";

export type QuantityColumn =
  | "QuantityOnHand"
  | "QuantityOnSalesOrder"
  | "QuantityOnBackOrder"
  | "QuantityOnPurchaseOrder"
  | "QuantityInShipping";

export function ensureItemWarehouse(company: Company, itemCode: string, warehouseCode: string, stamp: Stamp): Row {
  const table = company.t("IM_ItemWarehouse");
  const existing = table.get([itemCode, warehouseCode]);
  if (existing) return existing;
  return company.save("IM_ItemWarehouse", { ItemCode: itemCode, WarehouseCode: warehouseCode }, stamp);
}

const addQty = (a: number, b: number): number => fromUnits(toUnits(a, 6) + toUnits(b, 6), 6);

/** Applies quantity deltas to an item/warehouse (created on demand); keeps the item's total on hand in step. */
export function adjustQuantities(
  company: Company,
  itemCode: string,
  warehouseCode: string,
  deltas: Partial<Record<QuantityColumn, number>>,
  stamp: Stamp,
): void {
  const row = { ...ensureItemWarehouse(company, itemCode, warehouseCode, stamp) };
  let changed = false;
  for (const [col, delta] of Object.entries(deltas) as Array<[QuantityColumn, number]>) {
    if (!delta) continue;
    row[col] = addQty(Number(row[col] ?? 0), delta);
    changed = true;
  }
  if (!changed) return;
  company.save("IM_ItemWarehouse", row, stamp);
  if (deltas.QuantityOnHand) {
    const item = company.t("CI_Item").get([itemCode]);
    if (item)
      company.save(
        "CI_Item",
        { ...item, TotalQuantityOnHand: addQty(Number(item.TotalQuantityOnHand ?? 0), deltas.QuantityOnHand) },
        stamp,
      );
  }
}
