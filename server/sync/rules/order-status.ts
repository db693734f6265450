// Sales-order status from Sage 100 (spec §2.5) for the KashFlow invoice it belongs to: what a header row says about
// shipping, how an order names its KashFlow invoice, and the "Shipped" line written on the invoice (idempotent: a
// second write of the same status changes nothing; a newer status replaces the older line).
import type { OrderStatus } from "@/server/domain/canonical/order-status";

type Row = Record<string, unknown>;
const str = (row: Row, col: string): string => String(row[col] ?? "").trim();

/** An ODBC date ("2025-03-15") or BOI date ("20250315") as ISO, or null. */
export function isoOf(value: string): string | null {
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) return value.slice(0, 10);
  if (/^\d{8}$/.test(value)) return `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
  return null;
}

/** SO_SalesOrderHeader (N/O/C/H) or SO_SalesOrderHistoryHeader (A active, C completed, X deleted). */
export function orderStatusOfRow(row: Row, table: "open" | "history"): OrderStatus["status"] {
  const status = str(row, "OrderStatus").toUpperCase();
  const invoiced = str(row, "LastInvoiceNo") !== "";
  if (table === "history") {
    if (status === "X") return "cancelled";
    if (status === "C") return invoiced ? "shipped" : "closed";
    return invoiced ? "partially_shipped" : "open";
  }
  if (status === "H") return "on_hold";
  if (status === "C") return invoiced ? "shipped" : "closed";
  return invoiced ? "partially_shipped" : "open";
}

/** The day it shipped: the order's completion, else its last invoice. */
export const shippedOn = (row: Row): string | null =>
  isoOf(str(row, "DateOrderCompleted")) ?? isoOf(str(row, "LastInvoiceDate"));

/** "KF1234", "KF-1234", "INV 1234", "#1234", "1234" → "1234"; anything else is not an invoice number. */
export function kashflowInvoiceNumberInPo(po: string): string | null {
  const m = /^\s*(?:KF|INV(?:OICE)?|KASHFLOW)?\s*[-#:/ ]?\s*0*(\d{1,9})\s*$/i.exec(po);
  return m ? m[1]! : null;
}

const MARKER = /(?:^| \| )(?:Shipped|Part shipped)(?: \d{4}-\d{2}-\d{2})? · Sage 100 order .*$/;

/** The line Ledgerlink writes: "Shipped 2025-03-15 · Sage 100 order 0000123". */
export function shippedNote(o: {
  status: "shipped" | "partially_shipped";
  orderNumber: string;
  on: string | null;
}): string {
  return `${o.status === "shipped" ? "Shipped" : "Part shipped"}${o.on ? ` ${o.on}` : ""} · Sage 100 order ${o.orderNumber}`;
}

/** The reference without Ledgerlink's shipping line (what the customer wrote). */
export const withoutShippedNote = (reference: string): string => reference.replace(MARKER, "");

/** The customer's reference with the shipping line after it, replacing an older one; never longer than `max`. */
export function withShippedNote(reference: string, note: string, max = 250): string {
  const own = withoutShippedNote(reference);
  if (!own) return note.slice(0, max);
  const tail = ` | ${note}`;
  return `${own.slice(0, Math.max(0, max - tail.length))}${tail}`;
}
