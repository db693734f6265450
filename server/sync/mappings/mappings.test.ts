import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { context } from "../testing/memory-flow";
import { convertMinor, missingRate, rateFor, saveFxRates, usableRateIndex } from "./fx";
import { isHold } from "../engine/flow";
import { parseSyncSettings, saveSyncSettings } from "../settings";
import { parseFxCsv } from "./fx-csv";
import { mappingField } from "./kinds";
import { loadMappings, mapOrHold } from "./lookup";
import { saveMapping } from "./save-mapping";

async function heldRecord(companyId: string, externalId: string, errorCode: string, errorField: string) {
  return db.syncRecord.create({
    data: {
      companyId,
      system: "KASHFLOW",
      model: "sales_invoice",
      externalId,
      contentHash: "h",
      payload: {},
      status: "HELD",
      errorCode,
      errorField,
      errorMessage: "held",
      lastSeenAt: new Date(),
    },
  });
}

describe("mappings", () => {
  it("a missing mapping holds with guidance naming what to map; saving it releases exactly the records it held", async () => {
    const ctx = await context();
    const user = await db.user.create({ data: { email: `m-${ctx.companyId}@example.test` } });
    const missing = mapOrHold(await loadMappings(ctx.companyId), "nominal_to_gl", "4000");
    expect(isHold(missing) && missing).toMatchObject({
      code: "MAPPING_MISSING",
      message: "Map KashFlow nominal 4000 to a Sage 100 G/L account.",
      field: mappingField("nominal_to_gl", "4000"),
    });

    const waiting = await heldRecord(ctx.companyId, "INV-1", "MAPPING_MISSING", mappingField("nominal_to_gl", "4000"));
    const other = await heldRecord(ctx.companyId, "INV-2", "MAPPING_MISSING", mappingField("nominal_to_gl", "4010"));
    const { released } = await saveMapping({
      orgId: ctx.orgId,
      companyId: ctx.companyId,
      userId: user.id,
      kind: "nominal_to_gl",
      sourceKey: "4000",
      targetValue: "4000-00",
    });
    expect(released).toBe(1);
    expect((await db.syncRecord.findUniqueOrThrow({ where: { id: waiting.id } })).status).toBe("PENDING");
    expect((await db.syncRecord.findUniqueOrThrow({ where: { id: other.id } })).status).toBe("HELD");
    expect(mapOrHold(await loadMappings(ctx.companyId), "nominal_to_gl", "4000")).toBe("4000-00");
  });

  it("refuses malformed entries with field errors and writes nothing", async () => {
    const ctx = await context();
    const user = await db.user.create({ data: { email: `m2-${ctx.companyId}@example.test` } });
    await expect(
      saveMapping({
        orgId: ctx.orgId,
        companyId: ctx.companyId,
        userId: user.id,
        kind: "payment_method_to_bank",
        sourceKey: "Card",
        targetValue: "BANK",
      }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      fieldErrors: { targetValue: ["Sage 100 bank codes are one character, such as A."] },
    });
    expect(await db.mappingEntry.count({ where: { companyId: ctx.companyId } })).toBe(0);
  });
});

