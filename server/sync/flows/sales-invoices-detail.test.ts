// Sales invoices in detail mode, end to end: real Postgres, the KashFlow sandbox over HTTP, a real agent on the
// Sage 100 simulator. One A/R invoice each in its date's batch, posted; FX at the invoice date's rate, stored.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { convertMinor } from "../mappings/fx";
import { startHarness, type Company, type Harness } from "./testing/harness";
import { EUR_USD, GBP_USD, kashflowCustomer, kashflowInvoice, kfNo, line, salesCompany, sageRows, sageSide, salesRecord, syncSales } from "./sales-invoices-fixtures";

let h: Harness;
const companies: Company[] = [];
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  for (const c of companies) await c.agent.stop();
  await h?.close();
});
async function company(o: Parameters<typeof salesCompany>[1] = {}) {
  const c = await salesCompany(h, o);
  companies.push(c);
  return c;
}

describe("detail mode", () => {
  it("enters each invoice in its date's batch, posts it, converts GBP and EUR at the invoice date's rate and stores the rate", async () => {
    const c = await company();
    const cust = await kashflowCustomer(c, "NORTH1");
    const gbp = await kashflowInvoice(c, { customer: cust, date: "2025-03-10", reference: "PO-7781", lines: [line({ rate: 100, quantity: 3 }), line({ nominal: 4010, rate: 49.99, description: "Support" }), line({ rate: 12.5, vat: 0, description: "Postage" })] });
    const eur = await kashflowInvoice(c, { customer: cust, date: "2025-03-11", currency: { Code: "EUR", ExchangeRate: 1.17 }, lines: [line({ rate: 250 })] });
    await syncSales(c);

    for (const [n, rate] of [[gbp, GBP_USD], [eur, EUR_USD]] as const) {
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
      expect(side?.payload).toMatchObject({ fx: { from: gross.currency, to: "USD", rate }, totals: { gross: { amountMinor: usd, currency: "USD" } } });
    }
    const lines = sageRows(c, "AR_InvoiceHistoryDetail", { InvoiceNo: kfNo(gbp) });
    // Three sale lines and VAT (20%) on its own line on the VAT account; 0% carries no VAT line.
    expect(lines.map((l) => [l.ItemCodeDesc, l.TaxClass, l.ExtensionAmt])).toEqual([
      ["Consulting", "TX", 381.36],
      ["Support", "TX", 63.55],
      ["Postage", "NT", 15.89],
      ["VAT 20%", "TX", 88.98],
    ]);
    expect(sageRows(c, "AR_InvoiceHistoryHeader", { InvoiceNo: kfNo(gbp) })[0]).toMatchObject({ CustomerPONo: "PO-7781" });
    // Both batches were posted: nothing left in data entry.
    expect(sageRows(c, "AR_InvoiceHeader")).toHaveLength(0);
    expect(sageRows(c, "GL_CompanyActiveBatch")).toHaveLength(0);
    const attempt = await db.syncAttempt.findFirstOrThrow({ where: { recordId: (await salesRecord(c, eur)).id, outcome: "SYNCED" } });
    expect(attempt.request).toMatchObject({ command: { type: "createArInvoice", payload: { invoiceNo: kfNo(eur) } }, fx: { from: "EUR", rate: EUR_USD } });
  }, 120_000);
});
