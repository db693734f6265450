// The daily tie-out: per company, day and kind of document, KashFlow's total converted into Sage 100's currency
// at the rate stored with each document, against what Sage 100 holds for the same documents. Sage 100's figure
// comes from the ledger where the ledger is reliable (the Sage 100 side's record, read back from Sage after the
// write and kept current by Sage's change feed, or Sage's own answer to the write) and from Sage 100 itself
// (findDocument through the agent) where the ledger has nothing, or when a person asks to check now. A day's
// kinds are written in one transaction; a variance not seen before raises the alert hook.
import { db, type Prisma, transaction } from "@/server/db";
import { alertTieOutVariance } from "../alerts";
import type { Sage100Gateway } from "../gateways/sage100";
import { convertMinor, rateAgeOf, rateFor, type UsedRate } from "../mappings/fx";
import { convertDocument } from "../rules/fx-split";
import { loadSyncSettings } from "../settings";
import { changedDays, ledgerDocuments, type LedgerDocument } from "./documents";
import {
  TIE_OUT_KIND_LIST,
  TIE_OUT_KINDS,
  variancesSchema,
  type MissingRate,
  type SageSource,
  type TieOutKind,
  type Variance,
} from "./kinds";
import { isAgentUnavailable, lookUpInSage } from "./sage-lookup";

/** Sage 100 (US/Canada) keeps its books in US dollars unless the company's sync settings say otherwise. */
export const SAGE100_CURRENCY = "USD";
/** A safety bound on the days one run recomputes (ten years of daily documents). */
export const MAX_DAYS_PER_RUN = 3660;

export type TieOutOptions = {
  orgId: string;
  companyId: string;
  /** Days to compute (YYYY-MM-DD) besides the days whose documents changed since the last computation. */
  days?: string[];
  /** Sage 100 through the agent: lookups where the ledger has no figure ("gaps"), for every document ("all"), or none. */
  sage100?: { gateway: Sage100Gateway; verify: "gaps" | "all"; maxLookups?: number; timeoutMs?: number } | null;
  now?: Date;
};

/**
 * KashFlow's total counts only the documents it could convert; a document with no rate (stored with it or entered) is
 * not a variance but a missing rate, and while any is missing the day's KashFlow figure is unknown. varianceMinor is
 * the sum of the documents that do differ (KashFlow's total less Sage 100's when no rate is missing).
 */
export type TieOutKindResult = {
  kind: TieOutKind;
  currency: string;
  kashflowMinor: number;
  sage100Minor: number;
  varianceMinor: number;
  documents: number;
  variances: Variance[];
  missingRates: MissingRate[];
  newVariances: Variance[];
};
export type TieOutDayResult = { day: string; kinds: TieOutKindResult[] };

/** Sage 100's currency (the company's sync settings; US dollars unless set), and how many lookups are left. */
type Budget = { currency: string; left: number; agentDown: boolean; timeoutMs: number; maxAgeDays: number };

/** KashFlow's figure by the one rounding policy (rules/fx-split.ts): an invoice line by line, a payment as one amount. */
const converted = (doc: LedgerDocument, amountMinor: number, rate: UsedRate) =>
  doc.lines ? convertDocument(doc.lines, rate).grossMinor : convertMinor(amountMinor, rate);

async function kashflowConverted(
  companyId: string,
  doc: LedgerDocument,
  day: string,
  to: string,
  maxAgeDays: number,
): Promise<
  { minor: number; rate: string; rateSource: Variance["rateSource"] } | { problem: string } | { missing: MissingRate }
> {
  if (!doc.amount) return { problem: "The KashFlow document's amount cannot be read from the ledger." };
  const from = doc.amount.currency;
  if (from === to) return { minor: doc.amount.amountMinor, rate: "1", rateSource: "same_currency" };
  const stored = doc.storedRate && doc.storedRate.from === from && doc.storedRate.to === to ? doc.storedRate : null;
  // The rate the posting used, stored with it; a document not posted yet by the rate the flow would use.
  if (stored) return { minor: converted(doc, doc.amount.amountMinor, stored), rate: stored.rate, rateSource: "record" };
  const table = await rateFor({ companyId, from, to, day, maxAgeDays });
  if (table) return { minor: converted(doc, doc.amount.amountMinor, table), rate: table.rate, rateSource: "fx_table" };
  return { missing: { from, to, day } };
}