describe("FX rates", () => {
  it("converts exactly, rounding half away from zero", () => {
    const rate = { from: "GBP", to: "USD", day: "2026-11-20", rate: "1.2712" };
    expect(convertMinor(10000, rate)).toBe(12712);
    expect(convertMinor(1, { ...rate, rate: "1.5" })).toBe(2);
    expect(convertMinor(-1, { ...rate, rate: "1.5" })).toBe(-2);
    expect(convertMinor(123456789, { ...rate, rate: "0.0000001" })).toBe(12);
    expect(convertMinor(500, { from: "GBP", to: "JPY", day: "2026-11-20", rate: "190.456" })).toBe(952);
  });

  it("uses the document's own day's rate by default, and the latest up to N days old only when the company opted in", async () => {
    const ctx = await context();
    const user = await db.user.create({ data: { email: `fx-${ctx.companyId}@example.test` } });
    await saveFxRates({
      orgId: ctx.orgId,
      companyId: ctx.companyId,
      userId: user.id,
      source: "manual",
      rates: [
        { fromCurrency: "GBP", toCurrency: "USD", day: "2026-11-16", rate: "1.25" },
        { fromCurrency: "GBP", toCurrency: "USD", day: "2026-11-18", rate: "1.27" },
      ],
    });
    const on = (day: string) => rateFor({ companyId: ctx.companyId, from: "GBP", to: "USD", day });
    expect(await on("2026-11-18")).toEqual({ from: "GBP", to: "USD", day: "2026-11-18", rate: "1.27" });
    // No silent carry-forward: the day after has no rate of its own.
    expect(await on("2026-11-19")).toBeNull();
    await saveSyncSettings(ctx.companyId, parseSyncSettings({ fx: { useLatestRate: true, maxAgeDays: 2 } }));
    expect(await on("2026-11-19")).toEqual({ from: "GBP", to: "USD", day: "2026-11-18", rate: "1.27" });
    expect(await on("2026-11-17")).toMatchObject({ day: "2026-11-16", rate: "1.25" });
    expect(await on("2026-11-21")).toBeNull();
    expect(usableRateIndex(["2026-11-16", "2026-11-18"], "2026-11-20", 2)).toBe(1);
    expect(usableRateIndex(["2026-11-16", "2026-11-18"], "2026-11-20", 1)).toBe(-1);
    expect(usableRateIndex(["2026-11-16", "2026-11-18"], "2026-11-15", 30)).toBe(-1);
    const held = missingRate({ from: "EUR", to: "USD", day: "2027-01-01" });
    expect(held.message).toBe("Enter the EUR→USD rate for 1 Jan 2027.");
    expect(held.field).toBe("fx:EUR:USD:2027-01-01");
    expect(missingRate({ from: "EUR", to: "USD", day: "2027-01-01", maxAgeDays: 3 }).message).toBe(
      "Enter the EUR→USD rate for 1 Jan 2027 (or one up to 3 days before).",
    );
  });

  it("saving a rate releases exactly the documents it converts: its pair, its day (and the opted-in days after)", async () => {
    const ctx = await context();
    const user = await db.user.create({ data: { email: `fx2-${ctx.companyId}@example.test` } });
    const eur = await heldRecord(ctx.companyId, "E1", "FX_MISSING", "fx:EUR:USD:2026-11-20");
    const eurNextDay = await heldRecord(ctx.companyId, "E2", "FX_MISSING", "fx:EUR:USD:2026-11-21");
    const eurLater = await heldRecord(ctx.companyId, "E3", "FX_MISSING", "fx:EUR:USD:2026-11-24");
    const eurBefore = await heldRecord(ctx.companyId, "E4", "FX_MISSING", "fx:EUR:USD:2026-11-19");
    const gbp = await heldRecord(ctx.companyId, "G1", "FX_MISSING", "fx:GBP:USD:2026-11-20");
    const status = async (r: { id: string }) => (await db.syncRecord.findUniqueOrThrow({ where: { id: r.id } })).status;
    const save = (day: string) =>
      saveFxRates({
        orgId: ctx.orgId,
        companyId: ctx.companyId,
        userId: user.id,
        source: "csv",
        rates: [{ fromCurrency: "EUR", toCurrency: "USD", day, rate: "1.08" }],
      });
    expect((await save("2026-11-20")).released).toBe(1);
    expect(await status(eur)).toBe("PENDING");
    expect(await db.syncRecord.findUniqueOrThrow({ where: { id: eur.id } })).toMatchObject({ nextAttemptAt: null });
    expect([await status(eurNextDay), await status(eurLater), await status(eurBefore), await status(gbp)]).toEqual([
      "HELD",
      "HELD",
      "HELD",
      "HELD",
    ]);
    // Opted into rates up to 3 days old: the same rate now also converts the 21st (not the 24th, nor the 19th).
    await saveSyncSettings(ctx.companyId, parseSyncSettings({ fx: { useLatestRate: true, maxAgeDays: 3 } }));
    expect((await save("2026-11-20")).released).toBe(1);
    expect([await status(eurNextDay), await status(eurLater), await status(eurBefore), await status(gbp)]).toEqual([
      "PENDING",
      "HELD",
      "HELD",
      "HELD",
    ]);
  });

  it("imports a CSV all or nothing, naming the rows to fix", () => {
    expect(parseFxCsv("date,from,to,rate\n2026-11-20,gbp,usd,1.2712\n2026-11-21,EUR,USD,1.08\n")).toEqual([
      { day: "2026-11-20", fromCurrency: "GBP", toCurrency: "USD", rate: "1.2712" },
      { day: "2026-11-21", fromCurrency: "EUR", toCurrency: "USD", rate: "1.08" },
    ]);
    expect(() => parseFxCsv("date,from,to,rate\n2026-11-20,GBP,USD,1.27\n20/11/2026,GBP,USD,-1\n")).toThrow(
      /1 row\(s\) need fixing; nothing was saved\. Row 3:/,
    );
    expect(() => parseFxCsv("")).toThrow(/no rows/);
  });
});
