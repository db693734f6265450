// The tie-out screens: recent days (per kind KashFlow's total, Sage 100's, the variance and how many documents
// differ), one day's variances by document with both ledger records, and recomputing a day (optionally asking
// Sage 100 itself about every document).
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { db } from "@/server/db";
import { recordAudit } from "@/server/services/audit";
import { requireSyncCompany, type SyncScope } from "@/server/services/sync/company-scope";
import { sage100Gateway } from "@/server/sync/gateways/sage100";
import { computeTieOut } from "@/server/sync/tie-out/compute";
import {
  missingRatesSchema,
  TIE_OUT_KIND_LIST,
  TIE_OUT_KINDS,
  variancesSchema,
  type MissingRate,
  type TieOutKind,
  type TieOutState,
} from "@/server/sync/tie-out/kinds";

export const tieOutDay = z.iso.date({ message: "Use a date such as 2026-11-20." });
export const TIE_OUT_DAYS_PER_PAGE = 14;

export const tieOutListInput = z.object({
  /** Days before this one (the next, older page). */
  before: tieOutDay.optional(),
  days: z.number().int().min(1).max(92).default(TIE_OUT_DAYS_PER_PAGE),
});

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const kindOrder = (k: string) => TIE_OUT_KIND_LIST.indexOf(k as TieOutKind);
const labelOf = (k: string) => TIE_OUT_KINDS[k as TieOutKind]?.label ?? k;

type Row = {
  kind: string;
  day: Date;
  currency: string;
  kashflowMinor: bigint;
  sage100Minor: bigint;
  varianceMinor: bigint;
  documents: number;
  variances: unknown;
  missingRates: unknown;
  computedAt: Date;
};

/**
 * One kind of one day. While a rate is missing KashFlow's figure and the variance are unknown (null, never 0.00):
 * the documents that do differ are still listed.
 */
function kindView(r: Row) {
  const variances = variancesSchema.parse(r.variances);
  const missingRates = missingRatesSchema.parse(r.missingRates);
  const state: TieOutState = missingRates.length
    ? "rate_missing"
    : r.varianceMinor !== 0n || variances.length > 0
      ? "variance"
      : "ties_out";
  const unknown = state === "rate_missing";
  return {
    kind: r.kind,
    label: labelOf(r.kind),
    currency: r.currency,
    state,
    kashflowMinor: unknown ? null : Number(r.kashflowMinor),
    sage100Minor: Number(r.sage100Minor),
    varianceMinor: unknown ? null : Number(r.varianceMinor),
    documents: r.documents,
    varianceCount: variances.length,
    missingRates,
    computedAt: r.computedAt,
    variances,
  };
}

/** A day is as bad as its worst kind: a missing rate first (its figures are unknown), then a variance. */
function dayState(kinds: { state: TieOutState }[]): TieOutState {
  return kinds.some((k) => k.state === "rate_missing")
    ? "rate_missing"
    : kinds.some((k) => k.state === "variance")
      ? "variance"
      : "ties_out";
}

function dayMissingRates(kinds: { missingRates: MissingRate[] }[]): MissingRate[] {
  const out = new Map<string, MissingRate>();
  for (const r of kinds.flatMap((k) => k.missingRates)) {
    const key = `${r.from}-${r.to}:${r.day}`;
    out.set(key, { ...r, documents: (out.get(key)?.documents ?? 0) + (r.documents ?? 1) });
  }
  return [...out.values()];
}

