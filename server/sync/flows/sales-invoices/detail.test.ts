// Sales invoices in detail mode, end to end: real Postgres, the KashFlow sandbox over HTTP, a real agent on the
// Sage 100 simulator. One A/R invoice each in its date's batch, posted; FX at the invoice date's rate, stored.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { isHold } from "../../engine/flow";
import { processRecord } from "../../engine/process-record";
import { claimDue } from "../../engine/run-flow";
import { convertMinor, saveFxRates } from "../../mappings/fx";
import { saveMapping } from "../../mappings/save-mapping";
import { flowById } from "..";
import { harnessForFile, type Harness } from "../testing/harness";
import {
  applyCreditNote,
  EUR_USD,
  GBP_USD,
  kashflowCustomer,
  kashflowInvoice,
  kfNo,
  line,
  MAPPINGS,
  salesCompany,
  sageRows,
  sageSide,
  salesRecord,
  setSalesSettings,
  syncSales,
} from "../testing/sales-invoices";

let h: Harness;
harnessForFile((started) => (h = started));
async function company(o: Parameters<typeof salesCompany>[1] = {}) {
  const c = await salesCompany(h, o);
  return c;
}

describe("detail mode", () => {
  it("enters each invoice in its date's batch, posts it, converts GBP and EUR at the invoice date's rate and stores the rate", async () => {
    const c = await company();
    const cust = await kashflowCustomer(c, "NORTH1");
    const gbp = await kashflowInvoice(c, {
      customer: cust,
      date: "2025-03-10",
      reference: "PO-7781",
      lines: [
        line({ rate: 100, quantity: 3 }),
        line({ nominal: 4010, rate: 49.99, description: "Support" }),
        line({ rate: 12.5, vat: 0, description: "Postage" }),
      ],
    });
    const eur = await kashflowInvoice(c, {
      customer: cust,
      date: "2025-03-11",
      currency: { Code: "EUR", ExchangeRate: 1.17 },
      lines: [line({ rate: 250 })],
    });
    await syncSales(c);

    for (const [n, rate] of [
      [gbp, GBP_USD],
      [eur, EUR_USD],
    ] as const) {
      const record = await salesRecord(c, n);
      expect(record, record.errorMessage ?? "").toMatchObject({ status: "SYNCED", counterpartId: kfNo(n) });
      const gross = (record.payload as { totals: { gross: { amountMinor: number; currency: string } } }).totals.gross;
      const usd = convertMinor(gross.amountMinor, { from: gross.currency, to: "USD", day: "2025-03-10", rate });
      const [posted] = sageRows(c, "AR_InvoiceHistoryHeader", { InvoiceNo: kfNo(n) });
      expect(posted).toMatchObject({ InvoiceType: "IN", CustomerNo: "NORTH1", TaxSchedule: "NONTAX" });
      const [open] = sageRows(c, "AR_OpenInvoice", { InvoiceNo: kfNo(n) });
      expect(Math.round(Number(open!.Balance) * 100)).toBe(usd);
      // The rate used is stored on the Sage side of the record (and in the attempt's request).
      const side = await sageSide(c, kfNo(n));
      expect(side?.payload).toMatchObject({
        fx: { from: gross.currency, to: "USD", rate },
        totals: { gross: { amountMinor: usd, currency: "USD" } },
      });
    }
    const lines = sageRows(c, "AR_InvoiceHistoryDetail", { InvoiceNo: kfNo(gbp) });
    // Three sale lines and VAT (20%) on its own line on the VAT account; 0% carries no VAT line.
    expect(lines.map((l) => [l.ItemCodeDesc, l.TaxClass, l.ExtensionAmt])).toEqual([
      ["Consulting", "TX", 381.36],
      ["Support", "TX", 63.55],
      ["Postage", "NT", 15.89],
      ["VAT 20%", "TX", 88.98],
    ]);
    expect(sageRows(c, "AR_InvoiceHistoryHeader", { InvoiceNo: kfNo(gbp) })[0]).toMatchObject({
      CustomerPONo: "PO-7781",
    });
    // Both batches were posted: nothing left in data entry.
    expect(sageRows(c, "AR_InvoiceHeader")).toHaveLength(0);
    expect(sageRows(c, "GL_CompanyActiveBatch")).toHaveLength(0);
    const attempt = await db.syncAttempt.findFirstOrThrow({
      where: { recordId: (await salesRecord(c, eur)).id, outcome: "SYNCED" },
    });
    expect(attempt.request).toMatchObject({
      command: { type: "createArInvoice", payload: { invoiceNo: kfNo(eur) } },
      fx: { from: "EUR", rate: EUR_USD },
    });
  }, 120_000);
});

