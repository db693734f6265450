// The tie-out after the real money flows (KashFlow sandbox over HTTP, a real agent on the Sage 100 simulator): a
// seeded pair ends a full sync with a zero-variance tie-out, by the ledger and by asking Sage 100 about every
// document; a document broken on purpose (edited in KashFlow after posting) shows up in the variance list.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { wireDate } from "@/server/integrations/kashflow/mappers/common";
import { db } from "@/server/db";
import { sage100Gateway } from "../gateways/sage100";
import { connectCompany, startHarness, type Company, type Harness } from "../flows/testing/harness";
import { fxRates, mapAll, MASTER_FLOWS, PURCHASE_ACCOUNTS, updateSettings } from "../flows/testing/money";
import { kashflowCustomer, kashflowInvoice, line, salesCompany, SALES_FLOWS } from "../flows/testing/sales-invoices";
import { sageWrite } from "../flows/testing/harness";
import { computeTieOut } from "./compute";
import { TIE_OUT_TASK_ID as TIE_OUT_FLOW_ID } from "./task";
import { variancesSchema } from "./kinds";

const PURCHASES = "purchases.kashflow_to_sage100";

let h: Harness;
let c: Company;
const others: Company[] = [];

beforeAll(async () => {
  h = await startHarness();
  c = await connectCompany(h, { account: { DataSet: "demo", AnchorDate: "2025-09-01" } });
  await updateSettings(c, (s) => {
    s.salesInvoices.startDate = "2025-01-01";
  });
  await fxRates(c, [
    ["EUR", "USD", "1.0850"],
    ["GBP", "USD", "1.2712"],
  ]);
  await mapAll(c, "nominal_to_gl", PURCHASE_ACCOUNTS);
  await c.settle({ flowIds: [...MASTER_FLOWS, PURCHASES] });
}, 240_000);

afterAll(async () => {
  for (const o of others) await o.agent.stop();
  await c?.agent.stop();
  await h?.close();
});

const days = (kind: string) =>
  db.tieOutDay.findMany({ where: { companyId: c.companyId, kind }, orderBy: { day: "asc" } });

describe("tie-out after the money flows", () => {
  it("a full sync ends with every purchase day tied out, at the rate stored with each bill", async () => {
    const result = await c.run(TIE_OUT_FLOW_ID);
    expect(result.error).toBeUndefined();
    const rows = await days("purchase_invoices");
    const bills = await db.syncRecord.count({
      where: {
        companyId: c.companyId,
        system: "KASHFLOW",
        model: "purchase_invoice",
        status: "SYNCED",
        deletedAt: null,
      },
    });
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.reduce((n, r) => n + r.documents, 0)).toBe(bills);
    for (const r of rows)
      expect({ day: r.day, variance: r.varianceMinor, variances: r.variances, currency: r.currency }).toEqual({
        day: r.day,
        variance: 0n,
        variances: [],
        currency: "USD",
      });
    // A second run finds nothing changed.
    const before = await db.tieOutDay.aggregate({ where: { companyId: c.companyId }, _max: { computedAt: true } });
    await c.run(TIE_OUT_FLOW_ID);
    expect(
      (await db.tieOutDay.aggregate({ where: { companyId: c.companyId }, _max: { computedAt: true } }))._max.computedAt,
    ).toEqual(before._max.computedAt);
  }, 120_000);

  it("asking Sage 100 itself about every bill agrees with the ledger", async () => {
    const rows = await days("purchase_invoices");
    const gateway = sage100Gateway({ orgId: c.tenant.org.id, companyId: c.companyId });
    const results = await computeTieOut({
      orgId: c.tenant.org.id,
      companyId: c.companyId,
      days: rows.map((r) => r.day.toISOString().slice(0, 10)),
      sage100: { gateway, verify: "all", maxLookups: 500, timeoutMs: 20_000 },
    });
    const purchases = results.flatMap((d) => d.kinds.filter((k) => k.kind === "purchase_invoices"));
    expect(purchases.reduce((n, k) => n + k.documents, 0)).toBeGreaterThan(3);
    expect(purchases.flatMap((k) => k.variances)).toEqual([]);
    expect(
      await db.sage100Command.count({
        where: { companyId: c.companyId, type: "findDocument", idempotencyKey: { startsWith: "findDocument:tieout:" } },
      }),
    ).toBeGreaterThan(3);
  }, 180_000);

  it("a bill edited in KashFlow after posting is listed as a variance with the reason, and raises the alert once", async () => {
    const record = await db.syncRecord.findFirstOrThrow({
      where: {
        companyId: c.companyId,
        system: "KASHFLOW",
        model: "purchase_invoice",
        status: "SYNCED",
        deletedAt: null,
        payload: { path: ["currency"], equals: "GBP" },
      },
      orderBy: { externalId: "asc" },
    });
    const number = Number(record.externalId);
    await c.kashflowClient.purchases.modify(number, (raw) => ({
      ...raw,
      LineItems: (raw.LineItems as Record<string, unknown>[]).map((l, i) =>
        i === 0 ? { ...l, Rate: Number(l.Rate) + 10 } : l,
      ),
    }));
    await c.cycle({ flowIds: [PURCHASES, TIE_OUT_FLOW_ID] });
    expect(await db.syncRecord.findUniqueOrThrow({ where: { id: record.id } })).toMatchObject({
      status: "HELD",
      errorCode: "CHANGED_AFTER_POSTING",
    });
    const day = (record.payload as { issueDate: string }).issueDate;
    const row = await db.tieOutDay.findUniqueOrThrow({
      where: {
        companyId_day_kind: { companyId: c.companyId, day: new Date(`${day}T00:00:00Z`), kind: "purchase_invoices" },
      },
    });
    const variances = variancesSchema.parse(row.variances);
    expect(variances).toEqual([
      expect.objectContaining({
        recordId: record.id,
        kashflowId: record.externalId,
        documentCurrency: "GBP",
        rate: "1.2712",
        rateSource: "record",
        status: "HELD",
        reason: expect.stringMatching(
          /^Sage 100 has it as first posted; since then it is held: KashFlow purchase \d+ changed after it was posted/,
        ),
      }),
    ]);
    const v = variances[0]!;
    // £10 more on line 1 (plus its VAT when the line carries VAT), at 1.2712.
    expect(v.varianceMinor).toBeGreaterThanOrEqual(1271);
    expect(v.varianceMinor).toBe(v.kashflowMinor - v.sage100Minor!);
    expect(Number(row.varianceMinor)).toBe(v.varianceMinor);
    expect(await db.auditLog.count({ where: { companyId: c.companyId, action: "sync.tie_out_variance" } })).toBe(1);
    await c.cycle({ flowIds: [PURCHASES, TIE_OUT_FLOW_ID] });
    expect(await db.auditLog.count({ where: { companyId: c.companyId, action: "sync.tie_out_variance" } })).toBe(1);
  }, 180_000);
});

