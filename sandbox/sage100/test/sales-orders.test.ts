import { describe, expect, it } from "vitest";
import { formatMessage } from "../messages";
import { get, newObject, newSim, openSession, postBatch, ref, type Com } from "./helpers";

function order(s: { script: Com; session: Com }, lines: Array<[string, number]>, customer = "ACME") {
  const so = newObject(s, "SO_SalesOrder_bus", "SO_SalesOrder_ui", "S/O");
  const no = ref();
  so.nGetNextSalesOrderNo(no);
  so.nSetKeyValue("SalesOrderNo$", no.value);
  expect(so.nSetKey()).toBe(2);
  so.nSetValue("CustomerNo$", customer);
  so.nSetValue("CustomerPONo$", `PO-${no.value}`);
  for (const [item, qty] of lines) {
    expect(so.oLines.nAddLine()).toBe(2);
    expect(so.oLines.nSetValue("ItemCode$", item)).toBe(1);
    so.oLines.nSetValue("QuantityOrdered", qty);
    expect(so.oLines.nWrite()).toBe(1);
  }
  return { so, orderNo: no.value, result: so.nWrite() };
}

const qty = (sim: ReturnType<typeof newSim>["sim"], item: string, whse = "000") =>
  sim.company("ABC").t("IM_ItemWarehouse").get([item, whse]);