const SALES = "sales_invoices.kashflow_to_sage100";
const cents = (n: unknown) => Math.round(Number(n) * 100);
const usd = (gbpMinor: number) => convertMinor(gbpMinor, { from: "GBP", to: "USD", day: "2025-03-01", rate: GBP_USD });

describe("credit notes", () => {
  it("become credit memos: applied to their invoice when KashFlow applied them, otherwise left open on the account", async () => {
    const c = await company();
    const cust = await kashflowCustomer(c, "CRED1");
    const inv = await kashflowInvoice(c, { customer: cust, date: "2025-03-12", lines: [line({ rate: 200 })] });
    const applied = await kashflowInvoice(c, {
      customer: cust,
      date: "2025-03-13",
      lines: [line({ rate: 50, quantity: -1, description: "Returned" })],
    });
    await applyCreditNote(h, c, { invoice: inv, creditNote: applied, amount: 60 });
    const loose = await kashflowInvoice(c, {
      customer: cust,
      date: "2025-03-13",
      lines: [line({ rate: -20, vat: 0, description: "Goodwill" })],
    });
    await syncSales(c);
    for (const n of [inv, applied, loose]) expect((await salesRecord(c, n)).status, String(n)).toBe("SYNCED");
    expect(sageRows(c, "AR_InvoiceHistoryHeader", { InvoiceNo: kfNo(applied) })[0]).toMatchObject({
      InvoiceType: "CM",
      ApplyToInvoiceNo: kfNo(inv),
    });
    // The memo reduced its invoice; the other stands open as a credit.
    expect(cents(sageRows(c, "AR_OpenInvoice", { InvoiceNo: kfNo(inv) })[0]!.Balance)).toBe(usd(24_000) - usd(6_000));
    expect(sageRows(c, "AR_InvoiceHistoryHeader", { InvoiceNo: kfNo(loose) })[0]).toMatchObject({
      InvoiceType: "CM",
      ApplyToInvoiceNo: "",
    });
    expect(cents(sageRows(c, "AR_OpenInvoice", { InvoiceNo: kfNo(loose) })[0]!.Balance)).toBe(-usd(2_000));
    expect((await sageSide(c, kfNo(applied)))?.payload).toMatchObject({
      invoiceType: "CM",
      totals: { gross: { amountMinor: -usd(6_000) } },
    });
  }, 120_000);
});

