// First-connect matches a person must choose: the KashFlow record and the Sage 100 candidates, with what the ledger
// knows of each (code, postcode, email), oldest first.
import { z } from "zod";
import { db } from "@/server/db";
import { requireSyncCompany, type SyncScope } from "./company-scope";

export const REVIEWS_SHOWN = 20;

const candidatesSchema = z
  .array(
    z
      .object({ sage100Key: z.string(), name: z.string().nullish(), reason: z.string().nullish() })
      .loose()
      .catch({ sage100Key: "?", name: null, reason: "unreadable candidate" }),
  )
  .catch([]);

export type RecordSummary = { id: string | null; name: string | null; facts: string[] };

/** The few facts that tell two parties or products apart, from a canonical payload. */
export function summarise(payload: unknown): Omit<RecordSummary, "id"> {
  const p = (payload && typeof payload === "object" ? payload : {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : null);
  const address = p.billingAddress as { postCode?: unknown; lines?: unknown } | null | undefined;
  const contacts = Array.isArray(p.contacts) ? (p.contacts as { email?: unknown; phone?: unknown }[]) : [];
  const facts = [
    str(p.code) && `code ${str(p.code)}`,
    str(address?.postCode) && `postcode ${str(address?.postCode)}`,
    str(contacts.find((c) => str(c.email))?.email),
    str(contacts.find((c) => str(c.phone))?.phone),
    str(p.unitPrice) && `price ${str(p.unitPrice)}`,
  ].filter((f): f is string => Boolean(f));
  return { name: str(p.name), facts };
}

export async function listMatchReviews(scope: SyncScope & { limit?: number }) {
  await requireSyncCompany(scope);
  const { companyId } = scope;
  const where = { companyId, resolvedAt: null };
  const [total, reviews] = await Promise.all([
    db.matchReview.count({ where }),
    db.matchReview.findMany({
      where,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: scope.limit ?? REVIEWS_SHOWN,
    }),
  ]);
  const parsed = reviews.map((r) => ({ ...r, candidates: candidatesSchema.parse(r.candidates) }));
  const kashflowIds = parsed.map((r) => ({ model: r.model, externalId: r.kashflowId }));
  const sageKeys = parsed.flatMap((r) => r.candidates.map((c) => ({ model: r.model, externalId: c.sage100Key })));
  const [kfRows, sageRows] = await Promise.all([
    kashflowIds.length
      ? db.syncRecord.findMany({
          where: { companyId, system: "KASHFLOW", OR: kashflowIds },
          select: { id: true, model: true, externalId: true, payload: true },
        })
      : [],
    sageKeys.length
      ? db.syncRecord.findMany({
          where: { companyId, system: "SAGE100", OR: sageKeys },
          select: { id: true, model: true, externalId: true, payload: true },
        })
      : [],
  ]);
  const key = (model: string, externalId: string) => `${model}|${externalId}`;
  const kf = new Map(kfRows.map((r) => [key(r.model, r.externalId), r]));
  const sage = new Map(sageRows.map((r) => [key(r.model, r.externalId), r]));
  return {
    total,
    reviews: parsed.map((r) => {
      const own = kf.get(key(r.model, r.kashflowId));
      return {
        id: r.id,
        model: r.model,
        kashflowId: r.kashflowId,
        createdAt: r.createdAt,
        kashflow: { id: own?.id ?? null, ...summarise(own?.payload) },
        candidates: r.candidates.map((c) => {
          const row = sage.get(key(r.model, c.sage100Key));
          const s = summarise(row?.payload);
          return {
            sage100Key: c.sage100Key,
            reason: c.reason ?? null,
            recordId: row?.id ?? null,
            name: c.name ?? s.name,
            facts: s.facts,
          };
        }),
      };
    }),
  };
}

export type MatchReviewList = Awaited<ReturnType<typeof listMatchReviews>>;
