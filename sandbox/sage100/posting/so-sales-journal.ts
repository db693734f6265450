// SO_SalesJournal_upd: posts S/O invoices -> A/R open item + history (ModuleCode S/O), inventory relief
// (QuantityOnHand, QuantityOnSalesOrder), order lines' QuantityShipped and status (fully shipped orders are
// completed: removed from the open tables, history status C), G/L incl. cost of goods sold.
import type { ObjectContext } from "../boi/data-object";
import { UpdateObject } from "../boi/update-object";
import { fromUnits, toUnits } from "../money";
import { adjustQuantities } from "../objects/inventory";
import { applyCommitment, committedQuantities, writeOrderHistory } from "../objects/so-order-helpers";
import type { Stamp } from "../tables/company";
import type { Row } from "../tables/schema";
import { applyArInvoice, planArInvoice, type ArInvoicePlan } from "./ar-posting";
import { postGl, validateGl } from "./gl";

const addQ = (a: number, b: number): number => fromUnits(toUnits(a, 6) + toUnits(b, 6), 6);

export class SoSalesJournalUpd extends UpdateObject<ArInvoicePlan[]> {
  protected readonly batchKind = "SO_INVOICE" as const;
  protected readonly headerTable = "SO_InvoiceHeader";

  constructor(ctx: ObjectContext) {
    super(ctx, "SO_SalesJournal_upd");
  }

  protected collect(batchNo: string): Row[] {
    return this.company.t("SO_InvoiceHeader").lookup("KBATCH", [batchNo]);
  }

  protected describe(doc: Row): string {
    return `invoice ${String(doc.InvoiceNo)}`;
  }

  protected plan(docs: Row[], postingDate: string): ArInvoicePlan[] {
    const detail = this.company.t("SO_InvoiceDetail");
    const plans = docs.map((d) =>
      this.forDoc(d, () => planArInvoice(this.company, d, detail.lookup("KHEADER", [d.InvoiceNo ?? ""]), "S/O")),
    );
    validateGl(
      this.company,
      plans.flatMap((p) => p.gl),
      postingDate,
    );
    return plans;
  }

  protected apply(plans: ArInvoicePlan[], postingDate: string, stamp: Stamp): void {
    const c = this.company;
    for (const p of plans) {
      const h = p.header;
      applyArInvoice(c, p, postingDate, stamp, {
        SalesOrderNo: String(h.SalesOrderNo ?? ""),
        BatchNo: String(h.BatchNo ?? ""),
      });
      const order = h.SalesOrderNo ? c.t("SO_SalesOrderHeader").get([h.SalesOrderNo]) : undefined;
      const orderLinesBefore = order
        ? c
            .t("SO_SalesOrderDetail")
            .lookup("KHEADER", [order.SalesOrderNo ?? ""])
            .map((l) => ({ ...l }))
        : [];
      const orderLinesAfter = orderLinesBefore.map((l) => ({ ...l }));
      for (const l of p.lines) {
        const shipped = Number(l.QuantityShipped);
        if (l.ItemType === "1" && shipped !== 0)
          adjustQuantities(c, String(l.ItemCode), String(l.WarehouseCode), { QuantityOnHand: -shipped }, stamp);
        const ol = orderLinesAfter.find((o) => o.LineKey === l.OrderLineKey);
        if (ol) ol.QuantityShipped = addQ(Number(ol.QuantityShipped), shipped);
      }
      if (order) {
        applyCommitment(
          c,
          committedQuantities(order, orderLinesBefore),
          committedQuantities(order, orderLinesAfter),
          stamp,
        );
        const complete = orderLinesAfter.every(
          (l) => l.ItemType === "4" || Number(l.QuantityShipped) >= Number(l.QuantityOrdered),
        );
        const updatedHeader: Row = {
          ...order,
          OrderStatus: complete ? "C" : "O",
          LastInvoiceNo: h.InvoiceNo ?? "",
          LastInvoiceDate: h.InvoiceDate ?? "",
        };
        if (complete) {
          writeOrderHistory(c, updatedHeader, orderLinesAfter, "C", stamp, { DateOrderCompleted: postingDate });
          for (const l of orderLinesBefore) c.t("SO_SalesOrderDetail").deleteByPk(c.t("SO_SalesOrderDetail").keyOf(l));
          c.remove("SO_SalesOrderHeader", [order.SalesOrderNo ?? ""]);
        } else {
          for (const l of orderLinesAfter) c.t("SO_SalesOrderDetail").upsert(l);
          c.save("SO_SalesOrderHeader", updatedHeader, stamp);
          writeOrderHistory(c, updatedHeader, orderLinesAfter, "A", stamp);
        }
      }
      for (const l of p.lines) c.t("SO_InvoiceDetail").deleteByPk(c.t("SO_InvoiceDetail").keyOf(l));
      c.remove("SO_InvoiceHeader", [h.InvoiceNo ?? ""]);
    }
    postGl(
      c,
      "SO",
      postingDate,
      plans.flatMap((p) => p.gl),
      stamp,
      true,
    );
  }
}
