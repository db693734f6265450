// Payments both ways, end to end on the real sales-invoice flow: KashFlow payments into Sage 100 cash receipts
// (partial, settling, over-paid, foreign-currency settled at another rate), "Paid" and payments recorded in Sage 100
// back to KashFlow, with no echo either way; holds that release; deletions reversed; a crash before the ledger
// commit. Supplier payments (A/P manual checks): supplier-payments.test.ts.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { saveMapping } from "../../mappings/save-mapping";
import { wireDate } from "@/server/integrations/kashflow/mappers/common";
import { sage100Command } from "../../sage100/command";
import {
  applyCreditNote,
  kashflowCustomer,
  kashflowInvoice,
  kfNo,
  line,
  salesCompany,
  SALES_FLOWS,
  sageRows,
} from "../testing/sales-invoices";
import { sageWrite, harnessForFile, type Company, type Harness } from "../testing/harness";
import { commandCount, fxRates, ledgerRecord, mapAll, updateSettings, writeThenDie } from "../testing/money";

const TO_SAGE = "payments.kashflow_to_sage100";
const BACK = "payments.sage100_to_kashflow";
const FLOWS = [...SALES_FLOWS, TO_SAGE, BACK];
const BACS = 409844;

let h: Harness;
harnessForFile((started) => (h = started));

/** The sales-invoice company, plus: payment methods → bank A, and Sage accounts for unapplied cash and FX differences. */
async function company(o: { methods?: boolean } = {}) {
  const c = await salesCompany(h);
  if (o.methods ?? true)
    await mapAll(c, "payment_method_to_bank", Object.fromEntries([0, 1, 2, 3, 4].map((i) => [String(BACS + i), "A"])));
  for (const [account, desc] of [
    ["2100-00", "Customer Deposits"],
    ["7100-00", "Exchange Gains and Losses"],
  ] as const)
    sageWrite(c.sim, {
      object: "GL_Account_bus",
      task: "GL_Account_ui",
      module: "G/L",
      key: { Account: account },
      values: { AccountDesc: desc, Status: "A" },
    });
  await updateSettings(c, (s) => {
    s.payments.unappliedCashAccount = "2100-00";
    s.payments.fxDifferenceAccount = "7100-00";
  });
  return c;
}

const pay = (c: Company, invoice: number, amount: number, date: string, reference?: string) =>
  c.kashflowClient.invoices.addPayment(invoice, {
    Date: wireDate(date),
    Amount: amount,
    Method: BACS,
    AccountId: 1,
    ...(reference ? { Reference: reference } : {}),
  });
const balance = (c: Company, invoice: number) =>
  Math.round(Number(sageRows(c, "AR_OpenInvoice", { InvoiceNo: kfNo(invoice) })[0]?.Balance ?? NaN) * 100);
const receipts = (c: Company, checkNo: string) => sageRows(c, "AR_CashReceiptsHistory", { CheckNo: checkNo });
const glOn = (c: Company, account: string) => {
  const key = sageRows(c, "GL_Account", { Account: account })[0]!.AccountKey;
  return sageRows(c, "GL_DetailPosting", { AccountKey: key }).reduce(
    (t, r) => t + Math.round((Number(r.DebitAmount) - Number(r.CreditAmount)) * 100),
    0,
  );
};
const paymentRecord = (c: Company, invoice: number, paymentId: number) =>
  ledgerRecord(c, "payment", `invoice:${invoice}:${paymentId}`);

