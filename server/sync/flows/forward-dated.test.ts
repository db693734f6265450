// Documents already in KashFlow but dated after the first sync, end to end (KashFlow sandbox over HTTP, a real agent
// on the Sage 100 simulator): carried at once by default; with "on_date" they wait, pending and unretried, and go the
// day their date arrives in the company's time zone; either way each is carried exactly once.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { wireDate } from "@/server/integrations/kashflow/mappers/common";
import { WAITS_FOR_DATE } from "../engine/forward-dated";
import { nextRunAt } from "../engine/next-run";
import { flowById } from ".";
import { readState, updateState } from "./sales-invoices/state";
import {
  kashflowCustomer,
  kashflowInvoice,
  kfNo,
  line,
  salesCompany,
  SALES_FLOWS,
  sageRows,
} from "./testing/sales-invoices";
import { harnessForFile, sageWrite, type Company, type Harness } from "./testing/harness";
import { fxRates, ledgerRecord, mapAll, PURCHASE_ACCOUNTS, updateSettings } from "./testing/money";

const PURCHASES = "purchases.kashflow_to_sage100";
const PAYMENTS = "payments.kashflow_to_sage100";
const FLOWS = [...SALES_FLOWS, PURCHASES, PAYMENTS];
const BACS = 409844;
/** "Today" for these companies (Europe/London): mid-March 2025, inside the simulator's open periods. */
const TODAY = new Date("2025-03-15T12:00:00Z");

let h: Harness;
harnessForFile((started) => (h = started));

type Books = { current: number; invoice: number; bill: number; paymentId: number };

/** A company whose KashFlow already holds, before its first sync, an invoice and a bill dated next month and a payment on that invoice. */
async function companyWithForwardDocuments(futureDated: "now" | "on_date"): Promise<{ c: Company; books: Books }> {
  const c = await salesCompany(h);
  c.setNow(TODAY);
  await fxRates(c, [["GBP", "USD", "1.2712"]], "2025-04-01", "2025-04-30");
  await mapAll(c, "nominal_to_gl", PURCHASE_ACCOUNTS);
  await mapAll(c, "payment_method_to_bank", { [String(BACS)]: "A" });
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
    s.documents.futureDated = futureDated;
  });
  const customer = await kashflowCustomer(c, "FWD1");
  await c.kashflowClient.suppliers.create({ Code: "FWDSUP", Name: "Forward Supplies Ltd" });
  const current = await kashflowInvoice(c, { customer, date: "2025-03-10", lines: [line({ rate: 50 })] });
  const invoice = await kashflowInvoice(c, { customer, date: "2025-04-10", lines: [line({ rate: 100 })] }); // 120.00 GBP
  const bill = (
    await c.kashflowClient.purchases.create({
      SupplierCode: "FWDSUP",
      SupplierReference: "FWD-BILL-1",
      IssuedDate: "2025-04-08 12:00:00",
      LineItems: [{ Description: "Rent", Quantity: 1, Rate: 500, VATLevel: 20, NominalCode: 7000 }],
    })
  ).Number;
  const paid = await c.kashflowClient.invoices.addPayment(invoice, {
    Date: wireDate("2025-04-12"),
    Amount: 120,
    Method: BACS,
    AccountId: 1,
  });
  return { c, books: { current, invoice, bill, paymentId: paid.payment.Id! } };
}

const records = (c: Company, b: Books) =>
  Promise.all([
    ledgerRecord(c, "sales_invoice", String(b.invoice)),
    ledgerRecord(c, "purchase_invoice", String(b.bill)),
    ledgerRecord(c, "payment", `invoice:${b.invoice}:${b.paymentId}`),
  ]);
const inSage = (c: Company, b: Books) => ({
  invoices: sageRows(c, "AR_InvoiceHistoryHeader", { InvoiceNo: kfNo(b.invoice) }).length,
  bills: [...sageRows(c, "AP_InvoiceHistoryHeader"), ...sageRows(c, "AP_InvoiceHeader")].filter(
    (r) => r.InvoiceNo === "FWD-BILL-1",
  ).length,
  receipts: sageRows(c, "AR_CashReceiptsHistory").filter((r) => String(r.CheckNo ?? "").includes(String(b.paymentId)))
    .length,
});
const writes = (c: Company) =>
  db.sage100Command.count({
    where: { companyId: c.companyId, type: { in: ["createArInvoice", "createApInvoice", "createCashReceipt"] } },
  });
const synced = (recordId: string) => db.syncAttempt.count({ where: { recordId, outcome: "SYNCED" } });

