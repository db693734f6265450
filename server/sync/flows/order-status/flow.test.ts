// order-status.sage100_to_kashflow end to end: a Sage 100 sales order shipped in part, then in full, shown on the
// KashFlow invoice it names (by the invoice number in its customer PO, or by the invoice's customer reference): as an
// invoice note (§8.6, the sandbox takes notes as KashFlow does), or after the customer reference where the company
// chose that or the account has no notes endpoint; nothing is written twice.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { connectCompany, harnessForFile, type Company, type Harness } from "../testing/harness";
import { MASTER_FLOWS, sageSalesOrder, sageShip, updateSettings } from "../testing/money";

const FLOW = "order-status.sage100_to_kashflow";
const FLOWS = [...MASTER_FLOWS, FLOW];

let h: Harness;
harnessForFile((started) => (h = started));

/** Empty KashFlow books: Sage's seeded customers (ACME...) come across, and get KashFlow invoices of their own. */
async function company(
  o: { writeTo?: "auto" | "note" | "customer_reference"; behaviour?: Record<string, unknown> } = {},
) {
  const c = await connectCompany(h, {
    account: { DataSet: "empty", ...(o.behaviour ? { Behaviour: o.behaviour } : {}) },
  });
  await updateSettings(c, (s) => {
    s.salesInvoices.startDate = "2025-01-01";
    s.orderStatus.writeTo = o.writeTo ?? "customer_reference";
  });
  await c.settle({ flowIds: FLOWS });
  return c;
}

async function invoiceFor(c: Company, sageCustomer: string, reference: string): Promise<number> {
  const link = await db.entityLink.findFirstOrThrow({
    where: { companyId: c.companyId, model: "customer", sage100Key: `00-${sageCustomer}` },
  });
  const inv = await c.kashflowClient.invoices.create({
    CustomerCode: link.kashflowId,
    CustomerReference: reference,
    IssuedDate: "2025-03-14 12:00:00",
    LineItems: [{ Description: "Widgets", Quantity: 12, Rate: 10, VATLevel: 20, NominalCode: 4000 }],
  });
  return inv.Number;
}

const reference = async (c: Company, n: number) => (await c.kashflowClient.invoices.get(n)).CustomerReference;
const notes = async (c: Company, n: number) => (await c.kashflowClient.invoices.notes(n))?.map((x) => x.Text);