describe("KashFlow payments into Sage 100 cash receipts", () => {
  let c: Company;
  const inv: Record<string, number> = {};
  const pid: Record<string, number> = {};
  beforeAll(async () => {
    c = await company();
    const cust = await kashflowCustomer(c, "PAYER1");
    inv.partial = await kashflowInvoice(c, {
      customer: cust,
      date: "2025-03-10",
      lines: [line({ rate: 100, quantity: 3 })],
    }); // 360.00 GBP
    inv.over = await kashflowInvoice(c, { customer: cust, date: "2025-03-10", lines: [line({ rate: 200 })] }); // 240.00 GBP
    inv.eur = await kashflowInvoice(c, {
      customer: cust,
      date: "2025-03-11",
      currency: { Code: "EUR", ExchangeRate: 1.17 },
      lines: [line({ rate: 250 })],
    }); // 300.00 EUR
    await c.settle({ flowIds: FLOWS });
    pid.first = (await pay(c, inv.partial, 100, "2025-03-12", "Part 1")).payment.Id!;
    pid.over = (await pay(c, inv.over, 250, "2025-03-13")).payment.Id!;
    const eurDue = Number((await c.kashflowClient.invoices.get(inv.eur)).DueAmount);
    pid.eur = (await pay(c, inv.eur, eurDue, "2025-03-14")).payment.Id!;
    await c.settle({ flowIds: FLOWS });
  }, 180_000);

  it("applies a partial payment at the payment date's rate", async () => {
    expect(await paymentRecord(c, inv.partial!, pid.first!)).toMatchObject({
      status: "SYNCED",
      counterpartId: `00-PAYER1/KF${pid.first}`,
    });
    expect(receipts(c, `KF${pid.first}`)).toEqual([
      expect.objectContaining({ InvoiceNo: kfNo(inv.partial!), CashAmountApplied: 127.12, BankCode: "A" }),
    ]);
    expect(balance(c, inv.partial!)).toBe(45763 - 12712);
  });

  it("the payment that settles the invoice clears it; an over-payment is left as unapplied cash", async () => {
    const rest = (await pay(c, inv.partial!, 260, "2025-03-15")).payment.Id!;
    await c.settle({ flowIds: FLOWS });
    expect(receipts(c, `KF${rest}`)[0]).toMatchObject({ CashAmountApplied: 330.51 });
    expect(balance(c, inv.partial!)).toBe(0);
    // 250.00 GBP on a 240.00 invoice: 305.09 applied, 12.71 (10.00 GBP) on the unapplied-cash account.
    expect(balance(c, inv.over!)).toBe(0);
    expect(
      receipts(c, `KF${pid.over}`).map((r) => [r.InvoiceNo, r.AccountKey ? "2100-00" : "", r.CashAmountApplied]),
    ).toEqual([
      [kfNo(inv.over!), "", 305.09],
      ["", "2100-00", 12.71],
    ]);
    expect(glOn(c, "2100-00")).toBe(-1271);
    expect((await paymentRecord(c, inv.over!, pid.over!)).warnings).toContainEqual({
      field: "amount",
      message: expect.stringContaining("left as unapplied cash"),
    });
  });

  it("a foreign-currency invoice paid in pounds settles at another rate: the difference is an exchange difference", async () => {
    expect(balance(c, inv.eur!)).toBe(0);
    const lines = receipts(c, `KF${pid.eur}`);
    const applied = lines.find((r) => r.InvoiceNo)!;
    const fx = lines.find((r) => !r.InvoiceNo)!;
    expect(Math.round(Number(applied.CashAmountApplied) * 100)).toBe(32445);
    expect(Math.round((Number(applied.CashAmountApplied) + Number(fx.CashAmountApplied)) * 100)).toBe(
      Math.round(Number((await c.kashflowClient.invoices.get(inv.eur!)).TotalPaidAmount) * 127.12),
    );
    expect(glOn(c, "7100-00")).toBe(-Math.round(Number(fx.CashAmountApplied) * 100));
  });

  it("a second cycle writes nothing either way (no echo)", async () => {
    const [receiptsBefore, kfLines] = [
      await commandCount(c, "createCashReceipt"),
      (await c.kashflowClient.invoices.get(inv.partial!)).PaymentLines!.length,
    ];
    await c.poller.pollAll();
    const results = await c.cycle({ flowIds: FLOWS });
    expect(results[TO_SAGE]!.counts).toMatchObject({ SYNCED: 0, HELD: 0, FAILED: 0 });
    expect(await commandCount(c, "createCashReceipt")).toBe(receiptsBefore);
    expect((await c.kashflowClient.invoices.get(inv.partial!)).PaymentLines).toHaveLength(kfLines);
    // Sage saw our receipts (balance changes), and carried nothing back.
    const back = await db.syncRecord.findMany({
      where: { companyId: c.companyId, system: "SAGE100", model: "payment" },
    });
    expect(back.length).toBeGreaterThanOrEqual(3);
    expect(back.every((r) => r.status === "SYNCED")).toBe(true);
  });

  it("a deleted payment is reversed by a negative receipt, never deleted; on an invoice since paid in full it is held for a person", async () => {
    const open = await kashflowInvoice(c, { customer: "PAYER1", date: "2025-03-10", lines: [line({ rate: 200 })] }); // 240.00 GBP = 305.09 USD
    await c.settle({ flowIds: FLOWS });
    const p = (await pay(c, open, 50, "2025-03-12")).payment.Id!;
    await c.settle({ flowIds: FLOWS });
    expect(balance(c, open)).toBe(30509 - 6356);
    await c.kashflowClient.invoices.removePayment(open, p);
    await c.kashflowClient.invoices.removePayment(inv.partial!, pid.first!);
    // A deletion counts after the company's grace window of complete sweeps.
    await c.settle({ flowIds: FLOWS });
    await c.settle({ flowIds: FLOWS });
    expect(receipts(c, `KR${p}`)).toEqual([
      expect.objectContaining({ InvoiceNo: kfNo(open), CashAmountApplied: -63.56 }),
    ]);
    expect(balance(c, open)).toBe(30509);
    expect(await paymentRecord(c, open, p)).toMatchObject({ status: "SYNCED", deletedAt: expect.any(Date) });
    expect(await paymentRecord(c, inv.partial!, pid.first!)).toMatchObject({
      status: "HELD",
      errorCode: "REVERSAL_NEEDS_PERSON",
      deletedAt: expect.any(Date),
    });
    expect(receipts(c, `KR${pid.first}`)).toEqual([]);
  }, 120_000);
});