describe("voids", () => {
  it("a posted invoice deleted in KashFlow is reversed by a credit memo; one still in its batch is taken out; neither is silently dropped", async () => {
    const c = await company();
    const cust = await kashflowCustomer(c, "VOID1");
    const posted = await kashflowInvoice(c, { customer: cust, date: "2025-03-14", lines: [line({ rate: 80 })] });
    await syncSales(c);
    // The second is entered in its batch, and the run stops there (its batch not posted yet).
    const unposted = await kashflowInvoice(c, { customer: cust, date: "2025-03-17", lines: [line({ rate: 30 })] });
    const flow = flowById(SALES)!;
    const ctx = await c.context(SALES);
    await flow.detect(ctx);
    for (const r of await claimDue(ctx, flow)) await processRecord(ctx, flow, r);
    expect(sageRows(c, "AR_InvoiceHeader", { InvoiceNo: kfNo(unposted) })).toHaveLength(1);

    await c.kashflowClient.invoices.delete(posted);
    await c.kashflowClient.invoices.delete(unposted);
    await syncSales(c);
    const reversal = sageRows(c, "AR_InvoiceHistoryHeader", { InvoiceNo: kfNo(posted), InvoiceType: "CM" });
    expect(reversal).toHaveLength(1);
    expect(reversal[0]).toMatchObject({ ApplyToInvoiceNo: kfNo(posted), CustomerNo: "VOID1" });
    expect(cents(sageRows(c, "AR_OpenInvoice", { InvoiceNo: kfNo(posted), InvoiceType: "IN" })[0]!.Balance)).toBe(0);
    expect(sageRows(c, "AR_InvoiceHeader", { InvoiceNo: kfNo(unposted) })).toHaveLength(0);
    expect(sageRows(c, "AR_InvoiceHistoryHeader", { InvoiceNo: kfNo(unposted) })).toHaveLength(0);
    for (const [n, how] of [
      [posted, "reversed"],
      [unposted, "removed"],
    ] as const) {
      const record = await salesRecord(c, n);
      expect(record.deletedAt).not.toBeNull();
      expect(record.status).toBe("SYNCED");
      expect((await sageSide(c, kfNo(n)))?.payload).toMatchObject({ voided: { how } });
    }
    // Running again changes nothing in Sage 100.
    await c.cycle({ flowIds: [SALES] });
    expect(sageRows(c, "AR_InvoiceHistoryHeader", { InvoiceNo: kfNo(posted) })).toHaveLength(2);
  }, 120_000);
});

describe("changes after carrying", () => {
  it("a payment writes nothing; an edit after posting is held as changed after posting and Sage keeps the posted version", async () => {
    const c = await company();
    const cust = await kashflowCustomer(c, "EDIT1");
    const n = await kashflowInvoice(c, { customer: cust, date: "2025-03-18", lines: [line({ rate: 150 })] });
    await syncSales(c);
    const writes = () =>
      db.sage100Command.count({
        where: {
          companyId: c.companyId,
          type: { in: ["createArInvoice", "createArInvoices", "createArInvoiceBatches"] },
        },
      });
    const before = await writes();
    expect(before).toBeGreaterThan(0);
    const [bank] = await c.kashflowClient.bankAccounts();
    await c.kashflowClient.invoices.addPayment(n, {
      Date: "2025-03-20 12:00:00",
      Amount: 100,
      Method: 409_844,
      AccountId: bank!.Id!,
    });
    await syncSales(c);
    expect(await salesRecord(c, n)).toMatchObject({ status: "SYNCED" });
    expect(await writes()).toBe(before);
    const last = await db.syncAttempt.findFirstOrThrow({
      where: { recordId: (await salesRecord(c, n)).id },
      orderBy: { startedAt: "desc" },
    });
    expect(last.request).toMatchObject({ nothingToWrite: expect.stringContaining("Only payments") });

    await c.kashflowClient.invoices.update(n, {
      CustomerCode: cust,
      IssuedDate: "2025-03-18 12:00:00",
      LineItems: [line({ rate: 150 }), line({ rate: 10, description: "Extra" })],
    });
    await syncSales(c);
    expect(await salesRecord(c, n)).toMatchObject({ status: "HELD", errorCode: "CHANGED_AFTER_POSTING" });
    expect((await salesRecord(c, n)).errorMessage).toMatch(/changed after it was posted to Sage 100 as K0+\d+/);
    expect(await writes()).toBe(before);
    expect(cents(sageRows(c, "AR_OpenInvoice", { InvoiceNo: kfNo(n) })[0]!.Balance)).toBe(usd(18_000));
  }, 120_000);
});

