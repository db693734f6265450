// Issue 14 §9–10 through the real flow (KashFlow sandbox over HTTP, a real agent on the Sage 100 simulator, real
// Postgres): the one rounding policy (each line's gross and VAT converted half away from zero, totals their sums)
// posted to the cent in detail and summary mode, credit notes included, and the tie-out agreeing to the cent; no
// silent rate carry-forward (held with the rate to enter; entering it, by CSV too, releases exactly those
// documents; an owner's opt-in to older rates says on the record which day's rate was used).
import { describe, expect, it } from "vitest";
import { decimalToMinor, toDecimal } from "@/server/domain/canonical/money";
import { importFxCsv } from "@/server/services/fx/save-fx-rates";
import { updateSyncSettings, getSyncSettingsForm } from "@/server/services/sync/sync-settings";
import { saveFxRates } from "../../mappings/fx";
import { computeTieOut } from "../../tie-out/compute";
import { harnessForFile, type Company, type Harness } from "../testing/harness";
import {
  kashflowCustomer,
  kashflowInvoice,
  kfNo,
  line,
  salesCompany,
  sageRows,
  sageSide,
  salesRecord,
  syncSales,
} from "../testing/sales-invoices";

let h: Harness;
harnessForFile((started) => (h = started));

/** Sage's decimal amounts in cents, exactly (never through a float). */
const cents = (v: unknown) => decimalToMinor(toDecimal(v as string | number) ?? "NaN", 2);
const who = (c: Company) => ({ orgId: c.tenant.org.id, companyId: c.companyId, userId: c.tenant.owner.id });

/** Rates a float would get wrong, and one with six decimals, on days of their own. */
async function hardRates(c: Company) {
  await saveFxRates({
    ...who(c),
    source: "manual",
    rates: [
      { fromCurrency: "EUR", toCurrency: "USD", day: "2025-03-17", rate: "1.083457" },
      { fromCurrency: "GBP", toCurrency: "USD", day: "2025-03-18", rate: "1.1" },
    ],
  });
}

/**
 * Day 17: a EUR invoice of ten lines of €0.05 + €0.01 VAT at 1.083457 — each line's gross 0.06500742 → $0.07, its VAT
 * 0.01083457 → $0.01: $0.70 with $0.10 VAT (converting the €0.60 total instead would give $0.65). And a EUR credit note
 * of three such lines: −$0.21, VAT −$0.03. Day 18: a GBP invoice at 1.1 of £1.15 zero-rated (1.265 → $1.27, where a
 * float says 1.2649999… → $1.26) and £10.00 + £2.00 VAT ($13.20, VAT $2.20): $14.47 with $2.20 VAT.
 */
async function hardInvoices(c: Company) {
  const cust = await kashflowCustomer(c, "ROUND1");
  const eur = { Code: "EUR", ExchangeRate: 0.92 };
  const tiny = await kashflowInvoice(c, {
    customer: cust,
    date: "2025-03-17",
    currency: eur,
    lines: Array.from({ length: 10 }, (_, i) => line({ rate: 0.05, description: `Part ${i + 1}` })),
  });
  const credit = await kashflowInvoice(c, {
    customer: cust,
    date: "2025-03-17",
    currency: eur,
    lines: Array.from({ length: 3 }, (_, i) => line({ rate: 0.05, quantity: -1, description: `Return ${i + 1}` })),
  });
  const gbp = await kashflowInvoice(c, {
    customer: cust,
    date: "2025-03-18",
    lines: [line({ rate: 1.15, vat: 0, description: "Postage" }), line({ rate: 10 })],
  });
  return { tiny, credit, gbp };
}

async function tieOut(c: Company, days: string[]) {
  const results = await computeTieOut({ orgId: c.tenant.org.id, companyId: c.companyId, days });
  return Object.fromEntries(
    results.map((d) => {
      const k = d.kinds.find((x) => x.kind === "sales_invoices")!;
      return [
        d.day,
        { kashflow: k.kashflowMinor, sage100: k.sage100Minor, variance: k.varianceMinor, list: k.variances },
      ];
    }),
  );
}