async function sageFigure(
  o: TieOutOptions,
  doc: LedgerDocument,
  budget: Budget,
): Promise<{ minor: number | null; source: SageSource | null; note: string | null }> {
  const ledger = doc.ledger?.minor ?? null;
  const ask =
    o.sage100 && doc.command && !budget.agentDown && budget.left > 0 && (o.sage100.verify === "all" || ledger === null);
  if (ask) {
    budget.left -= 1;
    try {
      const found = await lookUpInSage(o.sage100!.gateway, doc.command!, budget.currency, budget.timeoutMs);
      if (found && !found.found)
        return {
          minor: 0,
          source: "sage100",
          note: `Sage 100 has no document ${doc.counterpartId ?? ""}.`.replace(" .", "."),
        };
      if (found && found.minor !== null) return { minor: found.minor, source: "sage100", note: null };
    } catch (error) {
      if (isAgentUnavailable(error)) budget.agentDown = true;
      else throw error;
    }
  }
  if (ledger !== null) return { minor: ledger, source: "ledger", note: null };
  if (doc.sage?.deleted) return { minor: 0, source: "ledger", note: "Sage 100's document was deleted." };
  return {
    minor: null,
    source: null,
    note: budget.agentDown
      ? "Sage 100 could not be asked (the agent did not answer) and the ledger has no figure."
      : "The ledger has no Sage 100 figure for it.",
  };
}

const NOT_CARRIED: Record<string, string> = {
  PENDING: "Not in Sage 100 yet: waiting to be carried across.",
  HELD: "Not in Sage 100: held for a person.",
  FAILED: "Not in Sage 100 yet: the last attempt failed and will be retried.",
  DEAD: "Not in Sage 100: out of retries.",
};

async function tieOutKind(o: TieOutOptions, day: string, kind: TieOutKind, budget: Budget) {
  const docs = await ledgerDocuments({ companyId: o.companyId, kind, day, sageCurrency: budget.currency });
  let kashflowMinor = 0;
  let sage100Minor = 0;
  const variances: Variance[] = [];
  const missing = new Map<string, MissingRate>();
  for (const doc of docs) {
    // Deleted in KashFlow and not yet reversed in Sage 100: KashFlow holds nothing for it any more.
    const kf = doc.deleted
      ? { minor: 0, rate: null, rateSource: null }
      : await kashflowConverted(o.companyId, doc, day, budget.currency, budget.maxAgeDays);
    if ("missing" in kf) {
      // Unknown, not zero: the day waits for the rate; Sage 100's figure still counts in its own total.
      const key = `${kf.missing.from}-${kf.missing.to}:${kf.missing.day}`;
      missing.set(key, { ...kf.missing, documents: (missing.get(key)?.documents ?? 0) + 1 });
      const carried = doc.status === "SYNCED" || doc.written || Boolean(doc.sage);
      if (carried) sage100Minor += (await sageFigure(o, doc, budget)).minor ?? 0;
      continue;
    }
    const kfMinor = "minor" in kf ? kf.minor : 0;
    kashflowMinor += kfMinor;
    const base = {
      recordId: doc.recordId,
      kashflowId: doc.kashflowId,
      number: doc.number,
      party: doc.party,
      documentCurrency: doc.amount?.currency ?? null,
      documentMinor: doc.amount?.amountMinor ?? null,
      rate: "rate" in kf ? kf.rate : null,
      rateSource: "rateSource" in kf ? kf.rateSource : null,
      kashflowMinor: kfMinor,
      sage100RecordId: doc.sage?.recordId ?? null,
      sage100Key: doc.counterpartId,
      status: doc.status,
    };
    const carried = doc.status === "SYNCED" || doc.written || Boolean(doc.sage);
    if (!carried) {
      variances.push({
        ...base,
        sage100Key: null,
        sage100Minor: 0,
        varianceMinor: kfMinor,
        source: null,
        reason: NOT_CARRIED[doc.status] ?? "Not in Sage 100.",
      });
      continue;
    }
    const sage = await sageFigure(o, doc, budget);
    sage100Minor += sage.minor ?? 0;
    if ("problem" in kf) {
      variances.push({
        ...base,
        sage100Minor: sage.minor,
        varianceMinor: -(sage.minor ?? 0),
        source: sage.source,
        reason: kf.problem,
      });
    } else if (sage.minor === null) {
      variances.push({
        ...base,
        sage100Minor: null,
        varianceMinor: kfMinor,
        source: null,
        reason: sage.note ?? "Sage 100's amount is unknown.",
      });
    } else if (sage.minor !== kfMinor) {
      const reason = doc.deleted
        ? "Deleted in KashFlow; its reversal has not reached Sage 100 yet."
        : doc.status === "HELD" && doc.errorMessage
          ? `Sage 100 has it as first posted; since then it is held: ${doc.errorMessage}`
          : (sage.note ?? "The amounts differ.");
      variances.push({
        ...base,
        sage100Minor: sage.minor,
        varianceMinor: kfMinor - sage.minor,
        source: sage.source,
        reason,
      });
    }
  }
  const varianceMinor = missing.size
    ? variances.reduce((n, v) => n + v.varianceMinor, 0)
    : kashflowMinor - sage100Minor;
  return {
    kind,
    currency: budget.currency,
    kashflowMinor,
    sage100Minor,
    varianceMinor,
    documents: docs.length,
    variances,
    missingRates: [...missing.values()],
  };
}

