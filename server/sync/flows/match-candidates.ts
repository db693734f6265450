// Finding records in the other system's ledger rows that may be the same as the one we are about to create: rows
// not linked and not reserved by another record, filtered in SQL by the normalised code, name or email (the same
// normalisation as rules/matching.ts), then scored by matchRecord.
import { db, Prisma } from "@/server/db";
import type { FlowContext } from "../engine/flow";
import type { ModelName, SyncSystem } from "../model";
import { normaliseCode, normaliseEmail, normaliseName, type MatchCandidate, type MatchSubject } from "../rules/matching";

type CandidatePayload = { code?: string; name?: string; billingAddress?: { postCode?: string | null } | null; contacts?: { email?: string | null }[] };
export type LedgerCandidate = MatchCandidate & { status: string };

export async function unlinkedCandidates(
  ctx: FlowContext,
  o: { system: SyncSystem; model: ModelName; selfId: string; subject: MatchSubject },
): Promise<LedgerCandidate[]> {
  const other: SyncSystem = o.system === "SAGE100" ? "KASHFLOW" : "SAGE100";
  const linkColumn = o.system === "SAGE100" ? Prisma.sql`l."sage100Key"` : Prisma.sql`l."kashflowId"`;
  const code = normaliseCode(o.subject.code);
  const name = normaliseName(o.subject.name);
  const emails = o.subject.emails.map(normaliseEmail).filter(Boolean);
  const rows = await db.$queryRaw<Array<{ externalId: string; status: string; payload: CandidatePayload }>>`
    SELECT r."externalId", r.status::text AS status, r.payload FROM "SyncRecord" r
    WHERE r."companyId" = ${ctx.companyId} AND r.system::text = ${o.system} AND r.model = ${o.model} AND r."deletedAt" IS NULL
      AND NOT EXISTS (SELECT 1 FROM "EntityLink" l WHERE l."companyId" = r."companyId" AND l.model = r.model AND ${linkColumn} = r."externalId")
      AND NOT EXISTS (SELECT 1 FROM "SyncRecord" o WHERE o."companyId" = r."companyId" AND o.system::text = ${other} AND o.model = r.model
                      AND o."counterpartId" = r."externalId" AND o.id <> ${o.selfId})
      AND (
        (${code} <> '' AND upper(regexp_replace(coalesce(r.payload->>'code', ''), '[^A-Za-z0-9]', '', 'g')) = ${code})
        OR (${name} <> '' AND lower(regexp_replace(replace(coalesce(r.payload->>'name', ''), '&', 'and'), '[^A-Za-z0-9]', '', 'g')) = ${name})
        OR (jsonb_typeof(r.payload->'contacts') = 'array' AND EXISTS (
              SELECT 1 FROM jsonb_array_elements(r.payload->'contacts') c WHERE lower(trim(coalesce(c->>'email', ''))) = ANY(${emails}::text[])))
      )
    ORDER BY r."externalId"
    LIMIT 50`;
  return rows.map((r) => ({
    key: r.externalId,
    status: r.status,
    code: r.payload.code ?? "",
    name: r.payload.name ?? "",
    postCode: r.payload.billingAddress?.postCode ?? null,
    emails: (r.payload.contacts ?? []).map((c) => c.email ?? "").filter(Boolean),
  }));
}
