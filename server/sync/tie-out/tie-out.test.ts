// The tie-out on real Postgres over ledger rows written straight in: conversion at the rate stored with each
// document (else the FX table), Sage 100's figure from the ledger or from Sage itself, variances by document,
// one transaction per day, the alert raised once per new variance, the changed-days watermark, and the screens.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { db, type Prisma } from "@/server/db";
import { ledgerRecord, syncTenant } from "@/server/services/sync/testing/fixtures";
import { callerFor, trpcCodeOf } from "@/tests/factories";
import { onTieOutVariance, type TieOutVarianceAlert } from "../alerts";
import type { Sage100Gateway } from "../gateways/sage100";
import { computeTieOut } from "./compute";
import { findUsedRate } from "./documents";

const DAY = "2026-11-20";
const money = (amountMinor: number, currency: string) => ({ amountMinor, currency });

function invoice(
  number: string,
  gross: number,
  currency: string,
  o: { day?: string; kind?: "sales_invoice" | "purchase_invoice" } = {},
) {
  return {
    kind: o.kind ?? "sales_invoice",
    number,
    issueDate: o.day ?? DAY,
    currency,
    customerName: `Customer ${number}`,
    supplierName: o.kind === "purchase_invoice" ? `Supplier ${number}` : undefined,
    totals: { net: money(gross, currency), tax: money(0, currency), gross: money(gross, currency) },
  };
}

/** A KashFlow document carried to Sage 100: its ledger row, the SYNCED attempt (command + stored rate), Sage's row. */
async function carried(
  companyId: string,
  o: {
    model?: string;
    externalId: string;
    payload: unknown;
    sageKey: string;
    command?: unknown;
    rate?: { from: string; to: string; day: string; rate: string } | null;
    sagePayload?: unknown;
    response?: unknown;
  },
) {
  const record = await ledgerRecord(companyId, {
    model: o.model ?? "sales_invoice",
    externalId: o.externalId,
    payload: o.payload,
    status: "SYNCED",
    counterpartId: o.sageKey,
  });
  await db.syncAttempt.create({
    data: {
      companyId,
      recordId: record.id,
      flow: "sales_invoices.kashflow_to_sage100",
      outcome: "SYNCED",
      startedAt: new Date(),
      request: {
        command: o.command ?? {
          type: "createArInvoice",
          payload: { invoiceNo: o.sageKey, invoiceType: "IN", customerNo: "C1", division: "00" },
        },
        ...(o.rate ? { fx: o.rate } : {}),
      } as Prisma.InputJsonValue,
      response: (o.response ?? { result: { invoiceNo: o.sageKey, created: true } }) as Prisma.InputJsonValue,
    },
  });
  const sage =
    o.sagePayload === undefined
      ? null
      : await ledgerRecord(companyId, {
          system: "SAGE100",
          model: o.model ?? "sales_invoice",
          externalId: o.sageKey,
          payload: o.sagePayload,
          status: "SYNCED",
          counterpartId: o.externalId,
        });
  return { record, sage };
}

function alertsFor(companyId: string): TieOutVarianceAlert[] {
  const seen: TieOutVarianceAlert[] = [];
  onTieOutVariance(async (a) => void (a.companyId === companyId && seen.push(a)));
  return seen;
}

