// purchases.kashflow_to_sage100 end to end: real Postgres, the KashFlow sandbox over HTTP, a real agent on the
// simulator. Bills and expenses into A/P with G/L distributions, FX, credit notes, deletions reversed, edits after
// posting held, missing mapping / rate held then released, a crash between the Sage write and the ledger commit.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { decimalToMinor, toDecimal } from "@/server/domain/canonical/money";
import { saveMapping } from "../../mappings/save-mapping";
import { saveFxRates } from "../../mappings/fx";
import { convertDocument } from "../../rules/fx-split";
import { connectCompany, sageTable, harnessForFile, type Company, type Harness } from "../testing/harness";
import {
  commandCount,
  fxRates,
  ledgerRecord,
  mapAll,
  MASTER_FLOWS,
  PURCHASE_ACCOUNTS,
  updateSettings,
  writeThenDie,
} from "../testing/money";
import { readState } from "../sales-invoices/state";

const FLOW = "purchases.kashflow_to_sage100";
const FLOWS = [...MASTER_FLOWS, FLOW];

let h: Harness;
harnessForFile((started) => (h = started));

const DEMO_BOOKS = { DataSet: "demo" as const, AnchorDate: "2025-09-01" };

/** Demo books dated inside Sage's open fiscal periods (the simulator's 2025-01 is closed, 2024 has no fiscal year). */
async function company(o: { rates?: boolean; mappings?: Record<string, string> } = {}) {
  const c = await connectCompany(h, { account: DEMO_BOOKS });
  // The books' whole history is in scope (the default first carried day follows the real clock).
  await updateSettings(c, (s) => {
    s.salesInvoices.startDate = "2025-01-01";
  });
  if (o.rates ?? true)
    await fxRates(c, [
      ["EUR", "USD", "1.0850"],
      ["GBP", "USD", "1.2712"],
    ]);
  await mapAll(c, "nominal_to_gl", o.mappings ?? PURCHASE_ACCOUNTS);
  return c;
}

const apInvoices = (c: Company) =>
  [...sageTable(c.sim, "AP_InvoiceHistoryHeader"), ...sageTable(c.sim, "AP_InvoiceHeader")].filter(
    (r) => String(r.Comment ?? "").startsWith("KashFlow") || String(r.Comment ?? "").startsWith("Reverses"),
  );
const purchases = (c: Company) =>
  db.syncRecord.findMany({
    where: { companyId: c.companyId, system: "KASHFLOW", model: "purchase_invoice" },
    orderBy: { externalId: "asc" },
  });
const minor = (v: unknown) => decimalToMinor(toDecimal(v as string | number) ?? "NaN", 2);

