// Exchange rates a company enters or imports. A document is converted at its own date's rate, stored on the record;
// without one it is held ("Enter the EUR→USD rate for 1 Jan 2027") unless the company opted into the latest rate up
// to N days old, and then the record says which day's rate it used. Entering a rate releases exactly the documents
// it now converts.
import { z } from "zod";
import { formatDay } from "@/lib/zoned-day";
import { AppError } from "@/lib/errors";
import { db, type DbOrTx, transaction } from "@/server/db";
import type { SyncSystem } from "@/server/domain/model";
import { recordAudit } from "@/server/services/audit";
import {
  currencyExponent,
  decimalToMinor,
  minorToDecimal,
  multiplyDecimal,
  type DecimalString,
} from "@/server/domain/canonical/money";
import type { RecordWarning } from "@/server/domain/model";
import { hold, type Hold } from "../engine/flow";
import { loadSyncSettings, parseSyncSettings, type SyncSettings } from "../settings";

export const FX_MISSING = "FX_MISSING";

/** A converted document keeps this on its record: `day` is the day of the rate used (the document's own, by default). */
export type UsedRate = { from: string; to: string; day: string; rate: DecimalString };

const DAY_MS = 86_400_000;
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const daysBetween = (earlier: string, later: string) =>
  Math.round((Date.parse(`${later}T00:00:00Z`) - Date.parse(`${earlier}T00:00:00Z`)) / DAY_MS);

/** How old a rate a document may use, in days: 0 (its own day's rate only, the default) unless the company opted in. */
export const rateAgeOf = (settings: Pick<SyncSettings, "fx">): number =>
  settings.fx.useLatestRate ? settings.fx.maxAgeDays : 0;

/** Of ascending ISO `days`, the index of the latest on or before `day` and at most `maxAgeDays` older; -1 if none. */
export function usableRateIndex(days: readonly string[], day: string, maxAgeDays: number): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (days[mid]! <= day) lo = mid + 1;
    else hi = mid;
  }
  const at = lo - 1;
  return at >= 0 && days[at]! >= addDays(day, -maxAgeDays) ? at : -1;
}

/** The rate for `day` (ISO date) under the company's policy, read from the table; null when there is none. */
export async function rateFor(o: {
  companyId: string;
  from: string;
  to: string;
  day: string;
  maxAgeDays?: number;
}): Promise<UsedRate | null> {
  if (o.from === o.to) return { from: o.from, to: o.to, day: o.day, rate: "1" };
  const maxAgeDays = o.maxAgeDays ?? rateAgeOf(await loadSyncSettings(o.companyId));
  const on = new Date(`${o.day}T00:00:00Z`);
  const row = await db.fxRate.findFirst({
    where: {
      companyId: o.companyId,
      fromCurrency: o.from,
      toCurrency: o.to,
      day: { lte: on, gte: new Date(on.getTime() - maxAgeDays * DAY_MS) },
    },
    orderBy: { day: "desc" },
  });
  return row ? { from: o.from, to: o.to, day: row.day.toISOString().slice(0, 10), rate: row.rate.toString() } : null;
}

export const fxField = (from: string, to: string, day: string) => `fx:${from}:${to}:${day}`;

/** The hold of a document whose day has no usable rate: which rate to enter (the fix link reads the field). */
export const missingRate = (o: { from: string; to: string; day: string; maxAgeDays?: number }): Hold =>
  hold(
    FX_MISSING,
    `Enter the ${o.from}→${o.to} rate for ${formatDay(o.day)}${
      o.maxAgeDays ? ` (or one up to ${o.maxAgeDays} ${o.maxAgeDays === 1 ? "day" : "days"} before)` : ""
    }.`,
    fxField(o.from, o.to, o.day),
  );

/**
 * What the record says about its conversion: the rate and its day, and, when the rate is older than the document
 * (the company's opt-in), how much older — never silent.
 */