describe("closed periods", () => {
  it("an invoice dated in a closed period is held with Sage's reason; with re-dating on it is entered on the first open day, with a warning", async () => {
    const c = await company();
    const cust = await kashflowCustomer(c, "JAN1");
    const n = await kashflowInvoice(c, { customer: cust, date: "2025-01-15", lines: [line({ rate: 40 })] });
    await syncSales(c);
    const held = await salesRecord(c, n);
    expect(held).toMatchObject({ status: "HELD", errorCode: "PERIOD_CLOSED", errorField: "issueDate" });
    expect(held.errorMessage).toMatch(/2025-01.*closed.*2025-02-01/s);
    expect(sageRows(c, "AR_InvoiceHeader")).toHaveLength(0);
    expect(sageRows(c, "AR_InvoiceHistoryHeader", { InvoiceNo: kfNo(n) })).toHaveLength(0);

    await setSalesSettings(c, { redate: true });
    await db.syncRecord.update({ where: { id: held.id }, data: { status: "PENDING" } });
    await syncSales(c);
    const synced = await salesRecord(c, n);
    expect(synced.status).toBe("SYNCED");
    expect(synced.warnings).toEqual([
      expect.objectContaining({
        field: "issueDate",
        message: expect.stringContaining("entered in Sage 100 on 2025-02-01, the first open day"),
      }),
    ]);
    expect(sageRows(c, "AR_InvoiceHistoryHeader", { InvoiceNo: kfNo(n) })[0]).toMatchObject({
      InvoiceDate: "20250201",
      PostingDate: "20250201",
    });
  }, 120_000);
});

describe("mappings and rates", () => {
  it("a missing mapping or rate holds with guidance; saving it releases the invoice, which then goes across", async () => {
    const c = await company({ mappings: MAPPINGS.filter(([, key]) => key !== "4010") });
    const who = { orgId: c.tenant.org.id, companyId: c.companyId, userId: c.tenant.owner.id };
    const cust = await kashflowCustomer(c, "MAP1");
    const unmapped = await kashflowInvoice(c, {
      customer: cust,
      date: "2025-03-19",
      lines: [line({ nominal: 4010, rate: 70 })],
    });
    const noRate = await kashflowInvoice(c, {
      customer: cust,
      date: "2025-04-10",
      currency: { Code: "EUR", ExchangeRate: 1.17 },
      lines: [line({ rate: 70 })],
    });
    await syncSales(c);
    expect(await salesRecord(c, unmapped)).toMatchObject({
      status: "HELD",
      errorCode: "MAPPING_MISSING",
      errorMessage: "Map KashFlow nominal 4010 to a Sage 100 G/L account.",
      errorField: "mapping:nominal_to_gl:4010",
    });
    expect(await salesRecord(c, noRate)).toMatchObject({
      status: "HELD",
      errorCode: "FX_MISSING",
      errorField: "fx:EUR:USD:2025-04-10",
    });

    expect(
      (await saveMapping({ ...who, kind: "nominal_to_gl", sourceKey: "4010", targetValue: "4010-00" })).released,
    ).toBe(1);
    expect(
      (
        await saveFxRates({
          ...who,
          source: "manual",
          rates: [{ fromCurrency: "EUR", toCurrency: "USD", day: "2025-04-10", rate: "1.0901" }],
        })
      ).released,
    ).toBe(1);
    await syncSales(c);
    expect(await salesRecord(c, unmapped)).toMatchObject({ status: "SYNCED" });
    expect(sageRows(c, "AR_InvoiceHistoryDetail", { InvoiceNo: kfNo(unmapped) })[0]).toMatchObject({
      SalesAcctKey: expect.any(String),
    });
    expect(await salesRecord(c, noRate)).toMatchObject({ status: "SYNCED" });
    expect((await sageSide(c, kfNo(noRate)))?.payload).toMatchObject({
      fx: { from: "EUR", to: "USD", day: "2025-04-10", rate: "1.0901" },
    });
  }, 120_000);
});