describe("documents dated after the first sync", () => {
  it("are carried at once by default (invoice, bill and the payment on the invoice), each exactly once", async () => {
    const { c, books } = await companyWithForwardDocuments("now");
    await c.settle({ flowIds: FLOWS });
    const [invoice, bill, payment] = await records(c, books);
    for (const r of [invoice, bill, payment])
      expect(r.status, `${r.model} ${r.externalId}: ${r.errorMessage}`).toBe("SYNCED");
    expect((await ledgerRecord(c, "sales_invoice", String(books.current))).status).toBe("SYNCED");
    expect(inSage(c, books)).toEqual({ invoices: 1, bills: 1, receipts: 1 });

    // Later runs (the audit report from its cursor, the lists again) carry nothing a second time.
    const before = await writes(c);
    await c.cycle({ flowIds: FLOWS });
    c.setNow(new Date("2025-04-20T12:00:00Z"));
    await c.cycle({ flowIds: FLOWS });
    expect(await writes(c)).toBe(before);
    expect(inSage(c, books)).toEqual({ invoices: 1, bills: 1, receipts: 1 });
    for (const r of [invoice, bill, payment]) expect(await synced(r.id)).toBe(1);
  }, 240_000);

  it("on their date: they wait, pending and with no attempt spent, and each goes the day its date arrives in the company's time zone", async () => {
    const { c, books } = await companyWithForwardDocuments("on_date");
    const results = await c.cycle({ flowIds: FLOWS });
    await c.settle({ flowIds: FLOWS });
    expect(results["sales_invoices.kashflow_to_sage100"]!.counts).toMatchObject({ WAITING: 1, HELD: 0, FAILED: 0 });
    expect((await ledgerRecord(c, "sales_invoice", String(books.current))).status).toBe("SYNCED");
    let [invoice, bill, payment] = await records(c, books);
    // Midnight in London (BST, UTC+1) is 23:00 UTC the day before.
    expect(invoice).toMatchObject({
      status: "PENDING",
      attempts: 0,
      errorCode: WAITS_FOR_DATE,
      errorMessage: "Waits for its date, 10 Apr 2025",
      retryClass: null,
      nextAttemptAt: new Date("2025-04-09T23:00:00Z"),
    });
    expect(bill).toMatchObject({
      status: "PENDING",
      attempts: 0,
      errorCode: WAITS_FOR_DATE,
      errorMessage: "Waits for its date, 8 Apr 2025",
    });
    // The payment waits for its own date (after its invoice's).
    expect(payment).toMatchObject({
      status: "PENDING",
      attempts: 0,
      errorCode: WAITS_FOR_DATE,
      errorMessage: "Waits for its date, 12 Apr 2025",
    });
    expect(inSage(c, books)).toEqual({ invoices: 0, bills: 0, receipts: 0 });
    // Five seconds before the day begins (the flow's interval is 10 s), its next run is when the day begins.
    const sales = flowById("sales_invoices.kashflow_to_sage100")!;
    expect(await nextRunAt(await c.context(sales.id), sales, new Date("2025-04-09T22:59:55Z"))).toEqual(
      new Date("2025-04-09T23:00:00Z"),
    );
    // Runs before the date neither retry nor hold nor fail it, and record no attempt.
    await c.cycle({ flowIds: FLOWS });
    for (const r of await records(c, books)) {
      expect(r).toMatchObject({ status: "PENDING", attempts: 0 });
      expect(await db.syncAttempt.count({ where: { recordId: r.id } })).toBe(0);
    }

    // 00:30 on 10 April in London (still 9 April in UTC): the bill's and the invoice's dates have come, not the payment's.
    c.setNow(new Date("2025-04-09T23:30:00Z"));
    await c.settle({ flowIds: FLOWS });
    [invoice, bill, payment] = await records(c, books);
    expect(invoice, invoice.errorMessage ?? "").toMatchObject({
      status: "SYNCED",
      errorCode: null,
      errorMessage: null,
    });
    expect(bill.status, bill.errorMessage ?? "").toBe("SYNCED");
    expect(payment).toMatchObject({ status: "PENDING", errorCode: WAITS_FOR_DATE });
    expect(inSage(c, books)).toEqual({ invoices: 1, bills: 1, receipts: 0 });

    c.setNow(new Date("2025-04-12T08:00:00Z"));
    await c.settle({ flowIds: FLOWS });
    payment = await ledgerRecord(c, "payment", payment.externalId);
    expect(payment.status, payment.errorMessage ?? "").toBe("SYNCED");
    expect(inSage(c, books)).toEqual({ invoices: 1, bills: 1, receipts: 1 });
    const before = await writes(c);
    await c.cycle({ flowIds: FLOWS });
    expect(await writes(c)).toBe(before);
    for (const r of [invoice, bill, payment]) expect(await synced(r.id)).toBe(1);
  }, 240_000);

  it('switched back to "now", what waits for its date is carried at the next run', async () => {
    const { c, books } = await companyWithForwardDocuments("on_date");
    await c.settle({ flowIds: FLOWS });
    expect((await ledgerRecord(c, "sales_invoice", String(books.invoice))).status).toBe("PENDING");
    await updateSettings(c, (s) => {
      s.documents.futureDated = "now";
    });
    await c.settle({ flowIds: FLOWS });
    for (const r of await records(c, books)) expect(r.status, `${r.model} ${r.errorMessage}`).toBe("SYNCED");
    expect(inSage(c, books)).toEqual({ invoices: 1, bills: 1, receipts: 1 });
  }, 240_000);

  it("a company whose first load ended at its own day (before this fix) reads the invoices it never saw, once", async () => {
    const c = await salesCompany(h);
    c.setNow(TODAY);
    await fxRates(c, [["GBP", "USD", "1.2712"]], "2025-04-01", "2025-04-30");
    const customer = await kashflowCustomer(c, "OLD1");
    const current = await kashflowInvoice(c, { customer, date: "2025-03-10", lines: [line({ rate: 50 })] });
    const forward = await kashflowInvoice(c, { customer, date: "2025-04-10", lines: [line({ rate: 100 })] });
    // The first load as it used to end: through its own day, the audit report's cursor taken after both invoices.
    const { cursor } = await c.kashflowClient.auditChanges({ from: "2025-03-14" });
    await updateState(c.companyId, (s) => ({
      ...s,
      audit: cursor,
      startDate: "2025-01-01",
      initial: null,
      openEnded: false,
    }));
    await c.settle({ flowIds: SALES_FLOWS });
    // Neither is in the ledger, so both are read (the forward-dated one is what the old first load missed).
    for (const n of [current, forward])
      expect((await ledgerRecord(c, "sales_invoice", String(n))).status).toBe("SYNCED");
    expect((await readState(c.companyId)).openEnded).toBe(true);
    // Once: a later run lists nothing again.
    const before = await writes(c);
    await c.settle({ flowIds: SALES_FLOWS });
    expect(await writes(c)).toBe(before);
  }, 240_000);
});