const varianceKey = (v: Variance) => `${v.kashflowId}|${v.kashflowMinor}|${v.sage100Minor ?? "?"}`;

/** Computes and stores the tie-out of each day; returns what it found, with the variances not stored before. */
export async function computeTieOut(o: TieOutOptions): Promise<TieOutDayResult[]> {
  const now = o.now ?? new Date();
  // Every computation also takes the days changed since the last one: the newest computedAt is the watermark, so
  // no computation may move it past a changed day it did not recompute.
  const last = await db.tieOutDay.aggregate({ where: { companyId: o.companyId }, _max: { computedAt: true } });
  const changed = await changedDays({
    companyId: o.companyId,
    since: last._max.computedAt ?? null,
    limit: MAX_DAYS_PER_RUN,
  });
  const days = [...(o.days ?? []), ...changed];
  const settings = await loadSyncSettings(o.companyId);
  const budget: Budget = {
    currency: settings.sage100.currency,
    maxAgeDays: rateAgeOf(settings),
    left: o.sage100?.maxLookups ?? 200,
    agentDown: false,
    timeoutMs: o.sage100?.timeoutMs ?? 15_000,
  };
  const results: TieOutDayResult[] = [];
  for (const day of [...new Set(days)].sort().reverse()) {
    const kinds: Omit<TieOutKindResult, "newVariances">[] = [];
    for (const kind of TIE_OUT_KIND_LIST) kinds.push(await tieOutKind(o, day, kind, budget));
    const date = new Date(`${day}T00:00:00Z`);
    const stored = await transaction(async (tx) => {
      const before = await tx.tieOutDay.findMany({
        where: { companyId: o.companyId, day: date },
        select: { kind: true, variances: true },
      });
      const seen = new Map(before.map((b) => [b.kind, new Set(variancesSchema.parse(b.variances).map(varianceKey))]));
      const out: TieOutKindResult[] = [];
      for (const k of kinds) {
        if (k.documents === 0) {
          await tx.tieOutDay.deleteMany({ where: { companyId: o.companyId, day: date, kind: k.kind } });
          continue;
        }
        const data = {
          currency: k.currency,
          kashflowMinor: BigInt(k.kashflowMinor),
          sage100Minor: BigInt(k.sage100Minor),
          varianceMinor: BigInt(k.varianceMinor),
          documents: k.documents,
          variances: k.variances as unknown as Prisma.InputJsonValue,
          missingRates: k.missingRates as unknown as Prisma.InputJsonValue,
          computedAt: now,
        };
        await tx.tieOutDay.upsert({
          where: { companyId_day_kind: { companyId: o.companyId, day: date, kind: k.kind } },
          create: { companyId: o.companyId, day: date, kind: k.kind, ...data },
          update: data,
        });
        const old = seen.get(k.kind) ?? new Set<string>();
        out.push({ ...k, newVariances: k.variances.filter((v) => !old.has(varianceKey(v))) });
      }
      return out;
    });
    results.push({ day, kinds: stored });
    for (const k of stored) {
      if (k.newVariances.length === 0) continue;
      await alertTieOutVariance({
        orgId: o.orgId,
        companyId: o.companyId,
        day,
        kind: k.kind,
        label: TIE_OUT_KINDS[k.kind].label,
        currency: k.currency,
        varianceMinor: k.varianceMinor,
        documents: k.variances.length,
        newDocuments: k.newVariances.map((v) => v.number ?? v.kashflowId),
      });
    }
  }
  return results;
}