describe("a crash between the Sage 100 write and the ledger commit", () => {
  it("the re-run finds the invoice it entered: one document in Sage 100, the record synced", async () => {
    const c = await company();
    const cust = await kashflowCustomer(c, "CRASH1");
    await syncSales(c);
    const n = await kashflowInvoice(c, { customer: cust, date: "2025-03-21", lines: [line({ rate: 33.33 })] });
    const flow = flowById(SALES)!;
    const ctx = await c.context(SALES);
    await flow.detect(ctx);
    const record = (await claimDue(ctx, flow)).find((r) => r.externalId === String(n))!;
    const meta = { id: record.id, externalId: record.externalId, counterpartId: record.counterpartId, deleted: false };
    const ruled = await flow.rules(ctx, flow.canonical.parse(record.payload), meta);
    if (isHold(ruled)) throw new Error(ruled.message);
    await flow.load(ctx, ruled.plan, meta);
    // The process died here: Sage has the invoice, the ledger does not know. Its queued command is gone too, so the
    // agent itself must find the invoice rather than the queue remembering the answer.
    expect((await salesRecord(c, n)).status).toBe("PENDING");
    expect(
      await db.sage100Command.deleteMany({ where: { companyId: c.companyId, type: "createArInvoiceBatches" } }),
    ).toMatchObject({ count: 1 });
    await syncSales(c);
    expect(await salesRecord(c, n)).toMatchObject({ status: "SYNCED", counterpartId: kfNo(n) });
    expect(sageRows(c, "AR_InvoiceHistoryHeader", { InvoiceNo: kfNo(n) })).toHaveLength(1);
    const again = await db.sage100Command.findFirstOrThrow({
      where: { companyId: c.companyId, type: "createArInvoiceBatches" },
    });
    expect(again.result).toMatchObject({
      groups: [{ ok: true, results: [{ ok: true, invoiceNo: kfNo(n), created: false }] }],
    });
  }, 120_000);
});

describe("a batch Sage 100 no longer lets Ledgerlink use", () => {
  it("is recognised by Sage's error code and left: the invoice goes into a new batch of its date on its retry", async () => {
    const c = await company();
    const cust = await kashflowCustomer(c, "BATCH1");
    await syncSales(c);
    const first = await kashflowInvoice(c, { customer: cust, date: "2025-03-24", lines: [line({ rate: 40 })] });
    const flow = flowById(SALES)!;
    const ctx = await c.context(SALES);
    await flow.detect(ctx);
    // Entered in its date's batch; the run stops before posting it.
    for (const r of await claimDue(ctx, flow)) await processRecord(ctx, flow, r);
    const batchNo = String(sageRows(c, "AR_InvoiceHeader", { InvoiceNo: kfNo(first) })[0]!.BatchNo);
    // Someone opens that batch on another workstation.
    c.sim.faults.update({ batchesInUse: [{ batchNo }] });
    const second = await kashflowInvoice(c, { customer: cust, date: "2025-03-24", lines: [line({ rate: 55 })] });
    const again = await c.context(SALES);
    await flow.detect(again);
    for (const r of await claimDue(again, flow)) await processRecord(again, flow, r);
    expect(await salesRecord(c, second)).toMatchObject({
      status: "FAILED",
      errorCode: "BatchGone",
      retryClass: "TRANSIENT",
    });
    // Its retry opens a new batch for the date rather than asking for the refused one again.
    await db.syncRecord.update({
      where: { id: (await salesRecord(c, second)).id },
      data: { nextAttemptAt: new Date(Date.now() - 1000) },
    });
    await syncSales(c);
    expect(await salesRecord(c, second)).toMatchObject({ status: "SYNCED", counterpartId: kfNo(second) });
    const [posted] = sageRows(c, "AR_InvoiceHistoryHeader", { InvoiceNo: kfNo(second) });
    expect(String(posted!.BatchNo)).not.toBe(batchNo);
  }, 120_000);
});

