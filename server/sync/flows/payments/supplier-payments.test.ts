// Supplier payments end to end on the real purchases flow: KashFlow payments on bills become Sage 100 A/P manual
// checks paying the A/P invoice the bill was posted as (full, partial, a EUR bill paid at another rate), found
// again rather than entered twice (a re-run, a crash before the ledger commit); a payment beyond the bill, a
// missing bank code, a bill not in Sage 100 yet and a deleted payment held with what to do; "skip" for sites that
// pay their vendors in Sage 100.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { wireDate } from "@/server/integrations/kashflow/mappers/common";
import { saveFxRates } from "../../mappings/fx";
import { saveMapping } from "../../mappings/save-mapping";
import { salesCompany, sageRows } from "../testing/sales-invoices";
import { sage100Command } from "../../sage100/command";
import { harnessForFile, type Company, type Harness } from "../testing/harness";
import {
  commandCount,
  ledgerRecord,
  mapAll,
  MASTER_FLOWS,
  PURCHASE_ACCOUNTS,
  updateSettings,
  writeThenDie,
} from "../testing/money";

const TO_SAGE = "payments.kashflow_to_sage100";
const FLOWS = [...MASTER_FLOWS, "purchases.kashflow_to_sage100", TO_SAGE];
/** KashFlow's first purchase payment method in the sandbox. */
const BACS = 512200;

let h: Harness;
harnessForFile((started) => (h = started));

/** Empty KashFlow books with a supplier, purchase nominals mapped, GBP/EUR rates for Q1 2025, exchange differences on 7150-00. */
async function company(o: { methods?: boolean } = {}) {
  const c = await salesCompany(h);
  await mapAll(c, "nominal_to_gl", PURCHASE_ACCOUNTS);
  if (o.methods ?? true) await mapAll(c, "payment_method_to_bank", { [String(BACS)]: "A" });
  await updateSettings(c, (s) => {
    s.payments.fxDifferenceAccount = "7150-00";
  });
  await c.kashflowClient.suppliers.create({ Code: "SUPP1", Name: "Supplier One" });
  return c;
}

/** A bill of `net` + 20% VAT on 5000 (cost of goods). */
async function bill(
  c: Company,
  o: {
    net: number;
    date?: string;
    reference?: string;
    currency?: { Code: string; ExchangeRate: number };
    nominal?: number;
  },
): Promise<number> {
  const created = await c.kashflowClient.purchases.create({
    SupplierCode: "SUPP1",
    ...(o.reference ? { SupplierReference: o.reference } : {}),
    IssuedDate: `${o.date ?? "2025-03-05"} 12:00:00`,
    ...(o.currency ? { Currency: o.currency } : {}),
    LineItems: [{ Description: "Stock", Quantity: 1, Rate: o.net, VATLevel: 20, NominalCode: o.nominal ?? 5000 }],
  });
  return created.Number;
}

const pay = async (c: Company, purchase: number, amount: number, date: string): Promise<number> =>
  (
    await c.kashflowClient.purchases.addPayment(purchase, {
      Date: wireDate(date),
      Amount: amount,
      Method: BACS,
      AccountId: 1,
    })
  ).payment.Id!;
const paymentRecord = (c: Company, purchase: number, paymentId: number) =>
  ledgerRecord(c, "payment", `purchase:${purchase}:${paymentId}`);
const checks = (c: Company, checkNo: string) => sageRows(c, "AP_CheckHistoryHeader", { CheckNo: checkNo });
const checkLines = (c: Company, checkNo: string) => sageRows(c, "AP_CheckHistoryDetail", { CheckNo: checkNo });
const minor = (v: unknown) => Math.round(Number(v) * 100);
/** The Sage 100 A/P invoice a KashFlow purchase was posted as, and what it has open now (minor units). */
async function apInvoice(c: Company, purchase: number): Promise<{ invoiceNo: string; balance: number }> {
  const link = await db.entityLink.findUniqueOrThrow({
    where: {
      companyId_model_kashflowId: { companyId: c.companyId, model: "purchase_invoice", kashflowId: String(purchase) },
    },
  });
  const invoiceNo = link.sage100Key.slice(link.sage100Key.indexOf("/") + 1);
  return { invoiceNo, balance: minor(sageRows(c, "AP_OpenInvoice", { InvoiceNo: invoiceNo })[0]?.Balance ?? NaN) };
}
const glOn = (c: Company, account: string) => {
  const key = sageRows(c, "GL_Account", { Account: account })[0]!.AccountKey;
  return sageRows(c, "GL_DetailPosting", { AccountKey: key, SourceJournal: "MC" }).reduce(
    (t, r) => t + minor(r.DebitAmount) - minor(r.CreditAmount),
    0,
  );
};