describe("purchases and expenses into Sage 100 A/P", () => {
  let c: Company;
  beforeAll(async () => {
    c = await company();
    await c.settle({ flowIds: FLOWS });
  }, 180_000);

  it("posts every purchase and expense once, at the document date's rate, with a distribution that adds up", async () => {
    const records = await purchases(c);
    expect(records.length).toBe(20);
    expect(records.filter((r) => r.status !== "SYNCED").map((r) => `${r.externalId} ${r.errorMessage}`)).toEqual([]);
    const posted = sageTable(c.sim, "AP_InvoiceHistoryHeader");
    const details = sageTable(c.sim, "AP_InvoiceHistoryDetail");
    for (const r of records) {
      const p = r.payload as {
        totals: { gross: { amountMinor: number } };
        lines: { net: { amountMinor: number }; tax: { amount: { amountMinor: number } } }[];
        currency: string;
        supplierReference: string;
        purchaseType: string;
      };
      const link = await db.entityLink.findUniqueOrThrow({
        where: {
          companyId_model_kashflowId: { companyId: c.companyId, model: "purchase_invoice", kashflowId: r.externalId },
        },
      });
      const [vendorKey, invoiceNo] = link.sage100Key.split("/");
      expect(invoiceNo).toBe(p.supplierReference);
      const header = posted.find((x) => `${x.APDivisionNo}-${x.VendorNo}` === vendorKey && x.InvoiceNo === invoiceNo);
      expect(header, r.externalId).toBeDefined();
      // The rounding policy: each line's gross converted half away from zero, the invoice the sum of its lines.
      const rate = { from: p.currency, to: "USD", day: "2025-01-01", rate: p.currency === "EUR" ? "1.0850" : "1.2712" };
      const lines = p.lines.map((l) => ({ netMinor: l.net.amountMinor, vatMinor: l.tax.amount.amountMinor }));
      expect(minor(header!.InvoiceAmt), r.externalId).toBe(convertDocument(lines, rate).grossMinor);
      const distributed = details.filter((d) => d.VendorNo === header!.VendorNo && d.InvoiceNo === invoiceNo);
      expect(distributed.reduce((t, d) => t + minor(d.DistributionAmt), 0)).toBe(minor(header!.InvoiceAmt));
      expect(header!.Comment).toBe(`KashFlow ${p.purchaseType} ${r.externalId}`);
    }
    // The EUR bill says how it was converted.
    const eur = records.find((r) => (r.payload as { currency: string }).currency === "EUR")!;
    expect(eur.warnings).toEqual([
      {
        field: "currency",
        message: expect.stringMatching(/^Converted EUR → USD at 1\.085 \(rate of \d{1,2} [A-Z][a-z]{2} 2025\)\.$/),
      },
    ]);
    expect(sageTable(c.sim, "AP_OpenInvoice").length).toBeGreaterThanOrEqual(20);
  });

  it("a second cycle writes nothing", async () => {
    const before = await commandCount(c, "createApInvoice");
    const results = await c.cycle({ flowIds: FLOWS });
    expect(results[FLOW]!.counts).toMatchObject({ SYNCED: 0, HELD: 0, FAILED: 0 });
    expect(await commandCount(c, "createApInvoice")).toBe(before);
  });

  it("a credit note posts as a negative invoice; a deleted purchase is reversed, never deleted", async () => {
    const credit = await c.kashflowClient.purchases.create({
      SupplierCode: "BRI01",
      SupplierReference: "CN-501",
      IssuedDate: "2025-08-20 12:00:00",
      LineItems: [{ Description: "Returned goods", Quantity: -2, Rate: 50, VATLevel: 20, NominalCode: 5000 }],
    });
    const doomed = await c.kashflowClient.purchases.create({
      SupplierCode: "CRO01",
      SupplierReference: "GONE-1",
      IssuedDate: "2025-08-21 12:00:00",
      LineItems: [{ Description: "Mistake", Quantity: 1, Rate: 100, VATLevel: 20, NominalCode: 7500 }],
    });
    await c.settle({ flowIds: FLOWS });
    const cn = sageTable(c.sim, "AP_InvoiceHistoryHeader").find((r) => r.InvoiceNo === "CN-501");
    expect(cn).toMatchObject({ InvoiceAmt: -152.54 });
    expect(sageTable(c.sim, "AP_InvoiceHistoryHeader").find((r) => r.InvoiceNo === "GONE-1")).toMatchObject({
      InvoiceAmt: 152.54,
    });
    await c.kashflowClient.purchases.delete(doomed.Number);
    // Deletion counts after the company's grace window of complete sweeps.
    await c.settle({ flowIds: FLOWS });
    await c.settle({ flowIds: FLOWS });
    const reversal = sageTable(c.sim, "AP_InvoiceHistoryHeader").find((r) => r.InvoiceNo === `KFR${doomed.Number}`);
    expect(reversal).toMatchObject({ InvoiceAmt: -152.54, Comment: expect.stringContaining("Reverses GONE-1") });
    const open = sageTable(c.sim, "AP_OpenInvoice").filter(
      (r) => r.InvoiceNo === "GONE-1" || r.InvoiceNo === `KFR${doomed.Number}`,
    );
    expect(open.reduce((t, r) => t + minor(r.Balance), 0)).toBe(0);
    expect(await ledgerRecord(c, "purchase_invoice", String(doomed.Number))).toMatchObject({
      status: "SYNCED",
      deletedAt: expect.any(Date),
    });
    expect(credit.Number).toBeGreaterThan(20);
  }, 120_000);

  it("a posted purchase edited in KashFlow is held as changed after posting, not posted again", async () => {
    const before = await commandCount(c, "createApInvoice");
    await c.kashflowClient.purchases.modify(18, (raw) => ({
      ...raw,
      LineItems: (raw.LineItems as Record<string, unknown>[]).map((l, i) =>
        i === 0 ? { ...l, Rate: Number(l.Rate) + 10 } : l,
      ),
    }));
    await c.cycle({ flowIds: [FLOW] });
    expect(await ledgerRecord(c, "purchase_invoice", "18")).toMatchObject({
      status: "HELD",
      errorCode: "CHANGED_AFTER_POSTING",
      errorMessage: expect.stringContaining("(the total, line 1)"),
    });
    expect(await commandCount(c, "createApInvoice")).toBe(before);
  });
});

