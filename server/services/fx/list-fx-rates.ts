// The company's exchange rates by currency pair and day (newest first, paged by day), and the documents held
// because a rate is missing: which pair and day each waits for, and how many.
import { z } from "zod";
import { db } from "@/server/db";
import { FX_MISSING, rateAgeOf } from "@/server/sync/mappings/fx";
import { loadSyncSettings } from "@/server/sync/settings";
import { requireSyncCompany, type SyncScope } from "@/server/services/sync/company-scope";

export const FX_PAGE_SIZE = 60;
const currency = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, "Use a 3-letter currency code such as GBP.");

export const fxListFilter = z.object({
  from: currency.optional(),
  to: currency.optional(),
  /** Days before this one (the next, older page). */
  before: z.iso.date({ message: "Use a date such as 2026-11-20." }).optional(),
  limit: z.number().int().min(1).max(500).default(FX_PAGE_SIZE),
});
export type FxListFilter = z.input<typeof fxListFilter>;

export const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** "fx:GBP:USD:2026-11-20" → its parts; null for anything else. */
export function parseFxField(field: string | null | undefined): { from: string; to: string; day: string } | null {
  const m = /^fx:([A-Z]{3}):([A-Z]{3}):(\d{4}-\d{2}-\d{2})$/.exec(field ?? "");
  return m ? { from: m[1]!, to: m[2]!, day: m[3]! } : null;
}

export type WaitingDocument = {
  id: string;
  model: string;
  system: string;
  externalId: string;
  number: string | null;
  name: string | null;
};
export type WaitingRate = {
  from: string;
  to: string;
  day: string;
  earliestDay: string;
  count: number;
  documents: WaitingDocument[];
};

const WAITING_DOCS_PER_RATE = 20;

export async function listFxRates(o: SyncScope & { filter?: FxListFilter }) {
  await requireSyncCompany(o);
  const f = fxListFilter.parse(o.filter ?? {});
  const { companyId } = o;
  const where = {
    companyId,
    ...(f.from ? { fromCurrency: f.from } : {}),
    ...(f.to ? { toCurrency: f.to } : {}),
    ...(f.before ? { day: { lt: new Date(`${f.before}T00:00:00Z`) } } : {}),
  };
  const [pairs, rows, heldCounts, held] = await Promise.all([
    db.fxRate.groupBy({
      by: ["fromCurrency", "toCurrency"],
      where: { companyId },
      _count: { _all: true },
      _max: { day: true },
      _min: { day: true },
      orderBy: [{ fromCurrency: "asc" }, { toCurrency: "asc" }],
    }),
    db.fxRate.findMany({
      where,
      orderBy: [{ day: "desc" }, { fromCurrency: "asc" }, { toCurrency: "asc" }],
      take: f.limit + 1,
    }),
    db.syncRecord.groupBy({
      by: ["errorField"],
      where: { companyId, status: "HELD", errorCode: FX_MISSING },
      _count: { _all: true },
    }),
    db.$queryRaw<
      {
        id: string;
        model: string;
        system: string;
        externalId: string;
        errorField: string;
        number: string | null;
        name: string | null;
      }[]
    >`
      SELECT "id", "model", "system", "externalId", "errorField", "number", "name" FROM (
        SELECT "id", "model", "system"::text AS "system", "externalId", "errorField", ("payload"->>'number') AS "number",
               COALESCE("payload"->>'customerName', "payload"->>'supplierName', "payload"->>'name') AS "name",
               row_number() OVER (PARTITION BY "errorField" ORDER BY "id") AS "n"
        FROM "SyncRecord"
        WHERE "companyId" = ${companyId} AND "status" = 'HELD'::"SyncRecordStatus" AND "errorCode" = ${FX_MISSING}
      ) w
      WHERE "n" <= ${WAITING_DOCS_PER_RATE}
      ORDER BY "errorField", "id"`,
  ]);
  // Pages end on a whole day, so no pair of a day is split between two pages.
  let page = rows.slice(0, f.limit);
  let nextBefore: string | null = null;
  if (rows.length > f.limit) {
    const lastDay = isoDay(page[page.length - 1]!.day);
    const whole = page.filter((r) => isoDay(r.day) !== lastDay);
    if (whole.length > 0) {
      page = whole;
      nextBefore = isoDay(new Date(Date.parse(`${lastDay}T00:00:00Z`) + 86_400_000));
    } else nextBefore = lastDay;
  }

  const latest = await Promise.all(
    pairs.map((p) =>
      db.fxRate.findFirst({
        where: { companyId, fromCurrency: p.fromCurrency, toCurrency: p.toCurrency },
        orderBy: { day: "desc" },
        select: { rate: true },
      }),
    ),
  );

  // A held document is released by a rate of its own day, or of the days before it the company allows.
  const maxAgeDays = rateAgeOf(await loadSyncSettings(companyId));
  const waiting = new Map<string, WaitingRate>();
  for (const c of heldCounts) {
    const parsed = parseFxField(c.errorField);
    if (!parsed || !c.errorField) continue;
    const earliestDay = isoDay(new Date(Date.parse(`${parsed.day}T00:00:00Z`) - maxAgeDays * 86_400_000));
    waiting.set(c.errorField, { ...parsed, earliestDay, count: c._count._all, documents: [] });
  }
  for (const r of held) {
    const entry = waiting.get(r.errorField);
    if (entry && entry.documents.length < WAITING_DOCS_PER_RATE)
      entry.documents.push({
        id: r.id,
        model: r.model,
        system: r.system,
        externalId: r.externalId,
        number: r.number,
        name: r.name,
      });
  }

  return {
    pairs: pairs.map((p, i) => ({
      from: p.fromCurrency,
      to: p.toCurrency,
      count: p._count._all,
      firstDay: p._min.day ? isoDay(p._min.day) : null,
      latestDay: p._max.day ? isoDay(p._max.day) : null,
      latestRate: latest[i]?.rate.toString() ?? null,
    })),
    rates: page.map((r) => ({
      id: r.id,
      from: r.fromCurrency,
      to: r.toCurrency,
      day: isoDay(r.day),
      rate: r.rate.toString(),
      source: r.source,
      updatedAt: r.updatedAt,
    })),
    nextBefore,
    /** 0: a document needs its own day's rate; N: the latest up to N days old will do (the company opted in). */
    maxAgeDays,
    waiting: [...waiting.values()].sort((a, b) => a.day.localeCompare(b.day) || a.from.localeCompare(b.from)),
    waitingDocuments: [...waiting.values()].reduce((n, w) => n + w.count, 0),
    filter: { from: f.from ?? null, to: f.to ?? null, before: f.before ?? null },
  };
}

export type FxRatesView = Awaited<ReturnType<typeof listFxRates>>;
