import { describe, expect, it } from "vitest";
import {
  kashflowInvoiceNumberInPo,
  orderStatusOfRow,
  shippedNote,
  shippedOn,
  withoutShippedNote,
  withShippedNote,
} from "./order-status";
import { mergeWarehouses, sumWarehouses, warehouseQuantity, warehouseSetLabel } from "./stock-sum";

describe("stock levels from warehouse rows", () => {
  const row = (WarehouseCode: string, QuantityOnHand: number, QuantityOnSalesOrder = 0) => ({
    ItemCode: "WIDGET-100",
    WarehouseCode,
    QuantityOnHand,
    QuantityOnSalesOrder,
    QuantityOnBackOrder: 0,
    QuantityRequiredForWO: 0,
  });

  it("sums the company's warehouses exactly, keeping what earlier batches said", () => {
    const first = mergeWarehouses({}, [row("000", 12.5), row("001", 3), row("002", 100)], {
      warehouses: ["000", "001"],
      measure: "on_hand",
    });
    expect(first).toEqual({ "000": "12.5", "001": "3" });
    expect(sumWarehouses(first)).toBe("15.5");
    const next = mergeWarehouses(first, [row("001", 2.25)], { warehouses: ["000", "001"], measure: "on_hand" });
    expect(sumWarehouses(next)).toBe("14.75");
    expect(
      sumWarehouses(mergeWarehouses({}, [row("000", 0.1), row("001", 0.2)], { warehouses: [], measure: "on_hand" })),
    ).toBe("0.3");
  });

  it("available deducts what orders hold", () => {
    expect(warehouseQuantity(row("000", 10, 4), "available")).toBe("6");
    expect(warehouseQuantity(row("000", 1, 4), "available")).toBe("-3");
    expect(warehouseSetLabel(["001", "000"], "available")).toBe("000+001:available");
    expect(warehouseSetLabel([], "on_hand")).toBe("ALL:on_hand");
  });
});

describe("order status", () => {
  it("reads shipping from the open and history headers", () => {
    expect(orderStatusOfRow({ OrderStatus: "C", LastInvoiceNo: "0001001" }, "history")).toBe("shipped");
    expect(orderStatusOfRow({ OrderStatus: "A", LastInvoiceNo: "0001001" }, "history")).toBe("partially_shipped");
    expect(orderStatusOfRow({ OrderStatus: "X", LastInvoiceNo: "" }, "history")).toBe("cancelled");
    expect(orderStatusOfRow({ OrderStatus: "H" }, "open")).toBe("on_hold");
    expect(orderStatusOfRow({ OrderStatus: "O", LastInvoiceNo: "" }, "open")).toBe("open");
    expect(shippedOn({ DateOrderCompleted: "2025-03-15", LastInvoiceDate: "2025-03-14" })).toBe("2025-03-15");
    expect(shippedOn({ DateOrderCompleted: "", LastInvoiceDate: "20250314" })).toBe("2025-03-14");
  });

  it("finds the KashFlow invoice number in a customer PO", () => {
    for (const po of ["KF1234", "kf-1234", "INV 1234", "Invoice#01234", "#1234", "1234"])
      expect(kashflowInvoiceNumberInPo(po), po).toBe("1234");
    for (const po of ["PO-778", "", "KF12A", "ORDER 5 6"]) expect(kashflowInvoiceNumberInPo(po), po).toBeNull();
  });

  it("writes one shipping line after the customer's reference, replacing an older one", () => {
    const part = shippedNote({ status: "partially_shipped", orderNumber: "0000123", on: "2025-03-14" });
    const full = shippedNote({ status: "shipped", orderNumber: "0000123", on: "2025-03-15" });
    expect(full).toBe("Shipped 2025-03-15 · Sage 100 order 0000123");
    const once = withShippedNote("PO-778", part);
    expect(once).toBe("PO-778 | Part shipped 2025-03-14 · Sage 100 order 0000123");
    const twice = withShippedNote(once, full);
    expect(twice).toBe("PO-778 | Shipped 2025-03-15 · Sage 100 order 0000123");
    expect(withShippedNote(twice, full)).toBe(twice);
    expect(withoutShippedNote(twice)).toBe("PO-778");
    expect(withShippedNote("", full)).toBe(full);
    expect(withShippedNote(full, part)).toBe(part);
    expect(withoutShippedNote("Shipped goods PO-1")).toBe("Shipped goods PO-1");
    expect(withShippedNote("x".repeat(60), full, 50)).toHaveLength(50);
  });
});