describe("one rounding policy, to the cent", () => {
  it("detail mode: each line's gross and VAT converted on their own, the invoice their sum; Sage 100 and the tie-out agree", async () => {
    const c = await salesCompany(h);
    await hardRates(c);
    const { tiny, credit, gbp } = await hardInvoices(c);
    await syncSales(c);
    for (const n of [tiny, credit, gbp])
      expect(await salesRecord(c, n), String(n)).toMatchObject({ status: "SYNCED", warnings: [] });

    const detail = (n: number) =>
      sageRows(c, "AR_InvoiceHistoryDetail", { InvoiceNo: kfNo(n) }).map((l) => [
        l.ItemCodeDesc,
        cents(l.ExtensionAmt),
      ]);
    expect(detail(tiny)).toEqual([...Array.from({ length: 10 }, (_, i) => [`Part ${i + 1}`, 6]), ["VAT 20%", 10]]);
    expect(cents(sageRows(c, "AR_OpenInvoice", { InvoiceNo: kfNo(tiny) })[0]!.Balance)).toBe(70);
    expect(sageRows(c, "AR_InvoiceHistoryHeader", { InvoiceNo: kfNo(credit) })[0]).toMatchObject({ InvoiceType: "CM" });
    expect(detail(credit)).toEqual([
      ["Return 1", 6],
      ["Return 2", 6],
      ["Return 3", 6],
      ["VAT 20%", 3],
    ]);
    expect(detail(gbp)).toEqual([
      ["Postage", 127],
      ["Consulting", 1100],
      ["VAT 20%", 220],
    ]);
    expect(cents(sageRows(c, "AR_OpenInvoice", { InvoiceNo: kfNo(gbp) })[0]!.Balance)).toBe(1447);
    // The record keeps the rate it used, and the converted total the lines add up to.
    expect((await sageSide(c, kfNo(tiny)))?.payload).toMatchObject({
      fx: { from: "EUR", to: "USD", day: "2025-03-17", rate: "1.083457" },
      totals: { gross: { amountMinor: 70, currency: "USD" } },
    });

    // The tie-out converts KashFlow's documents by the same policy at the stored rate: zero variance, to the cent.
    expect(await tieOut(c, ["2025-03-17", "2025-03-18"])).toEqual({
      "2025-03-17": { kashflow: 70 - 21, sage100: 70 - 21, variance: 0, list: [] },
      "2025-03-18": { kashflow: 1447, sage100: 1447, variance: 0, list: [] },
    });
  }, 180_000);

  it("summary mode: the day's journal carries the same cents (receivables the lines' gross, sales and VAT per line)", async () => {
    const c = await salesCompany(h, { mode: "summary" });
    await hardRates(c);
    const { tiny, credit, gbp } = await hardInvoices(c);
    await syncSales(c);
    for (const n of [tiny, credit, gbp]) expect((await salesRecord(c, n)).status, String(n)).toBe("SYNCED");
    const accountKey = (account: string) => String(sageRows(c, "GL_Account", { Account: account })[0]!.AccountKey);
    const journal = (reference: string) => {
      const lines = sageRows(c, "GL_GeneralJournalHistory", { JournalComment: reference }).flatMap((j) =>
        sageRows(c, "GL_DetailPosting", { JournalRegisterNo: j.JournalRegisterNo, SourceJournal: "GJ" }),
      );
      return (account: string) =>
        lines
          .filter((l) => l.AccountKey === accountKey(account))
          .reduce((t, l) => t + cents(l.DebitAmount) - cents(l.CreditAmount), 0);
    };
    const seventeenth = journal("KF SALES 2025-03-17");
    expect([seventeenth("1200-00"), seventeenth("4000-00"), seventeenth("2200-00")]).toEqual([49, -42, -7]);
    const eighteenth = journal("KF SALES 2025-03-18");
    expect([eighteenth("1200-00"), eighteenth("4000-00"), eighteenth("2200-00")]).toEqual([1447, -1227, -220]);
    expect(await tieOut(c, ["2025-03-17", "2025-03-18"])).toMatchObject({
      "2025-03-17": { kashflow: 49, sage100: 49, variance: 0, list: [] },
      "2025-03-18": { kashflow: 1447, sage100: 1447, variance: 0, list: [] },
    });
  }, 180_000);
});