describe("a posted payment checked again", () => {
  it("its stored details, read back from Postgres with the keys reordered, still match: a sibling of a deleted payment is not 'changed after posting'; a changed amount is", async () => {
    const c = await company();
    const cust = await kashflowCustomer(c, "SIBLING");
    const n = await kashflowInvoice(c, { customer: cust, date: "2025-03-10", lines: [line({ rate: 100 })] }); // 120.00 GBP
    await c.settle({ flowIds: FLOWS });
    const first = (await pay(c, n, 50, "2025-03-12")).payment.Id!;
    const second = (await pay(c, n, 70, "2025-03-13")).payment.Id!;
    await c.settle({ flowIds: FLOWS });
    const posted = await paymentRecord(c, n, second);
    expect(posted).toMatchObject({ status: "SYNCED" });
    // jsonb keeps keys in its own order (shorter first), not the order Ledgerlink wrote them in.
    const facts = (posted.written as { receipt: { plan: { facts: Record<string, unknown> } } }).receipt.plan.facts;
    expect(Object.keys(facts)).not.toEqual(["date", "amountMinor", "methodId", "document"]);

    // The first payment deleted: the second no longer settles the invoice, so it is looked at again, unchanged.
    await c.kashflowClient.invoices.removePayment(n, first);
    await c.settle({ flowIds: FLOWS });
    await c.settle({ flowIds: FLOWS });
    expect(await paymentRecord(c, n, second)).toMatchObject({ status: "SYNCED", errorCode: null });

    // A real change after posting is still held.
    await c.kashflowClient.invoices.modify(n, (raw) => ({
      ...raw,
      PaymentLines: ((raw.PaymentLines as Record<string, unknown>[]) ?? []).map((l) =>
        l.Id === second ? { ...l, Amount: 65 } : l,
      ),
    }));
    await c.settle({ flowIds: FLOWS });
    expect(await paymentRecord(c, n, second)).toMatchObject({ status: "HELD", errorCode: "CHANGED_AFTER_POSTING" });
  }, 180_000);
});