describe("holds that a person fixes, and what they release", () => {
  it("a missing nominal mapping holds with guidance; saving it releases exactly those bills", async () => {
    const { "7600": _legal, ...rest } = PURCHASE_ACCOUNTS;
    const c = await company({ mappings: rest });
    await c.settle({ flowIds: FLOWS });
    const held = (await purchases(c)).filter((r) => r.status === "HELD");
    expect(held.length).toBeGreaterThan(0);
    for (const r of held)
      expect(r).toMatchObject({
        errorCode: "MAPPING_MISSING",
        errorMessage: "Map KashFlow nominal 7600 to a Sage 100 G/L account.",
        errorField: "mapping:nominal_to_gl:7600",
      });
    const { released } = await saveMapping({
      orgId: c.tenant.org.id,
      companyId: c.companyId,
      userId: c.tenant.owner.id,
      kind: "nominal_to_gl",
      sourceKey: "7600",
      targetValue: "6300-00",
    });
    expect(released).toBe(held.length);
    await c.settle({ flowIds: FLOWS });
    expect((await purchases(c)).every((r) => r.status === "SYNCED")).toBe(true);
  }, 180_000);

  it("a currency without a rate holds; entering the rate releases it; the rate used is the document date's", async () => {
    const c = await company({ rates: false });
    await fxRates(c, [["GBP", "USD", "1.2712"]]);
    await c.settle({ flowIds: FLOWS });
    const eur = (await purchases(c)).filter((r) => (r.payload as { currency: string }).currency === "EUR");
    expect(eur.length).toBe(1);
    const day = (eur[0]!.payload as { issueDate: string }).issueDate;
    expect(eur[0]).toMatchObject({ status: "HELD", errorCode: "FX_MISSING", errorField: `fx:EUR:USD:${day}` });
    const { released } = await saveFxRates({
      orgId: c.tenant.org.id,
      companyId: c.companyId,
      userId: c.tenant.owner.id,
      source: "manual",
      rates: [{ fromCurrency: "EUR", toCurrency: "USD", day, rate: "1.1" }],
    });
    expect(released).toBe(1);
    await c.settle({ flowIds: FLOWS });
    const record = await ledgerRecord(c, "purchase_invoice", eur[0]!.externalId);
    expect(record.status).toBe("SYNCED");
    const gross = (record.payload as { totals: { gross: { amountMinor: number } } }).totals.gross.amountMinor;
    const link = await db.entityLink.findUniqueOrThrow({
      where: {
        companyId_model_kashflowId: {
          companyId: c.companyId,
          model: "purchase_invoice",
          kashflowId: record.externalId,
        },
      },
    });
    expect(
      minor(
        sageTable(c.sim, "AP_InvoiceHistoryHeader").find((r) => r.InvoiceNo === link.sage100Key.split("/")[1])!
          .InvoiceAmt,
      ),
    ).toBe(Math.round(gross * 1.1));
  }, 180_000);

  it("bad input is held with a reason: a negative quantity on a bill", async () => {
    const c = await company();
    await c.settle({ flowIds: FLOWS });
    const bad = await c.kashflowClient.purchases.create({
      SupplierCode: "OAK01",
      IssuedDate: "2025-08-22 12:00:00",
      LineItems: [
        { Description: "Stock", Quantity: 3, Rate: 10, VATLevel: 20, NominalCode: 5000 },
        { Description: "Returned", Quantity: -1, Rate: 10, VATLevel: 20, NominalCode: 5000 },
      ],
    });
    await c.cycle({ flowIds: [FLOW] });
    expect(await ledgerRecord(c, "purchase_invoice", String(bad.Number))).toMatchObject({
      status: "HELD",
      errorCode: "NEGATIVE_QUANTITY",
      errorField: "lines.1.quantity",
    });
  }, 180_000);
});

