// order-status.sage100_to_kashflow — a Sage 100 sales order shipped (in part or in full, spec §2.5) is shown on the
// KashFlow invoice it belongs to. Detected from SO_SalesOrderHistoryHeader (A active, C completed, X deleted) and
// SO_SalesOrderHeader (on hold) changes. The order names its invoice through its customer PO: the KashFlow invoice
// number ("KF1234"), or the invoice's own customer reference, per company. KashFlow's documented place is an invoice
// note (§8.6); where the account has no notes endpoint (or the company chose so), the line goes after the invoice's customer
// reference, the one free-text field an invoice has ("PO-778 | Shipped 2025-03-15 · Sage 100 order 0000123").
// Writing the same status twice changes nothing.
import { z } from "zod";
import { customerKeyOfRow } from "@/server/integrations/sage100/mappers/customer";
import { stamp, text, type SageRow } from "@/server/integrations/sage100/mappers/row";
import { AppError } from "@/lib/errors";
import { db } from "@/server/db";
import { hold, type FlowDefinition, type Hold } from "../../engine/flow";
import type { FlowRun } from "../../engine/flow-run";
import { orderStatusSchema } from "@/server/domain/canonical/order-status";
import type { RecordWarning } from "@/server/domain/model";
import {
  kashflowInvoiceNumberInPo,
  orderStatusOfRow,
  shippedNote,
  shippedOn,
  withoutShippedNote,
  withShippedNote,
} from "../../rules/order-status";
import { documentsStartDate } from "../../documents/support";
import { observeSage100Changes } from "../../sage100/changes";
import { sage100Command } from "../../sage100/command";
import type { Sage100Side } from "../../sage100/sides";

const MODEL = "order_status";

export const sageOrderStatusSchema = orderStatusSchema.extend({
  /** The Sage customer ("00-ACME"), the customer's PO as entered on the order, and the day it shipped. */
  customer: z.string(),
  customerPONo: z.string(),
  shippedOn: z.string().nullable(),
});
export type SageOrderStatus = z.infer<typeof sageOrderStatusSchema>;

function orderSide(table: "SO_SalesOrderHistoryHeader" | "SO_SalesOrderHeader"): Sage100Side {
  const kind = table === "SO_SalesOrderHeader" ? "open" : "history";
  return {
    model: MODEL,
    table,
    keyOfRow: (row) => text(row, "SalesOrderNo"),
    // Quotes never ship.
    include: (row) => !["Q", "P"].includes(text(row, "OrderType")),
    payloadOfRow: (row: SageRow): SageOrderStatus => ({
      orderNumber: text(row, "SalesOrderNo"),
      status: orderStatusOfRow(row, kind),
      invoiceNumbers: text(row, "LastInvoiceNo") ? [text(row, "LastInvoiceNo")] : [],
      trackingReference: text(row, "ShipVia") || null,
      updatedAt: stamp(row, "Updated") ?? "1970-01-01T00:00:00Z",
      customer: customerKeyOfRow(row),
      customerPONo: text(row, "CustomerPONo"),
      shippedOn: shippedOn(row),
    }),
    find: async (ctx, key) => {
      const found = await sage100Command(ctx, {
        type: "findDocument",
        payload: { kind: "salesOrder", salesOrderNo: key },
      });
      return found.found && found.record ? found.record : null;
    },
  };
}

export type OrderStatusPlan =
  | { kind: "write"; invoice: number; text: string; writeTo: "auto" | "note" | "customer_reference" }
  | { kind: "skip"; invoice: number | null; reason: string };

const skip = (reason: string, invoice: number | null = null) => ({
  plan: { kind: "skip" as const, invoice, reason },
  warnings: [] as RecordWarning[],
});

/** The KashFlow invoice the order names, per the company's rule; a skip when it names none, a hold when it is unclear. */
async function invoiceOf(
  ctx: FlowRun,
  order: SageOrderStatus,
): Promise<{ invoice: number } | { reason: string } | Hold> {
  const po = order.customerPONo.trim();
  const kashflow = await ctx.kashflow();
  const customerLink = await db.entityLink.findFirst({
    where: { companyId: ctx.companyId, model: "customer", sage100Key: order.customer },
    select: { kashflowId: true },
  });
  if (ctx.settings.orderStatus.matchBy === "invoice_number") {
    const n = kashflowInvoiceNumberInPo(po);
    if (!n) return { reason: `Sage 100 order ${order.orderNumber}'s customer PO "${po}" names no KashFlow invoice.` };
    const invoice = await kashflow.invoices.find(Number(n));
    if (!invoice)
      return {
        reason: `Sage 100 order ${order.orderNumber} names KashFlow invoice ${n}, which KashFlow does not have.`,
      };
    if (customerLink && (invoice.CustomerCode ?? "").trim().toUpperCase() !== customerLink.kashflowId.toUpperCase())
      return hold(
        "ORDER_CUSTOMER_DIFFERS",
        `Sage 100 order ${order.orderNumber} (customer ${order.customer}) names KashFlow invoice ${n}, which is customer ${invoice.CustomerCode}'s. Correct the order's customer PO.`,
        "customerPONo",
      );
    return { invoice: Number(n) };
  }
  if (!po) return { reason: `Sage 100 order ${order.orderNumber} has no customer PO to find its KashFlow invoice by.` };
  if (!customerLink) return { reason: `Sage 100 customer ${order.customer} is not linked to a KashFlow customer.` };
  const matches: number[] = [];
  for await (const inv of kashflow.invoices.list({ partyCode: customerLink.kashflowId })) {
    if (
      withoutShippedNote(inv.CustomerReference ?? "")
        .trim()
        .toUpperCase() === po.toUpperCase()
    )
      matches.push(inv.Number);
  }
  if (matches.length === 0)
    return { reason: `No KashFlow invoice of ${customerLink.kashflowId} has the customer reference "${po}".` };
  if (matches.length > 1)
    return hold(
      "ORDER_INVOICE_AMBIGUOUS",
      `KashFlow invoices ${matches.join(", ")} all have the customer reference "${po}" of Sage 100 order ${order.orderNumber}.`,
      "customerPONo",
    );
  return { invoice: matches[0]! };
}