describe("credit notes in cash receipts", () => {
  it("a credit note refunded to the customer: the receipt applies to the credit memo (type before number) and the customer's Sage 100 balance matches KashFlow's", async () => {
    const c = await company();
    const cust = await kashflowCustomer(c, "REFUND2");
    const note = await kashflowInvoice(c, {
      customer: cust,
      date: "2025-03-10",
      lines: [line({ rate: 50, quantity: -1, description: "Returned" })],
    }); // -60.00 GBP = -76.27 USD
    await kashflowInvoice(c, { customer: cust, date: "2025-03-10", lines: [line({ rate: 100 })] }); // 120.00 GBP = 152.54 USD
    await c.settle({ flowIds: FLOWS });
    const refund = (await pay(c, note, -60, "2025-03-12", "Refund")).payment.Id!;
    await c.settle({ flowIds: FLOWS });

    expect(await paymentRecord(c, note, refund)).toMatchObject({ status: "SYNCED", errorMessage: null });
    expect(receipts(c, `KF${refund}`)).toEqual([
      expect.objectContaining({ InvoiceNo: kfNo(note), InvoiceType: "CM", CashAmountApplied: -76.27 }),
    ]);
    expect(sageRows(c, "AR_OpenInvoice", { InvoiceNo: kfNo(note) })[0]).toMatchObject({
      InvoiceType: "CM",
      Balance: 0,
    });
    // KashFlow: the note is settled by the refund, 120.00 GBP still owed; Sage 100: the same at the day's rate.
    const kashflow = await c.kashflowClient.customers.get(cust);
    expect(Number(kashflow.OutstandingBalance)).toBe(120);
    const sageCustomer = sageRows(c, "AR_Customer", { CustomerNo: "REFUND2" })[0]!;
    expect(Math.round(Number(sageCustomer.CurrentBalance) * 100)).toBe(Math.round(120 * 127.12));
    expect(
      await db.syncRecord.count({ where: { companyId: c.companyId, model: "payment", status: { not: "SYNCED" } } }),
    ).toBe(0);
  }, 180_000);

  it("a refund on a credit note is a negative receipt against its credit memo; a credit note applied once both are in Sage 100 applies the memo to the invoice", async () => {
    const c = await company();
    const cust = await kashflowCustomer(c, "REFUND");
    const refunded = await kashflowInvoice(c, {
      customer: cust,
      date: "2025-03-10",
      lines: [line({ rate: 50, quantity: -1, description: "Returned" })],
    }); // -60.00 GBP
    const inv = await kashflowInvoice(c, { customer: cust, date: "2025-03-10", lines: [line({ rate: 100 })] }); // 120.00 GBP
    const later = await kashflowInvoice(c, {
      customer: cust,
      date: "2025-03-11",
      lines: [line({ rate: 20, quantity: -1, description: "Goodwill" })],
    }); // -24.00 GBP
    await c.settle({ flowIds: FLOWS });
    // Both credit notes stand open in Sage 100 as credit memos (negative balances).
    expect(sageRows(c, "AR_OpenInvoice", { InvoiceNo: kfNo(refunded) })[0]).toMatchObject({
      InvoiceType: "CM",
      Balance: -76.27,
    });
    const refund = (await pay(c, refunded, -60, "2025-03-12", "Refund")).payment.Id!;
    // KashFlow dates a credit application today: the day's rate is the quarter's.
    const today = new Date().toISOString().slice(0, 10);
    await fxRates(c, [["GBP", "USD", "1.2712"]], today, today);
    await applyCreditNote(h, c, { invoice: inv, creditNote: later, amount: 24 });
    await c.settle({ flowIds: FLOWS });

    // The refund: money out, applied to the credit memo, which it clears (Sage took the memo, not an invoice).
    expect(await paymentRecord(c, refunded, refund)).toMatchObject({
      status: "SYNCED",
      counterpartId: `00-REFUND/KF${refund}`,
      errorMessage: null,
    });
    expect(receipts(c, `KF${refund}`)).toEqual([
      expect.objectContaining({ InvoiceNo: kfNo(refunded), InvoiceType: "CM", CashAmountApplied: -76.27 }),
    ]);
    expect(sageRows(c, "AR_OpenInvoice", { InvoiceNo: kfNo(refunded) })[0]).toMatchObject({
      InvoiceType: "CM",
      Balance: 0,
    });
    // The credit applied afterwards: a zero receipt taking 24.00 GBP (30.51 USD) off both the invoice and the memo.
    const half = await db.syncRecord.findFirstOrThrow({
      where: { companyId: c.companyId, model: "payment", externalId: { startsWith: `invoice:${inv}:` } },
    });
    expect(half).toMatchObject({ status: "SYNCED", errorMessage: null });
    expect(balance(c, inv)).toBe(15254 - 3051);
    expect(sageRows(c, "AR_OpenInvoice", { InvoiceNo: kfNo(later) })[0]).toMatchObject({
      InvoiceType: "CM",
      Balance: 0,
    });
    // Nothing refused by Sage 100: no payment is held or failed.
    expect(
      await db.syncRecord.count({
        where: { companyId: c.companyId, model: "payment", status: { in: ["HELD", "FAILED", "DEAD"] } },
      }),
    ).toBe(0);
  }, 180_000);
});

