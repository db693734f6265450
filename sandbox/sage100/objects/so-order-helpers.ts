// Sales order side effects shared by SO_SalesOrder_bus and the S/O sales journal: quantities committed on sales
// orders (IM_ItemWarehouse.QuantityOnSalesOrder) and the order history copy (kept for completed/deleted orders).
import { fromUnits, toUnits } from "../money";
import type { Company, Stamp } from "../tables/company";
import type { Row } from "../tables/schema";
import { copyShared } from "../posting/ar-posting";
import { adjustQuantities } from "./inventory";

/** Open (ordered - shipped) quantity per item/warehouse for regular items; quotes commit nothing. */
export function committedQuantities(header: Row | null, lines: readonly Row[]): Map<string, number> {
  const out = new Map<string, number>();
  if (!header || header.OrderType === "Q" || header.OrderType === "P") return out;
  for (const l of lines) {
    if (l.ItemType !== "1") continue;
    const open = Math.max(0, Number(l.QuantityOrdered) - Number(l.QuantityShipped));
    const k = `${String(l.ItemCode)}\u0000${String(l.WarehouseCode)}`;
    out.set(k, fromUnits(toUnits(out.get(k) ?? 0, 6) + toUnits(open, 6), 6));
  }
  return out;
}

/** Moves QuantityOnSalesOrder from the `before` commitment to the `after` one. */
export function applyCommitment(
  company: Company,
  before: Map<string, number>,
  after: Map<string, number>,
  stamp: Stamp,
): void {
  const keys = new Set([...before.keys(), ...after.keys()]);
  for (const k of keys) {
    const delta = fromUnits(toUnits(after.get(k) ?? 0, 6) - toUnits(before.get(k) ?? 0, 6), 6);
    if (delta === 0) continue;
    const [item = "", whse = ""] = k.split("\u0000");
    adjustQuantities(company, item, whse, { QuantityOnSalesOrder: delta }, stamp);
  }
}

/** Upserts SO_SalesOrderHistoryHeader/Detail for an order with a history status (A active, C completed, X deleted). */
export function writeOrderHistory(
  company: Company,
  header: Row,
  lines: readonly Row[],
  status: "A" | "C" | "X",
  stamp: Stamp,
  extra: Row = {},
): void {
  const hh = company.t("SO_SalesOrderHistoryHeader");
  const cols = hh.schema.columns.map((c) => c.name).filter((c) => !/^(Date|Time|User)(Created|Updated)/.test(c));
  const existing = hh.get([header.SalesOrderNo ?? ""]);
  company.save(
    "SO_SalesOrderHistoryHeader",
    { ...(existing ?? {}), ...copyShared(cols, header), ...extra, OrderStatus: status },
    stamp,
  );
  if (status === "X") return; // deleted orders keep the last detail copy
  const hd = company.t("SO_SalesOrderHistoryDetail");
  for (const old of hd.lookup("KHEADER", [header.SalesOrderNo ?? ""])) hd.deleteByPk(hd.keyOf(old));
  const detailCols = hd.schema.columns.map((c) => c.name);
  for (const l of lines) hd.upsert({ ...copyShared(detailCols, l), SalesOrderNo: header.SalesOrderNo ?? "" });
}
