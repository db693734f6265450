// Sales invoices in summary mode, end to end: each day's invoices as one G/L journal per (account, tax class),
// balanced to the cent and posted under a reference per company and day; unbalanced journals held; a day's journal
// waits until the day is over; deletions leave an unposted journal or are reversed on the day they are seen.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { convertMinor, saveFxRates } from "../../mappings/fx";
import { taskById } from "../../tasks";
import { SUMMARY_JOURNALS_TASK_ID } from "./journals";
import { harnessForFile, type Company, type Harness } from "../testing/harness";
import {
  EUR_USD,
  GBP_USD,
  kashflowCustomer,
  kashflowInvoice,
  line,
  SALES_FLOWS,
  salesCompany,
  sageRows,
  sageSide,
  salesRecord,
  syncSales,
} from "../testing/sales-invoices";

let h: Harness;
harnessForFile((started) => (h = started));
async function company() {
  const c = await salesCompany(h, { mode: "summary" });
  return c;
}

const SALES = "sales_invoices.kashflow_to_sage100";
const cents = (n: unknown) => Math.round(Number(n) * 100);
const journalRecord = (c: Company, id: string) =>
  db.syncRecord.findUnique({
    where: {
      companyId_system_model_externalId: {
        companyId: c.companyId,
        system: "KASHFLOW",
        model: "journal",
        externalId: id,
      },
    },
  });
const accountKey = (c: Company, account: string) =>
  String(sageRows(c, "GL_Account", { Account: account })[0]!.AccountKey);

/** A posted journal in Sage 100 by its reference: its history row and its G/L lines. */
function postedJournal(c: Company, reference: string) {
  const history = sageRows(c, "GL_GeneralJournalHistory", { JournalComment: reference });
  const lines = history.flatMap((j) =>
    sageRows(c, "GL_DetailPosting", { JournalRegisterNo: j.JournalRegisterNo, SourceJournal: "GJ" }),
  );
  return {
    history,
    lines,
    on: (account: string) =>
      lines
        .filter((l) => l.AccountKey === accountKey(c, account))
        .reduce((t, l) => t + cents(l.DebitAmount) - cents(l.CreditAmount), 0),
  };
}

const gross = async (c: Company, n: number) =>
  (await salesRecord(c, n)).payload as { totals: { gross: { amountMinor: number; currency: string } } };
const usdOf = async (c: Company, n: number) => {
  const g = (await gross(c, n)).totals.gross;
  return convertMinor(g.amountMinor, {
    from: g.currency,
    to: "USD",
    day: "2025-03-10",
    rate: g.currency === "EUR" ? EUR_USD : GBP_USD,
  });
};