describe("closed periods", () => {
  it("a bill dated in a closed Sage 100 period is held with Sage's reason; re-dating on, it goes on the first open day", async () => {
    const c = await company();
    await c.settle({ flowIds: FLOWS });
    const bill = await c.kashflowClient.purchases.create({
      SupplierCode: "OAK01",
      SupplierReference: "JAN-9",
      IssuedDate: "2025-01-15 12:00:00",
      LineItems: [{ Description: "January stock", Quantity: 1, Rate: 80, VATLevel: 20, NominalCode: 5000 }],
    });
    await c.cycle({ flowIds: [FLOW] });
    expect(await ledgerRecord(c, "purchase_invoice", String(bill.Number))).toMatchObject({
      status: "HELD",
      errorCode: "PERIOD_CLOSED",
      errorMessage: expect.stringContaining("dated 2025-01-15"),
    });
    expect(apInvoices(c).filter((r) => r.InvoiceNo === "JAN-9")).toHaveLength(0);
    await updateSettings(c, (s) => {
      s.sage100.redateClosedPeriod = true;
    });
    await c.cycle({ flowIds: [FLOW] });
    const record = await ledgerRecord(c, "purchase_invoice", String(bill.Number));
    expect(record.status).toBe("SYNCED");
    expect(record.warnings).toContainEqual({
      field: "issueDate",
      message: expect.stringContaining("entered in Sage 100 on 2025-02-01"),
    });
    expect(sageTable(c.sim, "AP_InvoiceHistoryHeader").find((r) => r.InvoiceNo === "JAN-9")).toMatchObject({
      InvoiceDate: "20250201",
    });
  }, 180_000);
});

describe("the company's first carried day", () => {
  it("purchases issued before it are neither read nor carried", async () => {
    const c = await company();
    await updateSettings(c, (s) => {
      s.salesInvoices.startDate = "2025-06-01";
    });
    await c.settle({ flowIds: FLOWS });
    const records = await purchases(c);
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((r) => (r.payload as { issueDate: string }).issueDate >= "2025-06-01")).toBe(true);
    expect(records.length).toBeLessThan(20);
  }, 180_000);

  it("bills read before the sales-invoice flow's first run keep to the same first carried day, which that run then keeps", async () => {
    // No day chosen: the default is the start of the previous month, fixed by whichever document flow runs first.
    const c = await connectCompany(h, { account: DEMO_BOOKS });
    await fxRates(c, [
      ["EUR", "USD", "1.0850"],
      ["GBP", "USD", "1.2712"],
    ]);
    await mapAll(c, "nominal_to_gl", PURCHASE_ACCOUNTS);
    c.setNow(new Date("2025-08-15T12:00:00Z"));
    await c.settle({ flowIds: FLOWS });
    const bills = await purchases(c);
    expect(bills.length).toBeGreaterThan(0);
    expect(
      bills.filter((r) => (r.payload as { issueDate: string }).issueDate < "2025-07-01").map((r) => r.externalId),
    ).toEqual([]);
    expect(apInvoices(c).length).toBe(bills.filter((r) => r.status === "SYNCED").length);
    expect((await readState(c.companyId)).startDate).toBe("2025-07-01");
    // The sales-invoice flow's first run, a month on, keeps that day rather than choosing its own (2025-08-01).
    c.setNow(new Date("2025-09-02T12:00:00Z"));
    await c.run("sales_invoices.kashflow_to_sage100");
    expect((await readState(c.companyId)).startDate).toBe("2025-07-01");
    const invoices = await db.syncRecord.findMany({
      where: { companyId: c.companyId, system: "KASHFLOW", model: "sales_invoice" },
      select: { payload: true },
    });
    const issued = invoices.map((r) => (r.payload as { issueDate: string }).issueDate).sort();
    expect(issued[0]! >= "2025-07-01" && issued[0]! < "2025-08-01").toBe(true);
  }, 180_000);
});

describe("a crash between the Sage 100 write and the ledger commit", () => {
  it("the re-run finds the A/P invoice it entered and enters no second one", async () => {
    const c = await company();
    await c.settle({ flowIds: FLOWS });
    const bill = await c.kashflowClient.purchases.create({
      SupplierCode: "SUM01",
      SupplierReference: "CRASH-1",
      IssuedDate: "2025-08-25 12:00:00",
      LineItems: [{ Description: "Paper", Quantity: 1, Rate: 40, VATLevel: 20, NominalCode: 7500 }],
    });
    const id = await writeThenDie(c, FLOW, String(bill.Number));
    expect(apInvoices(c).filter((r) => r.InvoiceNo === "CRASH-1")).toHaveLength(1);
    expect((await db.syncRecord.findUniqueOrThrow({ where: { id } })).status).toBe("PENDING");
    await c.settle({ flowIds: FLOWS });
    expect(apInvoices(c).filter((r) => r.InvoiceNo === "CRASH-1")).toHaveLength(1);
    expect(await db.syncRecord.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "SYNCED",
      counterpartId: expect.stringMatching(/\/CRASH-1$/),
    });
  }, 180_000);
});