describe("payments recorded in Sage 100 flow back to KashFlow", () => {
  it("'Paid' in Sage makes the KashFlow invoice Paid; a partial Sage payment becomes a KashFlow payment at its date's rate; neither comes back", async () => {
    const c = await company();
    const cust = await kashflowCustomer(c, "SAGEPAY");
    const full = await kashflowInvoice(c, { customer: cust, date: "2025-03-10", lines: [line({ rate: 100 })] }); // 120.00 GBP = 152.54 USD
    const part = await kashflowInvoice(c, { customer: cust, date: "2025-03-10", lines: [line({ rate: 200 })] }); // 240.00 GBP = 305.09 USD
    await c.settle({ flowIds: FLOWS });
    const ctx = await c.context(TO_SAGE);
    // A person at Sage 100 records the customer's checks.
    for (const [invoice, amount, checkNo] of [
      [full, "152.54", "1043"],
      [part, "100.00", "1044"],
    ] as const)
      await sage100Command(ctx, {
        type: "createCashReceipt",
        payload: {
          customerNo: "SAGEPAY",
          checkNo,
          bankCode: "A",
          depositDate: "2025-03-20",
          amount,
          applications: [{ invoiceNo: kfNo(invoice), amount }],
          batch: { post: true },
        },
      });
    await c.settle({ flowIds: FLOWS });
    const paid = await c.kashflowClient.invoices.get(full);
    expect(paid).toMatchObject({ Status: "Paid" });
    expect(paid.PaymentLines).toEqual([
      expect.objectContaining({ Amount: "120", Reference: expect.stringMatching(/^Sage 100 \d{5}\/1043$/) }),
    ]);
    const partPaid = await c.kashflowClient.invoices.get(part);
    // 100.00 USD at 1.2712 = 78.67 GBP.
    expect(partPaid.PaymentLines).toEqual([
      expect.objectContaining({ Amount: "78.67", Reference: expect.stringMatching(/\/1044$/) }),
    ]);
    // KashFlow's new payments are recognised as Sage's own and never become receipts.
    const receiptsBefore = await commandCount(c, "createCashReceipt");
    await c.settle({ flowIds: FLOWS });
    expect(await commandCount(c, "createCashReceipt")).toBe(receiptsBefore);
    const mine = await paymentRecord(c, full, paid.PaymentLines![0]!.Id!);
    expect(mine).toMatchObject({ status: "SKIPPED", errorMessage: expect.stringContaining("Recorded in Sage 100") });
    expect((await c.kashflowClient.invoices.get(full)).PaymentLines).toHaveLength(1);
  }, 180_000);
});