describe("tie-out after sales invoices and payments", () => {
  const PAYMENT_FLOWS = ["payments.kashflow_to_sage100", "payments.sage100_to_kashflow"];
  const BACS = 409844;
  let s: Company;
  const inv: Record<string, number> = {};
  beforeAll(async () => {
    s = await salesCompany(h);
    others.push(s);
    await mapAll(s, "payment_method_to_bank", Object.fromEntries([0, 1, 2, 3, 4].map((i) => [String(BACS + i), "A"])));
    for (const [account, desc] of [
      ["2100-00", "Customer Deposits"],
      ["7100-00", "Exchange Gains and Losses"],
    ] as const)
      sageWrite(s.sim, {
        object: "GL_Account_bus",
        task: "GL_Account_ui",
        module: "G/L",
        key: { Account: account },
        values: { AccountDesc: desc, Status: "A" },
      });
    await updateSettings(s, (x) => {
      x.payments.unappliedCashAccount = "2100-00";
      x.payments.fxDifferenceAccount = "7100-00";
    });
    const cust = await kashflowCustomer(s, "TIEOUT1");
    inv.gbp = await kashflowInvoice(s, {
      customer: cust,
      date: "2025-03-10",
      lines: [line({ rate: 100, quantity: 3 }), line({ rate: 49.99, nominal: 4010, vat: 0 })],
    });
    inv.eur = await kashflowInvoice(s, {
      customer: cust,
      date: "2025-03-10",
      currency: { Code: "EUR", ExchangeRate: 1.17 },
      lines: [line({ rate: 250 })],
    });
    inv.credit = await kashflowInvoice(s, {
      customer: cust,
      date: "2025-03-11",
      lines: [line({ rate: 20, quantity: -1 })],
    });
    await s.settle({ flowIds: [...SALES_FLOWS, ...PAYMENT_FLOWS] });
    const pay = (n: number, amount: number, date: string) =>
      s.kashflowClient.invoices.addPayment(n, { Date: wireDate(date), Amount: amount, Method: BACS, AccountId: 1 });
    await pay(inv.gbp, 100, "2025-03-12");
    await pay(inv.eur, Number((await s.kashflowClient.invoices.get(inv.eur)).DueAmount), "2025-03-12");
    await s.settle({ flowIds: [...SALES_FLOWS, ...PAYMENT_FLOWS] });
  }, 240_000);

  it("every invoice, credit note and payment ties out, by the ledger and by asking Sage 100", async () => {
    const carried = await db.syncRecord.findMany({
      where: { companyId: s.companyId, system: "KASHFLOW", model: { in: ["sales_invoice", "payment"] } },
      select: { model: true, externalId: true, status: true, errorMessage: true },
    });
    expect(carried.filter((r) => r.status !== "SYNCED")).toEqual([]);
    expect((await s.run(TIE_OUT_FLOW_ID)).error).toBeUndefined();
    const rows = await db.tieOutDay.findMany({
      where: { companyId: s.companyId },
      orderBy: [{ day: "asc" }, { kind: "asc" }],
    });
    expect(
      rows.map((r) => [r.day.toISOString().slice(0, 10), r.kind, r.documents, Number(r.varianceMinor), r.variances]),
    ).toEqual([
      ["2025-03-10", "sales_invoices", 2, 0, []],
      ["2025-03-11", "sales_invoices", 1, 0, []],
      ["2025-03-12", "payments", 2, 0, []],
    ]);
    // GBP 349.99 (300 + 20% VAT on 300, 49.99 zero-rated) at 1.2712 on the 10th, plus EUR 300.00 at 1.0815.
    const tenth = rows.find((r) => r.kind === "sales_invoices" && r.day.toISOString().startsWith("2025-03-10"))!;
    expect(Number(tenth.kashflowMinor)).toBe(Math.round(40999 * 1.2712) + Math.round(30000 * 1.0815));
    expect(Number(rows.find((r) => r.day.toISOString().startsWith("2025-03-11"))!.sage100Minor)).toBe(
      -Math.round(2400 * 1.2712),
    );

    const gateway = sage100Gateway({ orgId: s.tenant.org.id, companyId: s.companyId });
    const asked = await computeTieOut({
      orgId: s.tenant.org.id,
      companyId: s.companyId,
      days: ["2025-03-10", "2025-03-11", "2025-03-12"],
      sage100: { gateway, verify: "all", timeoutMs: 20_000 },
    });
    expect(asked.flatMap((d) => d.kinds.flatMap((k) => k.variances))).toEqual([]);
  }, 120_000);
});