export async function listTieOutDays(o: SyncScope & { before?: string; days?: number }) {
  await requireSyncCompany(o);
  const input = tieOutListInput.parse({ before: o.before, days: o.days });
  const dayRows = await db.tieOutDay.findMany({
    where: { companyId: o.companyId, ...(input.before ? { day: { lt: new Date(`${input.before}T00:00:00Z`) } } : {}) },
    distinct: ["day"],
    orderBy: { day: "desc" },
    take: input.days + 1,
    select: { day: true },
  });
  const pageDays = dayRows.slice(0, input.days).map((d) => d.day);
  const [rows, openDays, rateDays, last] = await Promise.all([
    pageDays.length
      ? db.tieOutDay.findMany({ where: { companyId: o.companyId, day: { in: pageDays } }, orderBy: [{ day: "desc" }] })
      : [],
    // Documents that do differ (a day waiting for a rate is listed apart: its figures are unknown, not a variance).
    db.tieOutDay.findMany({
      where: { companyId: o.companyId, OR: [{ varianceMinor: { not: 0n } }, { NOT: { variances: { equals: [] } } }] },
      distinct: ["day"],
      orderBy: { day: "desc" },
      take: 100,
      select: { day: true },
    }),
    db.tieOutDay.findMany({
      where: { companyId: o.companyId, NOT: { missingRates: { equals: [] } } },
      distinct: ["day"],
      orderBy: { day: "desc" },
      take: 100,
      select: { day: true },
    }),
    db.tieOutDay.aggregate({ where: { companyId: o.companyId }, _max: { computedAt: true } }),
  ]);
  const byDay = new Map<string, ReturnType<typeof kindView>[]>();
  for (const r of rows) {
    const list = byDay.get(isoDay(r.day)) ?? [];
    list.push(kindView(r));
    byDay.set(isoDay(r.day), list);
  }
  const days = pageDays.map((d) => {
    const kinds = (byDay.get(isoDay(d)) ?? [])
      .sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind))
      .map(({ variances: _v, ...k }) => k);
    const state = dayState(kinds);
    return {
      day: isoDay(d),
      kinds,
      state,
      missingRates: dayMissingRates(kinds),
      varianceCount: kinds.reduce((n, k) => n + k.varianceCount, 0),
      tiesOut: state === "ties_out",
    };
  });
  return {
    days,
    nextBefore: dayRows.length > input.days ? days[days.length - 1]!.day : null,
    daysWithVariance: openDays.map((d) => isoDay(d.day)),
    daysWithMissingRates: rateDays.map((d) => isoDay(d.day)),
    lastComputedAt: last._max.computedAt ?? null,
  };
}

export async function getTieOutDay(o: SyncScope & { day: string }) {
  await requireSyncCompany(o);
  const day = tieOutDay.safeParse(o.day);
  if (!day.success) throw AppError.field("day", "Use a date such as 2026-11-20.");
  // A day never computed (or with no documents) has no rows: shown as such, with Recompute.
  const rows = await db.tieOutDay.findMany({
    where: { companyId: o.companyId, day: new Date(`${day.data}T00:00:00Z`) },
  });
  const kinds = rows.map(kindView).sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind));
  return {
    day: day.data,
    kinds,
    state: kinds.length ? dayState(kinds) : null,
    missingRates: dayMissingRates(kinds),
    varianceCount: kinds.reduce((n, k) => n + k.varianceCount, 0),
  };
}

export const recomputeInput = z.object({ day: tieOutDay, askSage100: z.boolean().default(false) });

/** Recomputes one day now (and any day changed since the last tie-out); asking Sage 100 about every document when chosen. */
export async function recomputeTieOutDay(o: SyncScope & { userId: string; day: string; askSage100?: boolean }) {
  await requireSyncCompany(o);
  const input = recomputeInput.safeParse({ day: o.day, askSage100: o.askSage100 });
  if (!input.success) throw AppError.field("day", "Use a date such as 2026-11-20.");
  const { day, askSage100 } = input.data;
  const results = await computeTieOut({
    orgId: o.orgId,
    companyId: o.companyId,
    days: [day],
    sage100: {
      gateway: sage100Gateway({ orgId: o.orgId, companyId: o.companyId }),
      verify: askSage100 ? "all" : "gaps",
      maxLookups: askSage100 ? 500 : 50,
      timeoutMs: 10_000,
    },
  });
  const mine = results.find((r) => r.day === day);
  const varianceCount = mine?.kinds.reduce((n, k) => n + k.variances.length, 0) ?? 0;
  const documents = mine?.kinds.reduce((n, k) => n + k.documents, 0) ?? 0;
  await recordAudit(db, {
    orgId: o.orgId,
    companyId: o.companyId,
    actorUserId: o.userId,
    action: "sync.tie_out_recomputed",
    targetType: "TieOutDay",
    targetId: day,
    details: { day, askSage100, documents, variances: varianceCount },
  });
  return { day, documents, varianceCount, otherDays: results.filter((r) => r.day !== day).length };
}

export type TieOutDaysView = Awaited<ReturnType<typeof listTieOutDays>>;
export type TieOutDayView = Awaited<ReturnType<typeof getTieOutDay>>;