export const orderStatusSage100ToKashflow: FlowDefinition<SageOrderStatus, OrderStatusPlan> = {
  id: "order-status.sage100_to_kashflow",
  label: "Order status: Sage 100 → KashFlow",
  model: MODEL,
  source: "SAGE100",
  target: "KASHFLOW",
  wakeOn: ["SO_SalesOrderHistoryHeader", "SO_SalesOrderHeader"],

  // Detect: order history first (shipped, completed), then open orders (on hold), so the later word wins in a run.
  async detect(ctx) {
    const history = await observeSage100Changes(ctx, orderSide("SO_SalesOrderHistoryHeader"));
    const open = await observeSage100Changes(ctx, orderSide("SO_SalesOrderHeader"));
    return {
      inserted: history.inserted + open.inserted,
      changed: history.changed + open.changed,
      unchanged: history.unchanged + open.unchanged,
      echoes: history.echoes + open.echoes,
      complete: false,
    };
  },

  canonical: sageOrderStatusSchema,

  // Rules: only a shipment is news for KashFlow; the invoice the order names; the line to write.
  async rules(ctx, order) {
    if (order.status !== "shipped" && order.status !== "partially_shipped")
      return skip(
        `Sage 100 order ${order.orderNumber} is ${order.status.replace("_", " ")}: nothing to show in KashFlow.`,
      );
    const start = await documentsStartDate(ctx);
    if (start && order.shippedOn && order.shippedOn < start)
      return skip(
        `Sage 100 order ${order.orderNumber} shipped on ${order.shippedOn}, before Ledgerlink carries documents (${start}).`,
      );
    const found = await invoiceOf(ctx, order);
    if ("hold" in found) return found;
    if ("reason" in found) return skip(found.reason);
    return {
      plan: {
        kind: "write",
        invoice: found.invoice,
        text: shippedNote({ status: order.status, orderNumber: order.orderNumber, on: order.shippedOn }),
        writeTo: ctx.settings.orderStatus.writeTo,
      },
      warnings: [],
    };
  },

  validate: async () => null,

  // Load: a note when KashFlow takes notes (and has not this one yet); else the line after the customer reference.
  async load(ctx, plan, meta) {
    if (plan.kind === "skip")
      return {
        counterpartId: meta.counterpartId ?? meta.externalId,
        request: plan,
        response: null,
        skipped: plan.reason,
      };
    const counterpartId = `invoice:${plan.invoice}`;
    const invoices = (await ctx.kashflow()).invoices;
    const invoice = await invoices.find(plan.invoice);
    if (!invoice)
      return {
        counterpartId,
        request: plan,
        response: null,
        skipped: `KashFlow no longer has invoice ${plan.invoice}.`,
      };
    const notes = plan.writeTo === "customer_reference" ? null : await invoices.notes(plan.invoice);
    if (notes) {
      if (notes.some((n) => n.Text === plan.text))
        return { counterpartId, request: { ...plan, wrote: "nothing (note already there)" }, response: null };
      await invoices.addNote(plan.invoice, plan.text);
      return { counterpartId, request: { ...plan, wrote: "note" }, response: null };
    }
    if (plan.writeTo === "note")
      throw new AppError(
        "PRECONDITION_FAILED",
        "This KashFlow account takes no invoice notes: choose the customer reference for order status in sync settings.",
        { retryClass: "NEEDS_USER", reason: "NoNotes" },
      );
    const reference = withShippedNote(invoice.CustomerReference ?? "", plan.text);
    if (reference === (invoice.CustomerReference ?? ""))
      return { counterpartId, request: { ...plan, wrote: "nothing (reference already says so)" }, response: null };
    await invoices.modify(plan.invoice, (raw) => ({ ...raw, CustomerReference: reference }));
    return { counterpartId, request: { ...plan, wrote: "customer_reference", reference }, response: null };
  },
};