describe("tie-out", () => {
  it("ties out a day converted at each document's stored rate, and lists what differs by document with the reason", async () => {
    const t = await syncTenant();
    const c = t.company.id;
    const alerts = alertsFor(c);
    // Ties out: GBP 100.00 at the stored 1.25 = USD 125.00, which is what Sage 100 holds.
    const tied = await carried(c, {
      externalId: "101",
      payload: invoice("101", 10000, "GBP"),
      sageKey: "K000101",
      rate: { from: "GBP", to: "USD", day: DAY, rate: "1.25" },
      sagePayload: invoice("K000101", 12500, "USD"),
    });
    // Differs by a cent: EUR 10.01 at the FX table's 1.0812 (no rate stored with it) = USD 10.82; Sage holds 10.83.
    await db.fxRate.create({
      data: {
        companyId: c,
        fromCurrency: "EUR",
        toCurrency: "USD",
        day: new Date(`${DAY}T00:00:00Z`),
        rate: "1.0812",
        source: "manual",
      },
    });
    const off = await carried(c, {
      externalId: "102",
      payload: invoice("102", 1001, "EUR"),
      sageKey: "K000102",
      sagePayload: invoice("K000102", 1083, "USD"),
    });
    // Held for a mapping: not in Sage 100.
    const held = await ledgerRecord(c, {
      model: "sales_invoice",
      externalId: "103",
      payload: invoice("103", 5000, "USD"),
      status: "HELD",
      errorCode: "MAPPING_MISSING",
    });
    // Another day, skipped and deleted documents do not count.
    await ledgerRecord(c, {
      model: "sales_invoice",
      externalId: "104",
      payload: invoice("104", 999, "USD", { day: "2026-11-21" }),
      status: "PENDING",
    });
    await ledgerRecord(c, {
      model: "sales_invoice",
      externalId: "105",
      payload: invoice("105", 777, "USD"),
      status: "SKIPPED",
    });
    // Sage's answer to the write is the figure when there is no Sage-side row.
    await carried(c, {
      externalId: "106",
      payload: invoice("106", 2000, "USD"),
      sageKey: "K000106",
      response: { result: { invoiceNo: "K000106", totalAmt: 20, salesTaxAmt: 0 } },
    });
    // A purchase in USD that ties out.
    await carried(c, {
      model: "purchase_invoice",
      externalId: "P1",
      payload: invoice("P1", 4200, "USD", { kind: "purchase_invoice" }),
      sageKey: "00-V1-P1",
      command: { type: "createApInvoice", payload: { division: "00", vendorNo: "V1", invoiceNo: "P1" } },
      sagePayload: invoice("P1", 4200, "USD", { kind: "purchase_invoice" }),
    });

    // The day asked for, and every day changed since the last tie-out (the pending 104 of the 21st).
    const results = await computeTieOut({ orgId: t.org.id, companyId: c, days: [DAY] });
    expect(results.map((r) => r.day)).toEqual(["2026-11-21", DAY]);
    const sales = await db.tieOutDay.findUniqueOrThrow({
      where: { companyId_day_kind: { companyId: c, day: new Date(`${DAY}T00:00:00Z`), kind: "sales_invoices" } },
    });
    expect({
      currency: sales.currency,
      kashflow: sales.kashflowMinor,
      sage: sales.sage100Minor,
      variance: sales.varianceMinor,
      documents: sales.documents,
    }).toEqual({
      currency: "USD",
      kashflow: 12500n + 1082n + 5000n + 2000n,
      sage: 12500n + 1083n + 2000n,
      variance: 5000n - 1n,
      documents: 4,
    });
    expect(sales.variances).toEqual([
      expect.objectContaining({
        recordId: off.record.id,
        kashflowId: "102",
        number: "102",
        documentCurrency: "EUR",
        documentMinor: 1001,
        rate: "1.0812",
        rateSource: "fx_table",
        kashflowMinor: 1082,
        sage100RecordId: off.sage!.id,
        sage100Key: "K000102",
        sage100Minor: 1083,
        varianceMinor: -1,
        source: "ledger",
        reason: "The amounts differ.",
      }),
      expect.objectContaining({
        recordId: held.id,
        kashflowId: "103",
        kashflowMinor: 5000,
        sage100Key: null,
        sage100Minor: 0,
        varianceMinor: 5000,
        status: "HELD",
        reason: "Not in Sage 100: held for a person.",
      }),
    ]);
    const purchases = await db.tieOutDay.findUniqueOrThrow({
      where: { companyId_day_kind: { companyId: c, day: new Date(`${DAY}T00:00:00Z`), kind: "purchase_invoices" } },
    });
    expect([purchases.kashflowMinor, purchases.sage100Minor, purchases.varianceMinor, purchases.variances]).toEqual([
      4200n,
      4200n,
      0n,
      [],
    ]);
    expect(await db.tieOutDay.count({ where: { companyId: c, kind: "payments" } })).toBe(0);
    expect(tied.sage).not.toBeNull();

    // The alert hook: once for the new variances, audited; not again while they stay the same.
    expect(alerts).toEqual([
      expect.objectContaining({
        day: "2026-11-21",
        kind: "sales_invoices",
        varianceMinor: 999,
        documents: 1,
        newDocuments: ["104"],
      }),
      expect.objectContaining({
        day: DAY,
        kind: "sales_invoices",
        currency: "USD",
        varianceMinor: 4999,
        documents: 2,
        newDocuments: ["102", "103"],
      }),
    ]);
    await computeTieOut({ orgId: t.org.id, companyId: c, days: [DAY, "2026-11-21"] });
    expect(alerts).toHaveLength(2);
    expect(await db.auditLog.count({ where: { companyId: c, action: "sync.tie_out_variance" } })).toBe(2);
  });

  it("recomputes the days whose documents changed since the last tie-out, and drops a day left with no documents", async () => {
    const t = await syncTenant();
    const c = t.company.id;
    const a = await carried(c, {
      externalId: "201",
      payload: invoice("201", 1000, "USD", { day: "2026-11-01" }),
      sageKey: "K000201",
      sagePayload: invoice("K000201", 1000, "USD", { day: "2026-11-01" }),
    });
    await carried(c, {
      externalId: "202",
      payload: invoice("202", 3000, "USD", { day: "2026-11-02" }),
      sageKey: "K000202",
      sagePayload: invoice("K000202", 3000, "USD", { day: "2026-11-02" }),
    });
    const first = await computeTieOut({ orgId: t.org.id, companyId: c });
    expect(first.map((d) => d.day)).toEqual(["2026-11-02", "2026-11-01"]);
    expect(await computeTieOut({ orgId: t.org.id, companyId: c })).toEqual([]);

    // A sweep that only sees the records again moves nothing.
    await db.syncRecord.updateMany({ where: { companyId: c }, data: { lastSeenAt: new Date() } });
    expect(await computeTieOut({ orgId: t.org.id, companyId: c })).toEqual([]);
    // Sage's side of 201 changes (its change feed updated the ledger row, a flow handled it): only that day again.
    await db.syncRecord.update({
      where: { id: a.sage!.id },
      data: { payload: invoice("K000201", 900, "USD", { day: "2026-11-01" }) },
    });
    await db.syncAttempt.create({
      data: {
        companyId: c,
        recordId: a.sage!.id,
        flow: "sales_invoices.sage100_to_kashflow",
        outcome: "SYNCED",
        startedAt: new Date(),
      },
    });
    const second = await computeTieOut({ orgId: t.org.id, companyId: c });
    expect(second.map((d) => d.day)).toEqual(["2026-11-01"]);
    expect(second[0]!.kinds[0]).toMatchObject({
      kind: "sales_invoices",
      kashflowMinor: 1000,
      sage100Minor: 900,
      varianceMinor: 100,
    });

    // 201 deleted in KashFlow (and its Sage row gone): the day has no documents left and its row goes.
    await db.syncRecord.update({ where: { id: a.record.id }, data: { deletedAt: new Date() } });
    await computeTieOut({ orgId: t.org.id, companyId: c });
    expect(await db.tieOutDay.count({ where: { companyId: c, day: new Date("2026-11-01T00:00:00Z") } })).toBe(0);
  });

  it("asks Sage 100 itself where the ledger has no figure (or for every document when asked), and falls back to the ledger when the agent does not answer", async () => {
    const t = await syncTenant();
    const c = t.company.id;
    await carried(c, { externalId: "301", payload: invoice("301", 5000, "USD"), sageKey: "K000301" });
    await carried(c, {
      externalId: "302",
      payload: invoice("302", 7000, "USD"),
      sageKey: "K000302",
      sagePayload: invoice("K000302", 7000, "USD"),
    });
    await carried(c, {
      externalId: "303",
      payload: { ...invoice("303", -1500, "USD") },
      sageKey: "K000303",
      command: { type: "createArInvoice", payload: { invoiceNo: "K000303", invoiceType: "CM" } },
    });
    const asked: unknown[] = [];
    const sage: Record<string, Record<string, unknown> | null> = {
      K000301: {
        InvoiceNo: "K000301",
        InvoiceType: "IN",
        TaxableSalesAmt: 40,
        NonTaxableSalesAmt: 9.99,
        SalesTaxAmt: 0.01,
        FreightAmt: 0,
      },
      K000302: {
        InvoiceNo: "K000302",
        InvoiceType: "IN",
        TaxableSalesAmt: 69,
        NonTaxableSalesAmt: 0,
        SalesTaxAmt: 0,
        FreightAmt: 0,
      },
      K000303: null,
    };
    const gateway: Sage100Gateway = {
      execute: (async (command: { type: string; payload: { invoiceNo: string } }) => {
        asked.push(command.payload.invoiceNo);
        const row = sage[command.payload.invoiceNo];
        return row ? { found: true, state: "posted", record: row } : { found: false };
      }) as unknown as Sage100Gateway["execute"],
    };
    // Gaps only: 301 and 303 have no Sage figure in the ledger; 302 has its Sage-side row.
    const [gaps] = await computeTieOut({
      orgId: t.org.id,
      companyId: c,
      days: [DAY],
      sage100: { gateway, verify: "gaps" },
    });
    expect(asked.sort()).toEqual(["K000301", "K000303"]);
    expect(gaps!.kinds[0]!.variances).toEqual([
      expect.objectContaining({
        kashflowId: "303",
        kashflowMinor: -1500,
        sage100Minor: 0,
        source: "sage100",
        reason: "Sage 100 has no document K000303.",
      }),
    ]);
    // Every document: Sage's own 69.00 for 302 shows a variance the ledger's row hid.
    asked.length = 0;
    const [all] = await computeTieOut({
      orgId: t.org.id,
      companyId: c,
      days: [DAY],
      sage100: { gateway, verify: "all" },
    });
    expect(asked.sort()).toEqual(["K000301", "K000302", "K000303"]);
    expect(all!.kinds[0]!.variances.map((v) => [v.kashflowId, v.sage100Minor, v.source])).toEqual([
      ["302", 6900, "sage100"],
      ["303", 0, "sage100"],
    ]);

    // The agent does not answer: asked once, then the ledger's figures (none for 301: listed as unknown).
    let calls = 0;
    const offline: Sage100Gateway = {
      execute: (async () => {
        calls++;
        throw new AppError("UPSTREAM", "The Sage 100 agent has not answered yet.", { retryClass: "TRANSIENT" });
      }) as unknown as Sage100Gateway["execute"],
    };
    const [down] = await computeTieOut({
      orgId: t.org.id,
      companyId: c,
      days: [DAY],
      sage100: { gateway: offline, verify: "all" },
    });
    expect(calls).toBe(1);
    expect(down!.kinds[0]!.variances.map((v) => [v.kashflowId, v.sage100Minor, v.reason])).toEqual([
      ["301", null, "Sage 100 could not be asked (the agent did not answer) and the ledger has no figure."],
      ["303", null, "Sage 100 could not be asked (the agent did not answer) and the ledger has no figure."],
    ]);
  });

  it("a document in another currency with no rate is a missing rate (neither a variance nor 0.00); entering the rate and recomputing ties the day out", async () => {
    const t = await syncTenant();
    const c = t.company.id;
    const alerts = alertsFor(c);
    await carried(c, {
      externalId: "401",
      payload: invoice("401", 1000, "EUR"),
      sageKey: "K000401",
      sagePayload: invoice("K000401", 1080, "USD"),
    });
    // Another document of the day, in dollars, that ties out: it stays counted.
    await carried(c, {
      externalId: "402",
      payload: invoice("402", 500, "USD"),
      sageKey: "K000402",
      sagePayload: invoice("K000402", 500, "USD"),
    });
    const [r] = await computeTieOut({ orgId: t.org.id, companyId: c, days: [DAY] });
    expect(r!.kinds[0]).toMatchObject({
      kind: "sales_invoices",
      kashflowMinor: 500,
      sage100Minor: 1580,
      varianceMinor: 0,
      documents: 2,
      variances: [],
      missingRates: [{ from: "EUR", to: "USD", day: DAY, documents: 1 }],
    });
    expect(alerts).toEqual([]);
    const stored = await db.tieOutDay.findUniqueOrThrow({
      where: { companyId_day_kind: { companyId: c, day: new Date(`${DAY}T00:00:00Z`), kind: "sales_invoices" } },
    });
    expect(stored.missingRates).toEqual([{ from: "EUR", to: "USD", day: DAY, documents: 1 }]);

    // The screens: neither green nor a variance, and no figure for what is unknown.
    const list = await callerFor(t.viewer).tieOut.listDays({ companyId: c });
    expect(list.days[0]).toMatchObject({
      day: DAY,
      state: "rate_missing",
      tiesOut: false,
      varianceCount: 0,
      missingRates: [{ from: "EUR", to: "USD", day: DAY, documents: 1 }],
    });
    expect(list.days[0]!.kinds[0]).toMatchObject({
      state: "rate_missing",
      kashflowMinor: null,
      varianceMinor: null,
      sage100Minor: 1580,
    });
    expect([list.daysWithVariance, list.daysWithMissingRates]).toEqual([[], [DAY]]);
    expect(await callerFor(t.viewer).tieOut.getDay({ companyId: c, day: DAY })).toMatchObject({
      state: "rate_missing",
      varianceCount: 0,
      missingRates: [{ from: "EUR", to: "USD", day: DAY }],
    });

    // The rate entered (EUR 10.00 at 1.08 = USD 10.80, what Sage holds) and the day recomputed: it ties out.
    await callerFor(t.accountant).fx.add({
      companyId: c,
      fromCurrency: "EUR",
      toCurrency: "USD",
      day: DAY,
      rate: "1.08",
    });
    expect(await callerFor(t.accountant).tieOut.recompute({ companyId: c, day: DAY })).toMatchObject({
      documents: 2,
      varianceCount: 0,
    });
    const after = await callerFor(t.viewer).tieOut.getDay({ companyId: c, day: DAY });
    expect(after).toMatchObject({ state: "ties_out", missingRates: [], varianceCount: 0 });
    expect(after.kinds[0]).toMatchObject({
      state: "ties_out",
      kashflowMinor: 1580,
      sage100Minor: 1580,
      varianceMinor: 0,
    });
    expect((await callerFor(t.viewer).tieOut.listDays({ companyId: c })).daysWithMissingRates).toEqual([]);
  });

  it("a rate missing on a day with a real difference keeps the difference listed", async () => {
    const t = await syncTenant();
    const c = t.company.id;
    await carried(c, {
      externalId: "411",
      payload: invoice("411", 1000, "EUR"),
      sageKey: "K000411",
      sagePayload: invoice("K000411", 1080, "USD"),
    });
    await ledgerRecord(c, {
      model: "sales_invoice",
      externalId: "412",
      payload: invoice("412", 700, "USD"),
      status: "HELD",
      errorCode: "MAPPING_MISSING",
    });
    const [r] = await computeTieOut({ orgId: t.org.id, companyId: c, days: [DAY] });
    expect(r!.kinds[0]!.variances.map((v) => [v.kashflowId, v.varianceMinor])).toEqual([["412", 700]]);
    expect(r!.kinds[0]).toMatchObject({
      varianceMinor: 700,
      missingRates: [{ from: "EUR", to: "USD", day: DAY, documents: 1 }],
    });
    const day = await callerFor(t.viewer).tieOut.getDay({ companyId: c, day: DAY });
    expect(day).toMatchObject({ state: "rate_missing", varianceCount: 1 });
    expect(day.kinds[0]).toMatchObject({ kashflowMinor: null, varianceMinor: null });
  });

  it("finds the stored rate wherever the flow kept it in its plan", () => {
    expect(
      findUsedRate({ command: { type: "createArInvoice" }, fx: { from: "GBP", to: "USD", day: DAY, rate: "1.2712" } }),
    ).toEqual({ from: "GBP", to: "USD", day: DAY, rate: "1.2712" });
    expect(
      findUsedRate({ plan: { lines: [], conversion: { rate: { from: "EUR", to: "USD", day: DAY, rate: "1.08" } } } }),
    ).toMatchObject({ from: "EUR" });
    expect(findUsedRate({ rate: "1.2" })).toBeNull();
  });
});