export function conversionWarning(o: {
  rate: UsedRate;
  documentDay: string;
  noun: string;
  field: string;
  /** Say nothing when the document's own day's rate was used (the record shows its stored rate anyway). */
  onlyOlderRate?: boolean;
}): RecordWarning[] {
  const { rate } = o;
  if (rate.from === rate.to) return [];
  const age = daysBetween(rate.day, o.documentDay);
  if (age <= 0)
    return o.onlyOlderRate
      ? []
      : [
          {
            field: o.field,
            message: `Converted ${rate.from} → ${rate.to} at ${rate.rate} (rate of ${formatDay(rate.day)}).`,
          },
        ];
  return [
    {
      field: o.field,
      message: `Used the ${rate.from}→${rate.to} rate of ${formatDay(rate.day)} (${age} ${age === 1 ? "day" : "days"} before the ${o.noun}): ${rate.rate}. No rate was entered for ${formatDay(o.documentDay)}.`,
    },
  ];
}

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

/**
 * Releases exactly the documents held for a rate that the table now has under the company's policy (their own day's
 * rate, or one up to the opted-in age before it), of the given pairs ("EUR:USD") or all: they become due at once.
 * Called when rates are saved and when the company's FX policy changes. Returns how many were released.
 */
export async function releaseConvertible(
  tx: DbOrTx,
  companyId: string,
  pairs?: readonly string[],
): Promise<{ count: number; models: { system: SyncSystem; model: string }[] }> {
  const settings = await tx.syncSettings.findUnique({ where: { companyId } });
  const maxAgeDays = rateAgeOf(parseSyncSettings(settings?.settings));
  const held = await tx.syncRecord.findMany({
    where: {
      companyId,
      status: "HELD",
      errorCode: FX_MISSING,
      ...(pairs ? { OR: pairs.map((pair) => ({ errorField: { startsWith: `fx:${pair}:` } })) } : {}),
    },
    select: { id: true, errorField: true, system: true, model: true },
  });
  const byPair = new Map<string, { id: string; day: string }[]>();
  for (const h of held) {
    const m = /^fx:([A-Z]{3}):([A-Z]{3}):(\d{4}-\d{2}-\d{2})$/.exec(h.errorField ?? "");
    if (m) byPair.set(`${m[1]}:${m[2]}`, [...(byPair.get(`${m[1]}:${m[2]}`) ?? []), { id: h.id, day: m[3]! }]);
  }
  const ids: string[] = [];
  for (const [pair, docs] of byPair) {
    const [fromCurrency, toCurrency] = pair.split(":") as [string, string];
    const needed = docs.map((d) => d.day).sort();
    const rows = await tx.fxRate.findMany({
      where: {
        companyId,
        fromCurrency,
        toCurrency,
        day: {
          gte: new Date(`${addDays(needed[0]!, -maxAgeDays)}T00:00:00Z`),
          lte: new Date(`${needed[needed.length - 1]!}T00:00:00Z`),
        },
      },
      select: { day: true },
      orderBy: { day: "asc" },
    });
    const days = rows.map((r) => r.day.toISOString().slice(0, 10));
    for (const d of docs) if (usableRateIndex(days, d.day, maxAgeDays) >= 0) ids.push(d.id);
  }
  let released = 0;
  for (let i = 0; i < ids.length; i += 5_000) {
    const { count } = await tx.syncRecord.updateMany({
      where: { id: { in: ids.slice(i, i + 5_000) }, status: "HELD" },
      data: { status: "PENDING", attempts: 0, nextAttemptAt: null, heldBy: null },
    });
    released += count;
  }
  const chosen = new Set(ids);
  const models = new Map(
    held.filter((h) => chosen.has(h.id)).map((h) => [`${h.system}:${h.model}`, { system: h.system, model: h.model }]),
  );
  return { count: released, models: [...models.values()] };
}

/** Saves rates (all or none) and releases exactly the documents held for a rate they now provide. */
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
    const released = await releaseConvertible(tx, o.companyId, [
      ...new Set(rates.map((r) => `${r.fromCurrency}:${r.toCurrency}`)),
    ]);
    await recordAudit(tx, {
      orgId: o.orgId,
      companyId: o.companyId,
      actorUserId: o.userId,
      action: "fx.saved",
      targetType: "FxRate",
      details: { count: rates.length, source: o.source, released: released.count },
    });
    return { saved: rates.length, released: released.count, releasedModels: released.models };
  });
}