describe("KashFlow supplier payments into Sage 100 A/P manual checks", () => {
  let c: Company;
  const kf: Record<string, number> = {};
  const pid: Record<string, number> = {};
  beforeAll(async () => {
    c = await company();
    kf.full = await bill(c, { net: 100, reference: "FULL-1" }); // 120.00 GBP = 152.54 USD
    kf.partial = await bill(c, { net: 300 }); // 360.00 GBP = 457.63 USD
    kf.eur = await bill(c, { net: 250, currency: { Code: "EUR", ExchangeRate: 1.17 } }); // 300.00 EUR = 324.45 USD
    kf.over = await bill(c, { net: 200 }); // 240.00 GBP = 305.09 USD
    await c.settle({ flowIds: FLOWS });
    // The pound is worth more on the day the EUR bill is paid.
    await saveFxRates({
      orgId: c.tenant.org.id,
      companyId: c.companyId,
      userId: c.tenant.owner.id,
      source: "manual",
      rates: [{ fromCurrency: "GBP", toCurrency: "USD", day: "2025-03-14", rate: "1.3" }],
    });
    pid.full = await pay(c, kf.full, 120, "2025-03-12");
    pid.partial = await pay(c, kf.partial, 100, "2025-03-12");
    pid.eur = await pay(c, kf.eur, Number((await c.kashflowClient.purchases.get(kf.eur)).DueAmount), "2025-03-14");
    pid.over = await pay(c, kf.over, 250, "2025-03-13");
    await c.settle({ flowIds: FLOWS });
  }, 240_000);

  it("a full payment posts a check to the bill's vendor that pays its A/P invoice down to nothing", async () => {
    const { invoiceNo, balance } = await apInvoice(c, kf.full!);
    expect(invoiceNo).toBe("FULL-1");
    expect(balance).toBe(0);
    expect(await paymentRecord(c, kf.full!, pid.full!)).toMatchObject({
      status: "SYNCED",
      counterpartId: `check:A/KF${pid.full}`,
    });
    expect(checks(c, `KF${pid.full}`)).toEqual([
      expect.objectContaining({
        BankCode: "A",
        CheckType: "M",
        CheckDate: "20250312",
        CheckAmt: 152.54,
        CheckComment: expect.stringContaining(`KashFlow purchase ${kf.full}`),
      }),
    ]);
    expect(checkLines(c, `KF${pid.full}`).map((l) => [l.InvoiceNo, l.AmountPaid])).toEqual([["FULL-1", 152.54]]);
  });

  it("a partial payment leaves the rest open, and the next payment clears it", async () => {
    expect((await apInvoice(c, kf.partial!)).balance).toBe(45763 - 12712);
    const rest = await pay(c, kf.partial!, 260, "2025-03-15");
    await c.settle({ flowIds: FLOWS });
    expect(checks(c, `KF${rest}`)).toEqual([expect.objectContaining({ CheckAmt: 330.51 })]);
    expect((await apInvoice(c, kf.partial!)).balance).toBe(0);
  });

  it("a EUR bill paid in pounds at a later rate: the check pays the bill in full and the difference is an exchange difference", async () => {
    const { invoiceNo, balance } = await apInvoice(c, kf.eur!);
    expect(balance).toBe(0);
    const paidGbp = Number((await c.kashflowClient.purchases.get(kf.eur!)).TotalPaidAmount);
    const cash = Math.round(paidGbp * 130);
    expect(checks(c, `KF${pid.eur}`)).toEqual([expect.objectContaining({ CheckAmt: cash / 100 })]);
    const lines = checkLines(c, `KF${pid.eur}`);
    expect(lines.find((l) => l.InvoiceNo === invoiceNo)).toMatchObject({ AmountPaid: 324.45 });
    const fx = lines.find((l) => !l.InvoiceNo)!;
    expect(minor(fx.AmountPaid)).toBe(cash - 32445);
    expect(glOn(c, "7150-00")).toBe(cash - 32445);
    expect((await paymentRecord(c, kf.eur!, pid.eur!)).warnings).toContainEqual({
      field: "amount",
      message: "Converted GBP → USD at 1.3 (rate of 14 Mar 2025).",
    });
  });

  it("a payment bigger than the bill's Sage 100 balance is held: a check cannot leave money unapplied", async () => {
    expect(await paymentRecord(c, kf.over!, pid.over!)).toMatchObject({
      status: "HELD",
      errorCode: "PAYMENT_EXCEEDS_BILL",
      errorMessage: expect.stringContaining("cannot leave money unapplied"),
    });
    expect(checks(c, `KF${pid.over}`)).toEqual([]);
    expect((await apInvoice(c, kf.over!)).balance).toBe(30509);
  });

  it("a second run enters no check again", async () => {
    const before = await commandCount(c, "createApManualCheck");
    const results = await c.cycle({ flowIds: FLOWS });
    expect(results[TO_SAGE]!.counts).toMatchObject({ SYNCED: 0, FAILED: 0 });
    expect(await commandCount(c, "createApManualCheck")).toBe(before);
    expect(checks(c, `KF${pid.full}`)).toHaveLength(1);
  });

  it("a payment deleted in KashFlow after its check posted is held for a person to void the check", async () => {
    await c.kashflowClient.purchases.removePayment(kf.full!, pid.full!);
    // A deletion counts after the company's grace window of complete sweeps.
    await c.settle({ flowIds: FLOWS });
    await c.settle({ flowIds: FLOWS });
    expect(await paymentRecord(c, kf.full!, pid.full!)).toMatchObject({
      status: "HELD",
      errorCode: "CHECK_NEEDS_PERSON",
      errorMessage: expect.stringContaining(`Void check KF${pid.full} in Sage 100`),
      deletedAt: expect.any(Date),
    });
    expect(checks(c, `KF${pid.full}`)).toHaveLength(1);
  }, 120_000);
});