describe("bad input", () => {
  it("is held with a readable reason: negative quantities, lines that do not add up, an unmapped VAT rate, a customer not in Sage 100", async () => {
    const c = await company();
    const cust = await kashflowCustomer(c, "BAD1");
    await syncSales(c);
    const negative = await kashflowInvoice(c, {
      customer: cust,
      date: "2025-03-24",
      lines: [line({ rate: 100 }), line({ rate: 10, quantity: -1, description: "Refund" })],
    });
    const vat5 = await kashflowInvoice(c, { customer: cust, date: "2025-03-24", lines: [line({ rate: 100, vat: 5 })] });
    const broken = await kashflowInvoice(c, { customer: cust, date: "2025-03-24", lines: [line({ rate: 100 })] });
    const stranger = await kashflowCustomer(c, "HELD1");
    const orphan = await kashflowInvoice(c, { customer: stranger, date: "2025-03-24", lines: [line({ rate: 100 })] });
    // KashFlow computes its own totals, so a document whose lines do not add up is made in the ledger, as a
    // broken answer from KashFlow would leave it; the customer is held by the customers flow before it is carried.
    const flow = flowById(SALES)!;
    await flow.detect(await c.context(SALES));
    const record = await salesRecord(c, broken);
    const payload = record.payload as { totals: { gross: { amountMinor: number } } };
    await db.syncRecord.update({
      where: { id: record.id },
      data: {
        payload: {
          ...payload,
          totals: {
            ...payload.totals,
            gross: { ...payload.totals.gross, amountMinor: payload.totals.gross.amountMinor + 1 },
          },
        },
      },
    });
    const customers = flowById("customers.kashflow_to_sage100")!;
    await customers.detect(await c.context(customers.id));
    await db.syncRecord.updateMany({
      where: { companyId: c.companyId, model: "customer", externalId: stranger },
      data: { status: "HELD", errorCode: "NAME_REQUIRED", errorMessage: "The customer has no name." },
    });
    await c.run(SALES);

    expect(await salesRecord(c, negative)).toMatchObject({
      status: "HELD",
      errorCode: "NEGATIVE_QUANTITY",
      errorField: "lines.1.quantity",
    });
    expect((await salesRecord(c, negative)).errorMessage).toMatch(
      /^Line 2 of KashFlow invoice \d+ has a negative quantity \(-1\)\. Sage 100 takes negative amounts only as credit memos/,
    );
    expect(await salesRecord(c, vat5)).toMatchObject({
      status: "HELD",
      errorCode: "MAPPING_MISSING",
      errorMessage: "Choose the Sage 100 tax class for 5% VAT.",
    });
    expect(await salesRecord(c, broken)).toMatchObject({
      status: "HELD",
      errorCode: "LINES_DONT_ADD_UP",
      errorField: "totals",
    });
    expect((await salesRecord(c, broken)).errorMessage).toMatch(
      /add up to net 100\.00 GBP \+ VAT 20\.00 GBP = 120\.00 GBP, but its totals say net 100\.00 GBP, VAT 20\.00 GBP, gross 120\.01 GBP/,
    );
    // The invoice is not held for a person: it waits on its customer (the one held), and goes by itself after it.
    expect(await salesRecord(c, orphan)).toMatchObject({
      status: "PENDING",
      errorCode: "WAITING_FOR_RECORD",
      waitingOnSystem: "KASHFLOW",
      waitingOnModel: "customer",
      waitingOnExternalId: "HELD1",
    });
    expect((await salesRecord(c, orphan)).errorMessage).toMatch(
      /^Customer HELD1 is not in Sage 100 yet, so KashFlow invoice \d+ waits for it\. It is held: The customer has no name\./,
    );
    expect(sageRows(c, "AR_InvoiceHeader")).toHaveLength(0);

    // The customer fixed and carried: its invoice is released and follows.
    await db.syncRecord.updateMany({
      where: { companyId: c.companyId, model: "customer", externalId: stranger },
      data: { status: "PENDING" },
    });
    await syncSales(c);
    expect(await salesRecord(c, orphan)).toMatchObject({ status: "SYNCED" });
  }, 120_000);
});