describe("summary mode", () => {
  it("posts one balanced journal per day, summed per G/L account and tax class, under a reference per day", async () => {
    const c = await company();
    const cust = await kashflowCustomer(c, "SUM1");
    const a = await kashflowInvoice(c, {
      customer: cust,
      date: "2025-03-10",
      lines: [line({ rate: 100, quantity: 3 }), line({ nominal: 4010, rate: 49.99 }), line({ rate: 12.5, vat: 0 })],
    });
    const b = await kashflowInvoice(c, {
      customer: cust,
      date: "2025-03-10",
      currency: { Code: "EUR", ExchangeRate: 1.17 },
      lines: [line({ rate: 250 })],
    });
    const cn = await kashflowInvoice(c, {
      customer: cust,
      date: "2025-03-10",
      lines: [line({ rate: 50, quantity: -1 })],
    });
    const d = await kashflowInvoice(c, {
      customer: cust,
      date: "2025-03-11",
      lines: [line({ nominal: 4010, rate: 80 })],
    });
    await syncSales(c);

    for (const n of [a, b, cn, d])
      expect(await salesRecord(c, n), String(n)).toMatchObject({ status: "SYNCED", counterpartId: `summary:${n}` });
    expect(await journalRecord(c, "sales-summary:2025-03-10:1")).toMatchObject({
      status: "SYNCED",
      counterpartId: "KF SALES 2025-03-10",
    });
    expect(await journalRecord(c, "sales-summary:2025-03-11:1")).toMatchObject({ status: "SYNCED" });
    // No A/R documents in summary mode.
    expect(sageRows(c, "AR_InvoiceHistoryHeader").filter((r) => String(r.InvoiceNo).startsWith("K"))).toHaveLength(0);

    const day = postedJournal(c, "KF SALES 2025-03-10");
    expect(day.history).toHaveLength(1);
    expect(day.history[0]).toMatchObject({ PostingDate: "20250310" });
    expect(cents(day.history[0]!.DebitAmount)).toBe(cents(day.history[0]!.CreditAmount));
    // Receivables carry the day's gross in dollars (the credit note netted off), each invoice at its own rate.
    expect(day.on("1200-00")).toBe((await usdOf(c, a)) + (await usdOf(c, b)) + (await usdOf(c, cn)));
    // Sales and VAT per account and tax class: 4000-00 TX and NT, 4010-00 TX, 2200-00 TX.
    const comments = day.lines.map((l) => String(l.PostingComment)).sort();
    expect(comments).toEqual([
      "KashFlow sales 2025-03-10",
      "KashFlow sales 2025-03-10 NT",
      "KashFlow sales 2025-03-10 TX",
      "KashFlow sales 2025-03-10 TX",
      "KashFlow sales 2025-03-10 TX",
    ]);
    expect(day.on("1200-00") + day.on("4000-00") + day.on("4010-00") + day.on("2200-00")).toBe(0);
    expect(postedJournal(c, "KF SALES 2025-03-11").on("4010-00")).toBe(
      -convertMinor(8_000, { from: "GBP", to: "USD", day: "2025-03-11", rate: GBP_USD }),
    );
    // The tie-out's figure for each invoice is on its Sage side: its dollars, and the rate.
    expect((await sageSide(c, `summary:${b}`))?.payload).toMatchObject({
      mode: "summary",
      number: "KF SALES 2025-03-10",
      fx: { from: "EUR", rate: EUR_USD },
      totals: { gross: { amountMinor: await usdOf(c, b) } },
    });
  }, 120_000);

  it("a journal that would not balance is held and nothing is posted; fixed, it posts; today's journal waits for the day to end", async () => {
    const c = await company();
    const who = { orgId: c.tenant.org.id, companyId: c.companyId, userId: c.tenant.owner.id };
    const today = new Date().toISOString().slice(0, 10);
    await saveFxRates({
      ...who,
      source: "manual",
      rates: [{ fromCurrency: "GBP", toCurrency: "USD", day: today, rate: GBP_USD }],
    });
    const cust = await kashflowCustomer(c, "SUM2");
    const n = await kashflowInvoice(c, { customer: cust, date: today, lines: [line({ rate: 64 })] });
    await c.cycle({ flowIds: SALES_FLOWS });
    await c.cycle({ flowIds: SALES_FLOWS });
    const id = `sales-summary:${today}:1`;
    expect(await salesRecord(c, n)).toMatchObject({ status: "SYNCED" });
    // Today's journal is staged, not written: later invoices of the day still join it.
    expect(await journalRecord(c, id)).toMatchObject({ status: "PENDING" });
    expect(postedJournal(c, `KF SALES ${today}`).history).toHaveLength(0);

    // A member whose share does not balance (a cent lost): the journal must not go.
    const record = (await journalRecord(c, id))!;
    const good = record.payload as { members: { lines: { amountMinor: number }[] }[] };
    const bad = {
      ...good,
      members: good.members.map((m, i) =>
        i === 0 ? { ...m, lines: m.lines.map((l, j) => (j === 0 ? { ...l, amountMinor: l.amountMinor + 1 } : l)) } : m,
      ),
    };
    await db.syncRecord.update({ where: { id: record.id }, data: { payload: bad } });
    // Tomorrow's run ends with the summary-journal task: today's journal is complete then.
    const journals = taskById(SUMMARY_JOURNALS_TASK_ID)!;
    const tomorrow = { ...(await c.context(SALES)), now: new Date(Date.now() + 86_400_000) };
    await journals.run(tomorrow);
    const held = (await journalRecord(c, id))!;
    expect(held).toMatchObject({ status: "HELD", errorCode: "OUT_OF_BALANCE" });
    expect(held.errorMessage).toMatch(
      new RegExp(
        `^The summary journal KF SALES ${today} does not balance: debits \\d+\\.\\d\\d and credits \\d+\\.\\d\\d USD; invoice ${n} \\(off by 0\\.01\\)\\. Nothing was posted\\.`,
      ),
    );
    expect(postedJournal(c, `KF SALES ${today}`).history).toHaveLength(0);

    await db.syncRecord.update({ where: { id: record.id }, data: { payload: good, status: "PENDING" } });
    await journals.run(tomorrow);
    expect(await journalRecord(c, id)).toMatchObject({ status: "SYNCED" });
    const posted = postedJournal(c, `KF SALES ${today}`);
    expect(posted.history).toHaveLength(1);
    expect(posted.on("1200-00")).toBe(convertMinor(7_680, { from: "GBP", to: "USD", day: today, rate: GBP_USD }));
  }, 120_000);

  it("a deleted invoice leaves a journal not yet posted; after posting it is reversed in the journal of the day it was deleted", async () => {
    const c = await company();
    const who = { orgId: c.tenant.org.id, companyId: c.companyId, userId: c.tenant.owner.id };
    const today = new Date().toISOString().slice(0, 10);
    await saveFxRates({
      ...who,
      source: "manual",
      rates: [{ fromCurrency: "GBP", toCurrency: "USD", day: today, rate: GBP_USD }],
    });
    const cust = await kashflowCustomer(c, "SUM3");
    const posted = await kashflowInvoice(c, { customer: cust, date: "2025-03-12", lines: [line({ rate: 100 })] });
    const staged = await kashflowInvoice(c, { customer: cust, date: today, lines: [line({ rate: 10 })] });
    // Not settle: today's journal stays due until the day is over.
    await c.cycle({ flowIds: SALES_FLOWS });
    await c.cycle({ flowIds: SALES_FLOWS });
    expect(await journalRecord(c, "sales-summary:2025-03-12:1")).toMatchObject({ status: "SYNCED" });
    const todays = `sales-summary:${today}:1`;
    expect(
      ((await journalRecord(c, todays))!.payload as { members: { number: string }[] }).members.map((m) => m.number),
    ).toEqual([String(staged)]);

    await c.kashflowClient.invoices.delete(posted);
    await c.kashflowClient.invoices.delete(staged);
    await c.cycle({ flowIds: SALES_FLOWS });
    const members = ((await journalRecord(c, todays))!.payload as { members: { key: string; reversal: boolean }[] })
      .members;
    // The unposted one left today's journal; the posted one's reversal joined it.
    expect(members).toEqual([expect.objectContaining({ key: `${posted}:reversal`, reversal: true })]);
    expect((await sageSide(c, `summary:${staged}`))?.payload).toMatchObject({ voided: { how: "removed" } });
    expect((await sageSide(c, `summary:${posted}`))?.payload).toMatchObject({
      voided: { how: "reversed", journal: todays },
    });

    await taskById(SUMMARY_JOURNALS_TASK_ID)!.run({
      ...(await c.context(SALES)),
      now: new Date(Date.now() + 86_400_000),
    });
    const reversal = postedJournal(c, `KF SALES ${today}`);
    expect(reversal.on("1200-00")).toBe(-convertMinor(12_000, { from: "GBP", to: "USD", day: today, rate: GBP_USD }));
    expect(reversal.on("1200-00") + postedJournal(c, "KF SALES 2025-03-12").on("1200-00")).toBe(0);
  }, 120_000);
});