describe("shipped sales orders on their KashFlow invoice", () => {
  it("as invoice notes (the default): part shipped, then shipped, one note each, never repeated; the reference untouched", async () => {
    const c = await company({ writeTo: "auto" });
    const n = await invoiceFor(c, "ACME", "PO-778");
    const order = sageSalesOrder(c.sim, {
      customer: "ACME",
      po: `KF${n}`,
      lines: [
        ["WIDGET-100", 10],
        ["CABLE-USBC", 2],
      ],
    });
    await c.cycle({ flowIds: [FLOW] });
    expect(await notes(c, n)).toEqual([]);
    sageShip(c.sim, order, { firstLine: 6 });
    await c.cycle({ flowIds: [FLOW] });
    expect(await notes(c, n)).toEqual([`Part shipped 2025-03-15 · Sage 100 order ${order}`]);
    sageShip(c.sim, order);
    await c.cycle({ flowIds: [FLOW] });
    expect(await notes(c, n)).toEqual([
      `Part shipped 2025-03-15 · Sage 100 order ${order}`,
      `Shipped 2025-03-15 · Sage 100 order ${order}`,
    ]);
    expect(await reference(c, n)).toBe("PO-778");
    const record = await db.syncRecord.findFirstOrThrow({
      where: { companyId: c.companyId, system: "SAGE100", model: "order_status", externalId: order },
    });
    expect(record).toMatchObject({ status: "SYNCED", counterpartId: `invoice:${n}` });
    // Nothing new in Sage: no note written again.
    const again = await c.cycle({ flowIds: [FLOW] });
    expect(again[FLOW]!.counts).toMatchObject({ SYNCED: 0 });
    expect(await notes(c, n)).toHaveLength(2);
  }, 180_000);

  it("'note' on an account without a notes endpoint is held with guidance, not written elsewhere", async () => {
    const c = await company({ writeTo: "note", behaviour: { notesEndpoint: false } });
    const n = await invoiceFor(c, "ACME", "PO-55");
    const order = sageSalesOrder(c.sim, { customer: "ACME", po: `KF${n}`, lines: [["WIDGET-100", 1]] });
    sageShip(c.sim, order);
    await c.cycle({ flowIds: [FLOW] });
    const where = { companyId: c.companyId, system: "SAGE100" as const, model: "order_status", externalId: order };
    expect(await db.syncRecord.findFirstOrThrow({ where })).toMatchObject({
      status: "HELD",
      errorMessage: expect.stringContaining("takes no invoice notes"),
    });
    expect(await reference(c, n)).toBe("PO-55");
  }, 180_000);

  it("after the customer reference (by setting): part shipped, then shipped, one line, replaced, never repeated", async () => {
    const c = await company();
    const n = await invoiceFor(c, "ACME", "PO-778");
    const order = sageSalesOrder(c.sim, {
      customer: "ACME",
      po: `KF${n}`,
      lines: [
        ["WIDGET-100", 10],
        ["CABLE-USBC", 2],
      ],
    });
    await c.cycle({ flowIds: [FLOW] });
    expect(await reference(c, n)).toBe("PO-778");
    sageShip(c.sim, order, { firstLine: 6 });
    await c.cycle({ flowIds: [FLOW] });
    expect(await reference(c, n)).toBe(`PO-778 | Part shipped 2025-03-15 · Sage 100 order ${order}`);
    sageShip(c.sim, order);
    await c.cycle({ flowIds: [FLOW] });
    expect(await reference(c, n)).toBe(`PO-778 | Shipped 2025-03-15 · Sage 100 order ${order}`);
    expect(
      await db.syncRecord.findFirstOrThrow({
        where: { companyId: c.companyId, system: "SAGE100", model: "order_status", externalId: order },
      }),
    ).toMatchObject({ status: "SYNCED", counterpartId: `invoice:${n}` });
    // Nothing new in Sage: nothing written to KashFlow.
    const updated = (await c.kashflowClient.invoices.get(n)).LastUpdatedDate;
    const again = await c.cycle({ flowIds: [FLOW] });
    expect(again[FLOW]!.counts).toMatchObject({ SYNCED: 0 });
    expect((await c.kashflowClient.invoices.get(n)).LastUpdatedDate).toBe(updated);
  }, 180_000);

  it("by the invoice's customer reference; an order naming no invoice is skipped with the reason", async () => {
    const c = await company();
    await updateSettings(c, (s) => {
      s.orderStatus.matchBy = "customer_reference";
    });
    const n = await invoiceFor(c, "BLUESKY", "PO-991");
    const matched = sageSalesOrder(c.sim, { customer: "BLUESKY", po: "PO-991", lines: [["GADGET-200", 1]] });
    const stray = sageSalesOrder(c.sim, { customer: "BLUESKY", po: "PO-000", lines: [["GADGET-200", 1]] });
    sageShip(c.sim, matched);
    sageShip(c.sim, stray);
    await c.cycle({ flowIds: [FLOW] });
    expect(await reference(c, n)).toBe(`PO-991 | Shipped 2025-03-15 · Sage 100 order ${matched}`);
    expect(
      await db.syncRecord.findFirstOrThrow({
        where: { companyId: c.companyId, system: "SAGE100", model: "order_status", externalId: stray },
      }),
    ).toMatchObject({
      status: "SKIPPED",
      errorMessage: expect.stringContaining('customer reference "PO-000"'),
    });
  }, 180_000);
});