describe("tie-out screens", () => {
  it("lists days newest first with each kind's totals, shows a day's variances, and recomputes a day (viewers cannot)", async () => {
    const t = await syncTenant();
    const c = t.company.id;
    for (const [n, day] of [
      ["501", "2026-11-03"],
      ["502", "2026-11-04"],
      ["503", "2026-11-05"],
    ] as const) {
      await carried(c, {
        externalId: n,
        payload: invoice(n, 1000, "USD", { day }),
        sageKey: `K000${n}`,
        sagePayload: invoice(`K000${n}`, n === "502" ? 990 : 1000, "USD", { day }),
      });
    }
    await computeTieOut({ orgId: t.org.id, companyId: c });
    const page = await callerFor(t.viewer).tieOut.listDays({ companyId: c, days: 2 });
    expect(page.days.map((d) => [d.day, d.tiesOut, d.varianceCount])).toEqual([
      ["2026-11-05", true, 0],
      ["2026-11-04", false, 1],
    ]);
    expect(page.days[1]!.kinds).toEqual([
      expect.objectContaining({
        kind: "sales_invoices",
        label: "Sales invoices",
        currency: "USD",
        kashflowMinor: 1000,
        sage100Minor: 990,
        varianceMinor: 10,
        documents: 1,
        varianceCount: 1,
      }),
    ]);
    expect(page.nextBefore).toBe("2026-11-04");
    expect(page.daysWithVariance).toEqual(["2026-11-04"]);
    const older = await callerFor(t.viewer).tieOut.listDays({ companyId: c, days: 2, before: page.nextBefore! });
    expect(older.days.map((d) => d.day)).toEqual(["2026-11-03"]);

    const day = await callerFor(t.viewer).tieOut.getDay({ companyId: c, day: "2026-11-04" });
    expect(day.kinds[0]!.variances).toEqual([
      expect.objectContaining({ kashflowId: "502", sage100Key: "K000502", kashflowMinor: 1000, sage100Minor: 990 }),
    ]);
    expect(await callerFor(t.viewer).tieOut.getDay({ companyId: c, day: "2026-10-01" })).toEqual({
      day: "2026-10-01",
      kinds: [],
      state: null,
      missingRates: [],
      varianceCount: 0,
    });

    // Fixed in the ledger (Sage's row now 10.00), then recomputed by hand: the day ties out and it is audited.
    const sageRow = await db.syncRecord.findFirstOrThrow({
      where: { companyId: c, system: "SAGE100", externalId: "K000502" },
    });
    await db.syncRecord.update({
      where: { id: sageRow.id },
      data: { payload: invoice("K000502", 1000, "USD", { day: "2026-11-04" }) },
    });
    expect(await trpcCodeOf(callerFor(t.viewer).tieOut.recompute({ companyId: c, day: "2026-11-04" }))).toBe(
      "FORBIDDEN",
    );
    expect(await callerFor(t.accountant).tieOut.recompute({ companyId: c, day: "2026-11-04" })).toEqual({
      day: "2026-11-04",
      documents: 1,
      varianceCount: 0,
      otherDays: 0,
    });
    expect((await callerFor(t.viewer).tieOut.getDay({ companyId: c, day: "2026-11-04" })).varianceCount).toBe(0);
    expect(await db.auditLog.count({ where: { companyId: c, action: "sync.tie_out_recomputed" } })).toBe(1);

    const other = await syncTenant();
    // Another company sees its own (empty) day, never this one's; this company is not found from outside.
    expect(
      (await callerFor(other.owner).tieOut.getDay({ companyId: other.company.id, day: "2026-11-04" })).kinds,
    ).toEqual([]);
    expect(await trpcCodeOf(callerFor(other.owner).tieOut.getDay({ companyId: c, day: "2026-11-04" }))).toBe(
      "NOT_FOUND",
    );
    expect(await trpcCodeOf(callerFor(other.owner).tieOut.listDays({ companyId: c }))).toBe("NOT_FOUND");
    expect(randomUUID()).toBeTruthy();
  });
});