describe("no silent rate carry-forward", () => {
  it("holds a document whose day has no rate; entering it (CSV) releases exactly it; an owner's opt-in says which day's rate was used", async () => {
    // Rates for Q1 2025 only: April has none.
    const c = await salesCompany(h);
    const cust = await kashflowCustomer(c, "APRIL1");
    const eur = { Code: "EUR", ExchangeRate: 0.92 };
    const tenth = await kashflowInvoice(c, {
      customer: cust,
      date: "2025-04-10",
      currency: eur,
      lines: [line({ rate: 70 })],
    });
    const twentieth = await kashflowInvoice(c, {
      customer: cust,
      date: "2025-04-20",
      currency: eur,
      lines: [line({ rate: 100.05 })],
    });
    await syncSales(c);
    expect(await salesRecord(c, tenth)).toMatchObject({
      status: "HELD",
      errorCode: "FX_MISSING",
      errorMessage: "Enter the EUR→USD rate for 10 Apr 2025.",
      errorField: "fx:EUR:USD:2025-04-10",
    });
    expect(await salesRecord(c, twentieth)).toMatchObject({
      status: "HELD",
      errorMessage: "Enter the EUR→USD rate for 20 Apr 2025.",
      errorField: "fx:EUR:USD:2025-04-20",
    });
    // The 31 Mar rate is there, 10 days before the 10th: by default it is not used.
    expect(sageRows(c, "AR_InvoiceHistoryHeader", { InvoiceNo: kfNo(tenth) })).toHaveLength(0);

    const imported = await importFxCsv({ ...who(c), csv: "date,from,to,rate\n2025-04-10,EUR,USD,1.0901\n" });
    expect(imported).toMatchObject({ saved: 1, released: 1 });
    expect(await salesRecord(c, tenth)).toMatchObject({ status: "PENDING", nextAttemptAt: null });
    expect((await salesRecord(c, twentieth)).status).toBe("HELD");
    await syncSales(c);
    expect(await salesRecord(c, tenth)).toMatchObject({ status: "SYNCED", warnings: [] });
    // €70 + €14 VAT at 1.0901: 91.5684 → $91.57 (VAT 15.2614 → $15.26).
    expect(cents(sageRows(c, "AR_OpenInvoice", { InvoiceNo: kfNo(tenth) })[0]!.Balance)).toBe(9157);

    // An owner opts into rates up to 10 days old: the 20th is released and converted at the 10th's rate, and says so.
    const form = await getSyncSettingsForm({ orgId: c.tenant.org.id, companyId: c.companyId });
    await updateSyncSettings({
      ...who(c),
      role: "OWNER",
      settings: { ...form, fx: { useLatestRate: true, maxAgeDays: 10 } },
    });
    expect((await salesRecord(c, twentieth)).status).toBe("PENDING");
    await syncSales(c);
    expect(await salesRecord(c, twentieth)).toMatchObject({
      status: "SYNCED",
      warnings: [
        {
          field: "currency",
          message:
            "Used the EUR→USD rate of 10 Apr 2025 (10 days before the invoice): 1.0901. No rate was entered for 20 Apr 2025.",
        },
      ],
    });
    expect((await sageSide(c, kfNo(twentieth)))?.payload).toMatchObject({
      fx: { from: "EUR", to: "USD", day: "2025-04-10", rate: "1.0901" },
    });
    // €100.05 + €20.01 VAT = €120.06 at 1.0901: 130.877406 → $130.88.
    expect(cents(sageRows(c, "AR_OpenInvoice", { InvoiceNo: kfNo(twentieth) })[0]!.Balance)).toBe(13088);
    // The tie-out uses the rate the posting used (stored on the record), not a fresh look-up: it ties out.
    expect(await tieOut(c, ["2025-04-10", "2025-04-20"])).toEqual({
      "2025-04-10": { kashflow: 9157, sage100: 9157, variance: 0, list: [] },
      "2025-04-20": { kashflow: 13088, sage100: 13088, variance: 0, list: [] },
    });
  }, 180_000);
});
