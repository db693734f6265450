// Exchange rates a company enters or imports; a document is converted at its own date's rate (the latest on or
// before it, within a week), and the rate used is stored on the record. A missing rate holds the document.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { db, transaction } from "@/server/db";
import { recordAudit } from "@/server/services/audit";
import {
  currencyExponent,
  decimalToMinor,
  minorToDecimal,
  multiplyDecimal,
  type DecimalString,
} from "@/server/domain/canonical/money";
import { hold, type Hold } from "../engine/flow";

export const FX_MISSING = "FX_MISSING";
export const FX_MAX_AGE_DAYS = 7;

export type UsedRate = { from: string; to: string; day: string; rate: DecimalString };

const DAY_MS = 86_400_000;

/** The rate for `day` (ISO date): the latest entered on or before it, at most FX_MAX_AGE_DAYS old. */
export async function rateFor(o: {
  companyId: string;
  from: string;
  to: string;
  day: string;
}): Promise<UsedRate | null> {
  if (o.from === o.to) return { from: o.from, to: o.to, day: o.day, rate: "1" };
  const on = new Date(`${o.day}T00:00:00Z`);
  const row = await db.fxRate.findFirst({
    where: {
      companyId: o.companyId,
      fromCurrency: o.from,
      toCurrency: o.to,
      day: { lte: on, gte: new Date(on.getTime() - FX_MAX_AGE_DAYS * DAY_MS) },
    },
    orderBy: { day: "desc" },
  });
  return row ? { from: o.from, to: o.to, day: row.day.toISOString().slice(0, 10), rate: row.rate.toString() } : null;
}

export const fxField = (from: string, to: string, day: string) => `fx:${from}:${to}:${day}`;

export async function rateOrHold(o: {
  companyId: string;
  from: string;
  to: string;
  day: string;
}): Promise<UsedRate | Hold> {
  return (await rateFor(o)) ?? missingRate(o);
}

/** The hold of a document whose day has no rate: which rate to enter, and where. */
export const missingRate = (o: { from: string; to: string; day: string }): Hold =>
  hold(
    FX_MISSING,
    `Enter a ${o.from}→${o.to} exchange rate for ${o.day} (or up to ${FX_MAX_AGE_DAYS} days before) under FX rates.`,
    fxField(o.from, o.to, o.day),
  );

/** Converts minor units exactly, rounding half away from zero to the target currency's digits. */
export function convertMinor(amountMinor: number, rate: UsedRate): number {
  const decimal = minorToDecimal(amountMinor, currencyExponent(rate.from));
  return decimalToMinor(multiplyDecimal(decimal, rate.rate), currencyExponent(rate.to));
}

export const fxRateInput = z.object({
  fromCurrency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, "Use a 3-letter currency code such as GBP."),
  toCurrency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, "Use a 3-letter currency code such as USD."),
  day: z.iso.date({ message: "Use a date such as 2026-11-20." }),
  rate: z
    .string()
    .trim()
    .regex(/^\d{1,10}(\.\d{1,10})?$/, "Use a positive number such as 1.2712.")
    .refine((r) => Number(r) > 0, "The rate must be above zero."),
});
export type FxRateInput = z.infer<typeof fxRateInput>;

/** Saves rates (all or none) and releases documents held for a rate of those currency pairs. */
export async function saveFxRates(o: {
  orgId: string;
  companyId: string;
  userId: string;
  rates: FxRateInput[];
  source: "manual" | "csv";
}) {
  const rates = o.rates.map((r) => fxRateInput.parse(r));
  for (const r of rates)
    if (r.fromCurrency === r.toCurrency) throw AppError.field("toCurrency", "Choose two different currencies.");
  return transaction(async (tx) => {
    for (const r of rates) {
      const day = new Date(`${r.day}T00:00:00Z`);
      await tx.fxRate.upsert({
        where: {
          companyId_fromCurrency_toCurrency_day: {
            companyId: o.companyId,
            fromCurrency: r.fromCurrency,
            toCurrency: r.toCurrency,
            day,
          },
        },
        create: {
          companyId: o.companyId,
          fromCurrency: r.fromCurrency,
          toCurrency: r.toCurrency,
          day,
          rate: r.rate,
          source: o.source,
        },
        update: { rate: r.rate, source: o.source },
      });
    }
    const pairs = [...new Set(rates.map((r) => `fx:${r.fromCurrency}:${r.toCurrency}:`))];
    const released = await tx.syncRecord.updateMany({
      where: {
        companyId: o.companyId,
        status: "HELD",
        errorCode: FX_MISSING,
        OR: pairs.map((p) => ({ errorField: { startsWith: p } })),
      },
      data: { status: "PENDING", attempts: 0, nextAttemptAt: null, heldBy: null },
    });
    await recordAudit(tx, {
      orgId: o.orgId,
      companyId: o.companyId,
      actorUserId: o.userId,
      action: "fx.saved",
      targetType: "FxRate",
      details: { count: rates.length, source: o.source, released: released.count },
    });
    return { saved: rates.length, released: released.count };
  });
}
