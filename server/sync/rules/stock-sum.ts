// Stock for KashFlow from Sage 100's warehouse quantities (spec §2.4): each warehouse's on-hand (or available)
// quantity, kept per warehouse so a change batch carrying one warehouse can be summed with the others, then summed
// over the company's warehouse set. Exact decimals only.
import { addDecimal, toDecimal, type DecimalString } from "@/server/domain/canonical/money";

export type StockMeasure = "on_hand" | "available";
export type WarehouseQuantities = Record<string, DecimalString>;

const qty = (row: Record<string, unknown>, column: string): DecimalString => {
  const v = row[column];
  return (typeof v === "number" || typeof v === "string" ? toDecimal(v) : null) ?? "0";
};

/** Available ≈ on hand − on sales order − on back order − required for work orders (spec §2.4). */
export function warehouseQuantity(row: Record<string, unknown>, measure: StockMeasure): DecimalString {
  const onHand = qty(row, "QuantityOnHand");
  if (measure === "on_hand") return onHand;
  const held = addDecimal(
    qty(row, "QuantityOnSalesOrder"),
    qty(row, "QuantityOnBackOrder"),
    qty(row, "QuantityRequiredForWO"),
  );
  return addDecimal(onHand, held.startsWith("-") ? held.slice(1) : `-${held}`);
}

export const warehouseCodeOf = (row: Record<string, unknown>): string =>
  String(row.WarehouseCode ?? "")
    .trim()
    .toUpperCase();

/** Whether a warehouse counts: the company's set, or every warehouse when the set is empty. */
export const countsWarehouse = (warehouses: readonly string[], code: string): boolean =>
  warehouses.length === 0 || warehouses.includes(code);

/** What was known per warehouse, updated with the rows of one batch (rows of warehouses outside the set are ignored). */
export function mergeWarehouses(
  previous: WarehouseQuantities,
  rows: readonly Record<string, unknown>[],
  o: { warehouses: readonly string[]; measure: StockMeasure },
): WarehouseQuantities {
  const out: WarehouseQuantities = {};
  for (const [code, q] of Object.entries(previous)) if (countsWarehouse(o.warehouses, code)) out[code] = q;
  for (const row of rows) {
    const code = warehouseCodeOf(row);
    if (code && countsWarehouse(o.warehouses, code)) out[code] = warehouseQuantity(row, o.measure);
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

export const sumWarehouses = (w: WarehouseQuantities): DecimalString => addDecimal("0", ...Object.values(w));

/** The label of a warehouse set, stored with each stock record: a different set means the sums must be rebuilt. */
export const warehouseSetLabel = (warehouses: readonly string[], measure: StockMeasure): string =>
  `${warehouses.length ? [...warehouses].sort().join("+") : "ALL"}:${measure}`;
