// The FX rates screen's services on real Postgres: rates by pair and day (paged on whole days), adding one,
// importing a CSV all or nothing, removing one, and the documents waiting for each missing rate.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { ledgerRecord, syncTenant } from "@/server/services/sync/testing/fixtures";
import { callerFor, trpcCodeOf, trpcErrorOf } from "@/tests/factories";

const waitingFor = (companyId: string, field: string, number: string) =>
  ledgerRecord(companyId, {
    model: "sales_invoice",
    externalId: number,
    status: "HELD",
    errorCode: "FX_MISSING",
    errorField: field,
    errorMessage: "Enter a rate",
    retryClass: "NEEDS_USER",
    payload: { number, customerName: `Customer of ${number}` },
  });

describe("FX rates", () => {
  it("adds a rate, releasing the documents held for that pair, and lists rates by pair and day", async () => {
    const t = await syncTenant();
    const c = t.company.id;
    const eur = await waitingFor(c, "fx:EUR:USD:2026-11-20", "31");
    const gbp = await waitingFor(c, "fx:GBP:USD:2026-11-20", "32");
    const added = await callerFor(t.accountant).fx.add({
      companyId: c,
      fromCurrency: "eur",
      toCurrency: "usd",
      day: "2026-11-20",
      rate: "1.0812",
    });
    expect(added).toMatchObject({ saved: 1, released: 1 });
    expect((await db.syncRecord.findUniqueOrThrow({ where: { id: eur.id } })).status).toBe("PENDING");
    expect((await db.syncRecord.findUniqueOrThrow({ where: { id: gbp.id } })).status).toBe("HELD");

    await callerFor(t.accountant).fx.add({
      companyId: c,
      fromCurrency: "EUR",
      toCurrency: "USD",
      day: "2026-11-19",
      rate: "1.08",
    });
    const view = await callerFor(t.viewer).fx.list({ companyId: c });
    expect(view.pairs).toEqual([
      { from: "EUR", to: "USD", count: 2, firstDay: "2026-11-19", latestDay: "2026-11-20", latestRate: "1.0812" },
    ]);
    expect(view.rates.map((r) => [r.day, r.rate, r.source])).toEqual([
      ["2026-11-20", "1.0812", "manual"],
      ["2026-11-19", "1.08", "manual"],
    ]);
    expect(view.waiting).toEqual([
      {
        from: "GBP",
        to: "USD",
        day: "2026-11-20",
        // Its own day's rate only: the company has not opted into older rates.
        earliestDay: "2026-11-20",
        count: 1,
        documents: [
          {
            id: gbp.id,
            model: "sales_invoice",
            system: "KASHFLOW",
            externalId: "32",
            number: "32",
            name: "Customer of 32",
          },
        ],
      },
    ]);
    expect(view.waitingDocuments).toBe(1);
    expect(view.maxAgeDays).toBe(0);
  });

  it("refuses a bad rate field by field, and the same currency twice", async () => {
    const t = await syncTenant();
    const c = t.company.id;
    const bad = await trpcErrorOf(
      callerFor(t.owner).fx.add({
        companyId: c,
        fromCurrency: "POUND",
        toCurrency: "USD",
        day: "20/11/2026",
        rate: "-1",
      }),
    );
    expect(bad.code).toBe("BAD_REQUEST");
    const issues = (bad.cause as unknown as { issues: { path: string[]; message: string }[] }).issues;
    const first = (path: string) => issues.find((i) => i.path.join(".") === path)?.message;
    expect([first("fromCurrency"), first("toCurrency"), first("day"), first("rate")]).toEqual([
      "Use a 3-letter currency code such as GBP.",
      undefined,
      "Use a date such as 2026-11-20.",
      "Use a positive number such as 1.2712.",
    ]);
    const same = await trpcErrorOf(
      callerFor(t.owner).fx.add({ companyId: c, fromCurrency: "USD", toCurrency: "USD", day: "2026-11-20", rate: "1" }),
    );
    expect(same.cause).toMatchObject({ fieldErrors: { toCurrency: ["Choose two different currencies."] } });
    expect(await db.fxRate.count({ where: { companyId: c } })).toBe(0);
  });

  it("imports a CSV all or nothing: a bad row or a repeated row saves nothing and names the rows", async () => {
    const t = await syncTenant();
    const c = t.company.id;
    const waiting = await waitingFor(c, "fx:GBP:USD:2026-11-21", "40");
    const bad = await trpcErrorOf(
      callerFor(t.accountant).fx.importCsv({
        companyId: c,
        csv: "date,from,to,rate\n2026-11-20,GBP,USD,1.27\n2026-11-21,GBP,USD,abc\n",
      }),
    );
    expect(bad.code).toBe("BAD_REQUEST");
    expect((bad.cause as unknown as { fieldErrors: { csv: string[] } }).fieldErrors.csv[0]).toMatch(
      /^1 row\(s\) need fixing; nothing was saved\. Row 3: rate /,
    );
    const repeated = await trpcErrorOf(
      callerFor(t.accountant).fx.importCsv({
        companyId: c,
        csv: "date,from,to,rate\n2026-11-20,GBP,USD,1.27\n2026-11-20,gbp,usd,1.28\n",
      }),
    );
    expect(repeated.cause).toMatchObject({
      fieldErrors: { csv: ["1 row(s) need fixing; nothing was saved. Row 3 repeats row 2 (GBP→USD on 2026-11-20)."] },
    });
    const same = await trpcErrorOf(
      callerFor(t.accountant).fx.importCsv({ companyId: c, csv: "date,from,to,rate\n2026-11-20,GBP,GBP,1\n" }),
    );
    expect(same.cause).toMatchObject({
      fieldErrors: { csv: ["1 row(s) need fixing; nothing was saved. Row 2: from and to are both GBP."] },
    });
    expect(await db.fxRate.count({ where: { companyId: c } })).toBe(0);

    const ok = await callerFor(t.accountant).fx.importCsv({
      companyId: c,
      csv: "\uFEFFDate,From,To,Rate\n2026-11-20,GBP,USD,1.27\n2026-11-21,GBP,USD,1.2712\n2026-11-21,EUR,USD,1.08\n",
    });
    expect(ok).toEqual({
      saved: 3,
      released: 1,
      pairs: ["GBP→USD", "EUR→USD"],
      firstDay: "2026-11-20",
      lastDay: "2026-11-21",
    });
    expect((await db.syncRecord.findUniqueOrThrow({ where: { id: waiting.id } })).status).toBe("PENDING");
    expect((await db.fxRate.findMany({ where: { companyId: c } })).map((r) => r.source)).toEqual(["csv", "csv", "csv"]);
  });

  it("pages on whole days, filters by pair, and removes a rate (not another company's)", async () => {
    const t = await syncTenant();
    const c = t.company.id;
    const rows = ["2026-11-01", "2026-11-02", "2026-11-03"].flatMap((day) => [
      `${day},GBP,USD,1.27`,
      `${day},EUR,USD,1.08`,
    ]);
    await callerFor(t.owner).fx.importCsv({ companyId: c, csv: `date,from,to,rate\n${rows.join("\n")}\n` });
    const first = await callerFor(t.viewer).fx.list({ companyId: c, limit: 3 });
    expect(first.rates.map((r) => `${r.day} ${r.from}`)).toEqual(["2026-11-03 EUR", "2026-11-03 GBP"]);
    expect(first.nextBefore).toBe("2026-11-03");
    const second = await callerFor(t.viewer).fx.list({ companyId: c, limit: 3, before: first.nextBefore! });
    expect(second.rates.map((r) => `${r.day} ${r.from}`)).toEqual(["2026-11-02 EUR", "2026-11-02 GBP"]);
    const gbp = await callerFor(t.viewer).fx.list({ companyId: c, from: "GBP", to: "USD" });
    expect(gbp.rates.map((r) => r.day)).toEqual(["2026-11-03", "2026-11-02", "2026-11-01"]);

    const other = await syncTenant();
    expect(
      await trpcCodeOf(callerFor(other.owner).fx.delete({ companyId: other.company.id, fxRateId: gbp.rates[0]!.id })),
    ).toBe("NOT_FOUND");
    expect(await trpcCodeOf(callerFor(t.viewer).fx.delete({ companyId: c, fxRateId: gbp.rates[0]!.id }))).toBe(
      "FORBIDDEN",
    );
    expect(await callerFor(t.accountant).fx.delete({ companyId: c, fxRateId: gbp.rates[0]!.id })).toEqual({
      deleted: true,
      from: "GBP",
      to: "USD",
      day: "2026-11-03",
    });
    expect(await db.fxRate.count({ where: { companyId: c } })).toBe(5);
    expect(await db.auditLog.count({ where: { companyId: c, action: "fx.deleted" } })).toBe(1);
  });
});