describe("holds that release themselves or when a person fixes them", () => {
  it("a payment method without a bank code holds with guidance; saving the mapping releases it", async () => {
    const c = await company({ methods: false });
    const n = await bill(c, { net: 50 });
    await c.settle({ flowIds: FLOWS });
    const p = await pay(c, n, 60, "2025-03-12");
    await c.settle({ flowIds: FLOWS });
    expect(await paymentRecord(c, n, p)).toMatchObject({
      status: "HELD",
      errorCode: "MAPPING_MISSING",
      errorField: `mapping:payment_method_to_bank:${BACS}`,
      errorMessage: `Choose the Sage 100 bank code for KashFlow payment method "${BACS}".`,
    });
    const { released } = await saveMapping({
      orgId: c.tenant.org.id,
      companyId: c.companyId,
      userId: c.tenant.owner.id,
      kind: "payment_method_to_bank",
      sourceKey: String(BACS),
      targetValue: "B",
    });
    expect(released).toBe(1);
    await c.settle({ flowIds: FLOWS });
    expect(await paymentRecord(c, n, p)).toMatchObject({ status: "SYNCED", counterpartId: `check:B/KF${p}` });
    expect(checks(c, `KF${p}`)).toEqual([expect.objectContaining({ BankCode: "B", CheckAmt: 76.27 })]);
    expect((await apInvoice(c, n)).balance).toBe(0);
  }, 180_000);

  it("a payment on a bill not in Sage 100 yet waits for it, and goes once the bill is there", async () => {
    const c = await company();
    // Nominal 30 (office equipment) has no G/L account mapped: the bill is held, so its payment waits for it.
    const n = await bill(c, { net: 100, nominal: 30 });
    const p = await pay(c, n, 120, "2025-03-12");
    await c.settle({ flowIds: FLOWS });
    expect(await paymentRecord(c, n, p)).toMatchObject({
      status: "PENDING",
      errorCode: "WAITING_FOR_RECORD",
      waitingOnSystem: "KASHFLOW",
      waitingOnModel: "purchase_invoice",
      waitingOnExternalId: String(n),
      errorMessage: expect.stringContaining(`KashFlow purchase ${n} to reach Sage 100`),
    });
    await saveMapping({
      orgId: c.tenant.org.id,
      companyId: c.companyId,
      userId: c.tenant.owner.id,
      kind: "nominal_to_gl",
      sourceKey: "30",
      targetValue: "6000-00",
    });
    await c.settle({ flowIds: FLOWS });
    expect(await paymentRecord(c, n, p)).toMatchObject({ status: "SYNCED" });
    expect((await apInvoice(c, n)).balance).toBe(0);
  }, 180_000);

  it("checks left in their batch for review in Sage 100: a second payment counts the first one, still unposted", async () => {
    const c = await company();
    await updateSettings(c, (s) => {
      s.payments.post = false;
    });
    const n = await bill(c, { net: 200 }); // 240.00 GBP = 305.09 USD
    await c.settle({ flowIds: FLOWS });
    const first = await pay(c, n, 100, "2025-03-12");
    await c.settle({ flowIds: FLOWS });
    // The rest settles the bill: 177.97 USD against the 177.97 the first check leaves, no exchange difference.
    const rest = await pay(c, n, 140, "2025-03-13");
    await c.settle({ flowIds: FLOWS });
    expect([await paymentRecord(c, n, first), await paymentRecord(c, n, rest)]).toMatchObject([
      { status: "SYNCED" },
      { status: "SYNCED" },
    ]);
    const pending = sageRows(c, "AP_ManualCheckHeader");
    expect(pending.map((r) => [r.CheckNo, r.CheckAmt])).toEqual([
      [`KF${first}`, 127.12],
      [`KF${rest}`, 177.97],
    ]);
    expect((await apInvoice(c, n)).balance).toBe(30509);
    const ctx = await c.context(TO_SAGE);
    for (const r of pending)
      await sage100Command(ctx, {
        type: "postBatch",
        payload: { journal: "AP_CHECK", batchNo: String(r.BatchNo), postingDate: "2025-03-13" },
      });
    expect((await apInvoice(c, n)).balance).toBe(0);
  }, 180_000);

  it("a company that pays its vendors in Sage 100 skips supplier payments with the reason", async () => {
    const c = await company();
    await updateSettings(c, (s) => {
      s.sage100.supplierPayments = "skip";
    });
    const n = await bill(c, { net: 10 });
    await c.settle({ flowIds: FLOWS });
    const p = await pay(c, n, 12, "2025-03-11");
    await c.settle({ flowIds: FLOWS });
    expect(await paymentRecord(c, n, p)).toMatchObject({
      status: "SKIPPED",
      errorMessage: expect.stringContaining('sync setting "Supplier payments"'),
    });
    expect(await commandCount(c, "createApManualCheck")).toBe(0);
    expect((await apInvoice(c, n)).balance).toBe(1525);
  }, 180_000);
});

describe("a crash between the Sage 100 write and the ledger commit", () => {
  it("the re-run finds the check it entered and enters no second one", async () => {
    const c = await company();
    const n = await bill(c, { net: 100 });
    await c.settle({ flowIds: FLOWS });
    const p = await pay(c, n, 50, "2025-03-12");
    const id = await writeThenDie(c, TO_SAGE, `purchase:${n}:${p}`);
    expect(checks(c, `KF${p}`)).toHaveLength(1);
    expect((await db.syncRecord.findUniqueOrThrow({ where: { id } })).status).toBe("PENDING");
    await c.settle({ flowIds: FLOWS });
    expect(checks(c, `KF${p}`)).toHaveLength(1);
    expect(await commandCount(c, "createApManualCheck")).toBe(1);
    expect((await apInvoice(c, n)).balance).toBe(15254 - 6356);
    expect(await db.syncRecord.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "SYNCED",
      counterpartId: `check:A/KF${p}`,
    });
  }, 180_000);
});