describe("holds that release themselves or when a person fixes them", () => {
  it("a payment method without a bank code holds with guidance; saving the mapping releases it", async () => {
    const c = await company({ methods: false });
    const cust = await kashflowCustomer(c, "NOMAP");
    const n = await kashflowInvoice(c, { customer: cust, date: "2025-03-10", lines: [line({ rate: 50 })] });
    await c.settle({ flowIds: FLOWS });
    const p = (await pay(c, n, 60, "2025-03-12")).payment.Id!;
    await c.settle({ flowIds: FLOWS });
    expect(await paymentRecord(c, n, p)).toMatchObject({
      status: "HELD",
      errorCode: "MAPPING_MISSING",
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
    expect(receipts(c, `KF${p}`)).toEqual([expect.objectContaining({ BankCode: "B" })]);
  }, 180_000);

  it("a payment on an invoice not in Sage 100 yet waits, and goes once the invoice is there", async () => {
    const c = await company();
    const cust = await kashflowCustomer(c, "WAITER");
    // 5% VAT has no tax class mapped: the invoice is held, so its payment waits for it.
    const n = await kashflowInvoice(c, { customer: cust, date: "2025-03-10", lines: [line({ rate: 100, vat: 5 })] });
    const p = (await pay(c, n, 105, "2025-03-12")).payment.Id!;
    await c.settle({ flowIds: FLOWS });
    expect(await paymentRecord(c, n, p)).toMatchObject({
      status: "PENDING",
      errorCode: "WAITING_FOR_RECORD",
      waitingOnSystem: "KASHFLOW",
      waitingOnModel: "sales_invoice",
      waitingOnExternalId: String(n),
      errorMessage: expect.stringContaining(`as ${kfNo(n)} IN`),
    });
    await saveMapping({
      orgId: c.tenant.org.id,
      companyId: c.companyId,
      userId: c.tenant.owner.id,
      kind: "vat_to_tax_class",
      sourceKey: "5",
      targetValue: "TX",
    });
    await c.settle({ flowIds: FLOWS });
    expect(await paymentRecord(c, n, p)).toMatchObject({ status: "SYNCED" });
    expect(balance(c, n)).toBe(0);
  }, 180_000);
});

describe("a crash between the Sage 100 write and the ledger commit", () => {
  it("the re-run finds the receipt it entered and enters no second one", async () => {
    const c = await company();
    const cust = await kashflowCustomer(c, "CRASHER");
    const n = await kashflowInvoice(c, { customer: cust, date: "2025-03-10", lines: [line({ rate: 100 })] });
    await c.settle({ flowIds: FLOWS });
    const p = (await pay(c, n, 50, "2025-03-12")).payment.Id!;
    const id = await writeThenDie(c, TO_SAGE, `invoice:${n}:${p}`);
    expect(receipts(c, `KF${p}`)).toHaveLength(1);
    expect((await db.syncRecord.findUniqueOrThrow({ where: { id } })).status).toBe("PENDING");
    await c.settle({ flowIds: FLOWS });
    expect(receipts(c, `KF${p}`)).toHaveLength(1);
    expect(balance(c, n)).toBe(15254 - 6356);
    expect(await db.syncRecord.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "SYNCED",
      counterpartId: `00-CRASHER/KF${p}`,
    });
  }, 180_000);
});