describe("SO_SalesOrder_bus", () => {
  it("ItemCode$ first loads price, warehouse, UoM, accounts; totals and sales tax on write; quantities committed", () => {
    const { sim } = newSim();
    const s = openSession(sim, { module: "S/O" });
    const so = newObject(s, "SO_SalesOrder_bus", "SO_SalesOrder_ui");
    so.nSetKey("1");
    expect(get(so, "SalesOrderNo$")).toBe("0000001");
    so.nSetValue("CustomerNo$", "ACME");
    expect(get(so, "ShipToCity$")).toBe("Los Angeles");
    so.oLines.nAddLine();
    so.oLines.nSetValue("ItemCode$", "GADGET-200");
    expect([
      get(so.oLines, "UnitPrice"),
      get(so.oLines, "WarehouseCode$"),
      get(so.oLines, "UnitOfMeasure$"),
      get(so.oLines, "SalesAcctKey$"),
    ]).toEqual([149.99, "000", "EACH", "000000008"]);
    so.oLines.nSetValue("QuantityOrdered", 3);
    expect(get(so.oLines, "ExtensionAmt")).toBe(449.97);
    so.oLines.nSetValue("WarehouseCode$", "001");
    so.oLines.nWrite();
    so.oLines.nAddLine();
    so.oLines.nSetValue("ItemCode$", "/C");
    so.oLines.nSetValue("CommentText$", "Deliver to loading dock B");
    so.oLines.nWrite();
    expect(so.nWrite()).toBe(1);
    const h = sim.company("ABC").t("SO_SalesOrderHeader").get(["0000001"]);
    expect([h?.TaxableAmt, h?.SalesTaxAmt, h?.OrderStatus]).toEqual([449.97, 32.62, "N"]);
    expect(qty(sim, "GADGET-200", "001")?.QuantityOnSalesOrder).toBe(3);
    expect(sim.company("ABC").t("SO_SalesOrderHistoryHeader").get(["0000001"])?.OrderStatus).toBe("A");

    // editing the order moves the commitment; deleting it releases it and keeps a deleted copy in history
    expect(so.nSetKey("0000001")).toBe(1);
    so.oLines.nMoveFirst();
    so.oLines.nSetValue("QuantityOrdered", 5);
    so.oLines.nWrite();
    expect(so.nWrite()).toBe(1);
    expect(qty(sim, "GADGET-200", "001")?.QuantityOnSalesOrder).toBe(5);
    expect(so.nDelete("0000001")).toBe(1);
    expect(qty(sim, "GADGET-200", "001")?.QuantityOnSalesOrder).toBe(0);
    expect(sim.company("ABC").t("SO_SalesOrderHistoryHeader").get(["0000001"])?.OrderStatus).toBe("X");
    expect(so.nSetKey("0000001")).toBe(0);
    expect(so.sLastErrorMsg).toBe(formatMessage("RECORD_EXISTS", { column: "SalesOrderNo", value: "0000001" }).text);
  });

  it("shipping through SO_Invoice_bus: partial shipment keeps the order open, full shipment completes it", () => {
    const { sim } = newSim();
    const s = openSession(sim, { module: "S/O" });
    const { orderNo, result, so } = order(s, [
      ["WIDGET-100", 10],
      ["CABLE-USBC", 4],
    ]);
    expect(result).toBe(1);
    so.DropObject();
    expect(qty(sim, "WIDGET-100")?.QuantityOnSalesOrder).toBe(10);

    const ship = (shipAll: boolean, widgetQty?: number) => {
      const inv = newObject(s, "SO_Invoice_bus", "SO_Invoice_ui");
      const b = ref();
      inv.nSelectNewBatch(b, "N", "ship");
      const no = ref();
      inv.nGetNextInvoiceNo(no);
      expect(inv.nSetKey(no.value)).toBe(2);
      expect(inv.nSetValue("SalesOrderNo$", orderNo)).toBe(1);
      expect(get(inv, "CustomerNo$")).toBe("ACME");
      expect(inv.oLines.nCopyLinesFromSalesOrder(orderNo, shipAll ? "Y" : "N")).toBe(1);
      if (widgetQty !== undefined) {
        inv.oLines.nMoveFirst();
        expect(inv.oLines.nSetValue("QuantityShipped", widgetQty)).toBe(1);
        inv.oLines.nWrite();
      }
      expect(inv.nWrite()).toBe(1);
      inv.DropObject();
      return { batch: b.value, invoiceNo: no.value };
    };

    const first = ship(false, 6);
    expect(postBatch(s, "SO_SalesJournal_upd", "SO_SalesJournal_ui", first.batch).result).toBe(1);
    const co = sim.company("ABC");
    expect(co.t("SO_SalesOrderHeader").get([orderNo])?.OrderStatus).toBe("O");
    expect(co.t("SO_SalesOrderDetail").get([orderNo, "000001"])?.QuantityShipped).toBe(6);
    expect([qty(sim, "WIDGET-100")?.QuantityOnHand, qty(sim, "WIDGET-100")?.QuantityOnSalesOrder]).toEqual([494, 4]);
    expect(co.t("CI_Item").get(["WIDGET-100"])?.TotalQuantityOnHand).toBe(614);
    const open = co.t("AR_OpenInvoice").get(["00", "ACME", first.invoiceNo, "IN"]);
    expect(open?.Balance).toBe(160.88);
    expect(co.t("AR_InvoiceHistoryHeader").get([first.invoiceNo, "000000"])?.SalesOrderNo).toBe(orderNo);
    const cogs = [...co.t("GL_DetailPosting").values()].find((r) => r.AccountKey === "000000012");
    expect(cogs?.DebitAmount).toBe(72);

    const second = ship(true);
    expect(postBatch(s, "SO_SalesJournal_upd", "SO_SalesJournal_ui", second.batch).result).toBe(1);
    expect(co.t("SO_SalesOrderHeader").has([orderNo])).toBe(false);
    const hist = co.t("SO_SalesOrderHistoryHeader").get([orderNo]);
    expect([hist?.OrderStatus, hist?.LastInvoiceNo]).toEqual(["C", second.invoiceNo]);
    expect([qty(sim, "WIDGET-100")?.QuantityOnHand, qty(sim, "WIDGET-100")?.QuantityOnSalesOrder]).toEqual([490, 0]);
    expect(qty(sim, "CABLE-USBC")?.QuantityOnHand).toBe(996);
  });

  it("an order on hold cannot be invoiced and an order can only be on one pending invoice", () => {
    const { sim } = newSim();
    const s = openSession(sim, { module: "S/O" });
    const { so, orderNo } = order(s, [["WIDGET-100", 1]]);
    so.nSetKey(orderNo);
    so.nSetValue("OrderStatus$", "H");
    so.nWrite();
    const inv = newObject(s, "SO_Invoice_bus", "SO_Invoice_ui");
    inv.nSelectNewBatch(ref(), "N", "");
    inv.nSetKey("7000001");
    expect(inv.nSetValue("SalesOrderNo$", orderNo)).toBe(0);
    expect(inv.sLastErrorMsg).toBe(formatMessage("ORDER_ON_HOLD", { order: orderNo }).text);
    so.nSetKey(orderNo);
    so.nSetValue("OrderStatus$", "O");
    so.nWrite();
    expect(inv.nSetValue("SalesOrderNo$", orderNo)).toBe(1);
    inv.oLines.nCopyLinesFromSalesOrder(orderNo, "Y");
    inv.nWrite();
    inv.nSetKey("7000002");
    expect(inv.nSetValue("SalesOrderNo$", orderNo)).toBe(0);
    expect(inv.sLastErrorMsg).toBe(formatMessage("ORDER_IN_USE", { order: orderNo, invoice: "7000001" }).text);
  });
});