describe("tie-out after supplier payments", () => {
  it("every supplier payment ties out against its Sage 100 check, by the ledger and by asking Sage 100", async () => {
    const s = await salesCompany(h);
    others.push(s);
    const METHOD = 512200;
    await mapAll(s, "nominal_to_gl", PURCHASE_ACCOUNTS);
    await mapAll(s, "payment_method_to_bank", { [String(METHOD)]: "A" });
    await updateSettings(s, (x) => {
      x.payments.fxDifferenceAccount = "7150-00";
    });
    await s.kashflowClient.suppliers.create({ Code: "TIESUP", Name: "Tie-out Supplies" });
    const bill = (net: number, currency?: { Code: string; ExchangeRate: number }) =>
      s.kashflowClient.purchases.create({
        SupplierCode: "TIESUP",
        IssuedDate: "2025-03-05 12:00:00",
        ...(currency ? { Currency: currency } : {}),
        LineItems: [{ Description: "Stock", Quantity: 1, Rate: net, VATLevel: 20, NominalCode: 5000 }],
      });
    const gbp = await bill(100);
    const eur = await bill(250, { Code: "EUR", ExchangeRate: 1.17 });
    const flows = [...MASTER_FLOWS, PURCHASES, "payments.kashflow_to_sage100"];
    await s.settle({ flowIds: flows });
    const pay = (n: number, amount: number) =>
      s.kashflowClient.purchases.addPayment(n, {
        Date: wireDate("2025-03-12"),
        Amount: amount,
        Method: METHOD,
        AccountId: 1,
      });
    await pay(gbp.Number, 50);
    await pay(eur.Number, Number((await s.kashflowClient.purchases.get(eur.Number)).DueAmount));
    await s.settle({ flowIds: flows });
    expect((await s.run(TIE_OUT_FLOW_ID)).error).toBeUndefined();
    const row = await db.tieOutDay.findUniqueOrThrow({
      where: {
        companyId_day_kind: {
          companyId: s.companyId,
          day: new Date("2025-03-12T00:00:00Z"),
          kind: "supplier_payments",
        },
      },
    });
    expect({ documents: row.documents, variance: Number(row.varianceMinor), variances: row.variances }).toEqual({
      documents: 2,
      variance: 0,
      variances: [],
    });
    // 50.00 GBP and the EUR bill's sterling due, each at 1.2712 (the payment date's rate).
    const eurDue = Number((await s.kashflowClient.purchases.get(eur.Number)).TotalPaidAmount);
    expect(Number(row.sage100Minor)).toBe(Math.round(5000 * 1.2712) + Math.round(eurDue * 127.12));
    expect(await db.tieOutDay.count({ where: { companyId: s.companyId, kind: "payments" } })).toBe(0);
    const gateway = sage100Gateway({ orgId: s.tenant.org.id, companyId: s.companyId });
    const asked = await computeTieOut({
      orgId: s.tenant.org.id,
      companyId: s.companyId,
      days: ["2025-03-12"],
      sage100: { gateway, verify: "all", timeoutMs: 20_000 },
    });
    expect(asked.flatMap((d) => d.kinds.filter((k) => k.kind === "supplier_payments"))).toEqual([
      expect.objectContaining({ documents: 2, varianceMinor: 0, variances: [] }),
    ]);
  }, 240_000);
});
