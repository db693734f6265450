// The pure parts of the money flows against KashFlow fixtures: a bill's checks, facts and converted distribution;
// payment lines as records (settling, over-payment, Sage's own); stock folded per item over a warehouse set.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { purchaseToPurchaseInvoice } from "@/server/integrations/kashflow/mappers/purchase-invoice";
import { invoiceSchema, purchaseSchema } from "@/server/integrations/kashflow/schemas/document";
import { isHold, type FlowContext } from "../engine/flow";
import { parseSyncSettings } from "../settings";
import { apDistributions, changedFacts, postingFacts, purchaseProblems } from "./purchases/posting";
import { kashflowPaymentSchema, paymentRecords, sage100Reference } from "./payments/records";
import { foldStock } from "./stock/detect";

const fixture = (name: string): unknown =>
  JSON.parse(
    readFileSync(
      path.join(import.meta.dirname, "..", "..", "integrations", "kashflow", "fixtures", `${name}.json`),
      "utf8",
    ),
  );
const GBP_USD = { from: "GBP", to: "USD", day: "2025-11-05", rate: "1.2712" };

describe("a KashFlow purchase as an A/P invoice", () => {
  const expense = purchaseToPurchaseInvoice(purchaseSchema.parse(fixture("purchase-2-expense-part-paid")));

  it("passes the checks, and distributes net per line plus VAT, adding up to the converted gross", () => {
    expect(purchaseProblems(expense)).toBeNull();
    const { amountMinor, distributions } = apDistributions(expense, {
      lineAccounts: ["6200-00", "5000-00"],
      vatAccount: "2200-00",
      rate: GBP_USD,
    });
    expect(amountMinor).toBe(Math.round(111399 * 1.2712));
    expect(distributions).toEqual([
      { account: "6200-00", amountMinor: 111992, comment: expect.any(String) }, // 111992.72 rounds up; the residue of the parts comes off the largest
      { account: "5000-00", amountMinor: 20015, comment: expect.any(String) },
      { account: "2200-00", amountMinor: 9603, comment: "VAT" },
    ]);
    expect(distributions.reduce((t, d) => t + d.amountMinor, 0)).toBe(amountMinor);
  });

  it("holds lines that do not add up, and names what changed after posting", () => {
    const broken = {
      ...expense,
      totals: { ...expense.totals, gross: { ...expense.totals.gross, amountMinor: 111400 } },
    };
    const held = purchaseProblems(broken);
    expect(isHold(held) && held).toMatchObject({ code: "LINES_DO_NOT_ADD_UP", field: "totals.gross" });
    const edited = { ...expense, lines: expense.lines.map((l, i) => (i === 1 ? { ...l, accountCode: "5010" } : l)) };
    expect(changedFacts(postingFacts(expense), postingFacts(edited))).toEqual(["line 2"]);
    expect(changedFacts(postingFacts(expense), postingFacts({ ...expense, status: "paid" }))).toEqual([]);
  });
});

describe("KashFlow payment lines as records", () => {
  const source = { key: "invoice:23", updatedAt: "t" };

  it("the last payment of an over-paid invoice settles it and carries the over-payment", () => {
    const [record] = paymentRecords("invoice", invoiceSchema.parse(fixture("invoice-23-overpaid")), source);
    const p = kashflowPaymentSchema.parse(record!.payload);
    expect(record!.externalId).toBe("invoice:23:21");
    expect(p).toMatchObject({
      settles: true,
      overpaid: { amountMinor: 1000, currency: "GBP" },
      partyCode: expect.any(String),
      fromSage100: false,
      document: { kind: "invoice", number: "23", isCreditNote: false },
    });
  });

  it("a part payment does not settle; a payment Ledgerlink carried from Sage 100 says so", () => {
    const raw = invoiceSchema.parse(fixture("invoice-18-part-paid"));
    const [part] = paymentRecords("invoice", raw, source);
    expect(kashflowPaymentSchema.parse(part!.payload)).toMatchObject({ settles: false, overpaid: { amountMinor: 0 } });
    const fromSage = {
      ...raw,
      PaymentLines: [{ ...raw.PaymentLines![0]!, Reference: sage100Reference("00012", "1043") }],
    };
    expect(kashflowPaymentSchema.parse(paymentRecords("invoice", fromSage, source)[0]!.payload).fromSage100).toBe(true);
  });
});

describe("stock folded per item", () => {
  const ctx = (warehouses: string[] = []) =>
    ({ now: new Date("2025-03-15T10:00:00Z"), settings: parseSyncSettings({ stock: { warehouses } }) }) as FlowContext;
  const row = (WarehouseCode: string, QuantityOnHand: number, time: string, extra: Record<string, unknown> = {}) => ({
    ItemCode: "WIDGET-100",
    WarehouseCode,
    QuantityOnHand,
    DateUpdated: "2025-03-15",
    TimeUpdated: time,
    ...extra,
  });

  it("sums warehouses across batches; an older row never overwrites a newer one; a touch that moves nothing keeps 'as of'", () => {
    const first = foldStock(ctx(), "WIDGET-100", null, [row("000", 10, "9"), row("001", 5, "9")]);
    expect(first).toMatchObject({ quantityOnHand: "15", warehouseCode: "ALL:on_hand", asOf: "2025-03-15T09:00:00" });
    const later = foldStock(ctx(), "WIDGET-100", first, [row("001", 2, "10")]);
    expect(later).toMatchObject({ quantityOnHand: "12", asOf: "2025-03-15T10:00:00" });
    expect(foldStock(ctx(), "WIDGET-100", later, [row("001", 5, "9.5")]).quantityOnHand).toBe("12");
    const touched = foldStock(ctx(), "WIDGET-100", later, [row("000", 10, "11", { QuantityOnSalesOrder: 3 })]);
    expect(touched).toMatchObject({ quantityOnHand: "12", asOf: later.asOf });
    expect(foldStock(ctx(["000"]), "WIDGET-100", null, [row("000", 10, "9"), row("001", 5, "9")]).quantityOnHand).toBe(
      "10",
    );
  });
});
