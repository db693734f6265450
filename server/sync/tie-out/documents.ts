// The numbers a tie-out compares, read from the ledger: each KashFlow document of a day (its amount, in its own
// currency, and the rate the flow stored with it), and what Sage 100 holds for it as the ledger last read it
// (the Sage 100 side's record, read back from Sage after the write and kept current by Sage's change feed; or
// Sage's own answer to the write). Everything is parsed defensively: a payload the tie-out cannot read becomes a
// listed variance with the reason, never a crash or a silent zero.
import { z } from "zod";
import { db, Prisma } from "@/server/db";
import {
  decimalString,
  decimalToMinor,
  currencyExponent,
  moneySchema,
  toDecimal,
} from "@/server/domain/canonical/money";
import type { SyncSystem } from "@/server/domain/model";
import { TIE_OUT_KINDS, type TieOutKind } from "./kinds";

export type LedgerDocument = {
  recordId: string;
  kashflowId: string;
  number: string | null;
  party: string | null;
  status: string;
  counterpartId: string | null;
  /** Amount in the document's currency (negative for credit notes and refunds); null when unreadable. */
  amount: z.infer<typeof moneySchema> | null;
  /**
   * An invoice's lines (net and VAT, minor units of its currency), which the rounding policy converts one by one;
   * null for payments (one amount) or when unreadable (the total is then converted as one line).
   */
  lines: { netMinor: number; vatMinor: number }[] | null;
  /** The rate the flow stored on the record (document currency → Sage 100 currency), when it stored one. */
  storedRate: UsedRateLike | null;
  /** The command the flow wrote to Sage 100 (the last SYNCED attempt's request), to ask Sage about it again. */
  command: { type: string; payload: Record<string, unknown> } | null;
  errorMessage: string | null;
  /** A flow carried it to Sage 100 at least once (it may be waiting again since, e.g. after a change). */
  written: boolean;
  /** Deleted in KashFlow (kept only while its reversal has not reached Sage 100). */
  deleted: boolean;
  sage: { recordId: string; amount: z.infer<typeof moneySchema> | null; deleted: boolean } | null;
  /** Sage 100's figure as the ledger holds it, and which part of the ledger it came from; null when it has none. */
  ledger: { minor: number; from: "sage_record" | "sage_answer" | "accepted_write" } | null;
};

export const usedRateSchema = z.object({
  from: z.string().regex(/^[A-Z]{3}$/),
  to: z.string().regex(/^[A-Z]{3}$/),
  day: z.string(),
  rate: decimalString,
});
export type UsedRateLike = z.infer<typeof usedRateSchema>;

const money = moneySchema.nullable().catch(null);
const text = z.string().nullable().catch(null);

/** The day a document belongs to, and its amount, per kind (canonical payloads: sales-invoice.ts, purchase-invoice.ts, payment.ts). */
const invoicePayload = z.object({
  number: z.union([z.string(), z.number()]).transform(String).nullable().catch(null),
  customerName: text.optional(),
  supplierName: text.optional(),
  customerCode: text.optional(),
  supplierCode: text.optional(),
  totals: z.object({ gross: money }).nullable().catch(null),
  lines: z
    .array(z.object({ net: moneySchema, tax: z.object({ amount: moneySchema }) }))
    .nullable()
    .catch(null)
    .optional(),
});
const paymentPayload = z.object({
  id: z.union([z.string(), z.number()]).transform(String).nullable().catch(null),
  reference: text.optional(),
  amount: money,
  allocations: z.array(z.object({ documentNumber: z.string().catch("") })).catch([]),
});

export const DAY_FIELD: Record<TieOutKind, string> = {
  sales_invoices: "issueDate",
  purchase_invoices: "issueDate",
  payments: "date",
  supplier_payments: "date",
};

const isPayments = (kind: TieOutKind) => kind === "payments" || kind === "supplier_payments";

function readDocument(
  kind: TieOutKind,
  payload: unknown,
): {
  number: string | null;
  party: string | null;
  amount: z.infer<typeof moneySchema> | null;
  lines: LedgerDocument["lines"];
} {
  if (isPayments(kind)) {
    const p = paymentPayload.safeParse(payload);
    if (!p.success) return { number: null, party: null, amount: null, lines: null };
    const docs = p.data.allocations.map((a) => a.documentNumber).filter(Boolean);
    return {
      number: p.data.reference ?? p.data.id,
      party: docs.length ? `for ${docs.join(", ")}` : null,
      amount: p.data.amount,
      lines: null,
    };
  }
  const p = invoicePayload.safeParse(payload);
  if (!p.success) return { number: null, party: null, amount: null, lines: null };
  const amount = p.data.totals?.gross ?? null;
  // The lines count only when they are the document's: same currency, adding up to its total.
  const lines = (p.data.lines ?? []).map((l) => ({ netMinor: l.net.amountMinor, vatMinor: l.tax.amount.amountMinor }));
  const linesFit =
    amount !== null &&
    lines.length > 0 &&
    (p.data.lines ?? []).every(
      (l) => l.net.currency === amount.currency && l.tax.amount.currency === amount.currency,
    ) &&
    lines.reduce((t, l) => t + l.netMinor + l.vatMinor, 0) === amount.amountMinor;
  return {
    number: p.data.number,
    party: p.data.customerName ?? p.data.supplierName ?? p.data.customerCode ?? p.data.supplierCode ?? null,
    amount,
    lines: linesFit ? lines : null,
  };
}

/** Finds, anywhere in a stored plan or answer (a few levels deep), the rate the flow used: { from, to, day, rate }. */
export function findUsedRate(value: unknown, depth = 0): UsedRateLike | null {
  if (!value || typeof value !== "object" || depth > 5) return null;
  const direct = usedRateSchema.safeParse(value);
  if (direct.success) return direct.data;
  for (const v of Array.isArray(value) ? value : Object.values(value)) {
    const found = findUsedRate(v, depth + 1);
    if (found) return found;
  }
  return null;
}

/** A Sage 100 command ({ type, payload }) anywhere near the top of a stored request. */
export function findCommand(value: unknown, depth = 0): { type: string; payload: Record<string, unknown> } | null {
  if (!value || typeof value !== "object" || Array.isArray(value) || depth > 3) return null;
  const v = value as Record<string, unknown>;
  if (
    typeof v.type === "string" &&
    /^create(ArInvoice|ApInvoice|CashReceipt|ApManualCheck|GlJournal)$/.test(v.type) &&
    v.payload &&
    typeof v.payload === "object"
  )
    return { type: v.type, payload: v.payload as Record<string, unknown> };
  for (const child of Object.values(v)) {
    const found = findCommand(child, depth + 1);
    if (found) return found;
  }
  return null;
}

/** Sage 100's total in its answer to the write (createArInvoice reports totalAmt), in minor units. */
function answeredTotal(response: unknown, currency: string): number | null {
  const found = findNumber(response, "totalAmt");
  if (found === null) return null;
  const d = toDecimal(found);
  return d === null ? null : decimalToMinor(d, currencyExponent(currency));
}

function findNumber(value: unknown, key: string, depth = 0): number | string | null {
  if (!value || typeof value !== "object" || depth > 4) return null;
  const v = value as Record<string, unknown>;
  if (typeof v[key] === "number" || (typeof v[key] === "string" && v[key] !== "")) return v[key] as number | string;
  for (const child of Object.values(v)) {
    const found = findNumber(child, key, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

type Row = {
  id: string;
  externalId: string;
  status: string;
  errorMessage: string | null;
  counterpartId: string | null;
  deleted: boolean;
  payload: unknown;
  written: boolean;
  request: unknown;
  response: unknown;
};

/** A decimal amount of a Sage 100 command ("123.45") in minor units; null when absent or unreadable. */
function commandAmount(command: LedgerDocument["command"], currency: string): number | null {
  const raw = command?.payload.amount;
  const d = typeof raw === "string" || typeof raw === "number" ? toDecimal(raw) : null;
  return d === null ? null : decimalToMinor(d, currencyExponent(currency));
}

/**
 * What Sage 100 holds for a document as the ledger knows it, most reliable first: the Sage 100 side's record (read
 * back from Sage after the write, kept current by Sage's change feed), Sage's own answer to the write (an A/R
 * invoice's total with the tax Sage computed), or the amount of the write Sage accepted (A/P invoices and cash
 * receipts are entered for exactly that amount). Credit memos are signed like KashFlow's credit notes.
 */
function ledgerFigure(
  doc: Omit<LedgerDocument, "ledger">,
  request: unknown,
  response: unknown,
  currency: string,
): LedgerDocument["ledger"] {
  if (doc.sage && !doc.sage.deleted && doc.sage.amount?.currency === currency)
    return { minor: doc.sage.amount.amountMinor, from: "sage_record" };
  const creditMemo = doc.command?.payload.invoiceType === "CM";
  const answered = answeredTotal(response, currency);
  if (answered !== null) return { minor: creditMemo && answered > 0 ? -answered : answered, from: "sage_answer" };
  const written = doc.status === "SYNCED" || doc.deleted ? commandAmount(doc.command, currency) : null;
  if (written !== null) return { minor: creditMemo && written > 0 ? -written : written, from: "accepted_write" };
  // A document found already in Sage 100 and linked rather than written again ("adopt"): the row Sage showed.
  const adopted =
    doc.status === "SYNCED" ? (findNumber(request, "PostingAmt") ?? findNumber(request, "CheckAmt")) : null;
  const d = adopted === null ? null : toDecimal(adopted);
  if (d !== null) return { minor: decimalToMinor(d, currencyExponent(currency)), from: "sage_answer" };
  return null;
}

/**
 * Every KashFlow document of `kind` dated `day`, with its Sage 100 side as the ledger holds it. Left out: documents
 * deliberately not carried (SKIPPED), and documents deleted in KashFlow whose reversal Sage 100 has (their record is
 * settled again). A deleted document whose reversal has not reached Sage 100 is kept: KashFlow has nothing, Sage
 * still has the original.
 */
export async function ledgerDocuments(o: {
  companyId: string;
  kind: TieOutKind;
  day: string;
  sageCurrency: string;
}): Promise<LedgerDocument[]> {
  const spec: { model: string; document?: string } = TIE_OUT_KINDS[o.kind];
  const model = spec.model;
  const document = spec.document ?? null;
  const dayField = DAY_FIELD[o.kind];
  // The attempt that wrote the document (its request names a create command), else the latest that settled it.
  const rows = await db.$queryRaw<Row[]>`
    SELECT r."id", r."externalId", r."status"::text AS "status", r."errorMessage", r."counterpartId", (r."deletedAt" IS NOT NULL) AS "deleted", r."payload",
           (a."request" IS NOT NULL) AS "written", a."request", a."response"
    FROM "SyncRecord" r
    LEFT JOIN LATERAL (
      SELECT "request", "response" FROM "SyncAttempt"
      WHERE "recordId" = r."id" AND "outcome" = 'SYNCED'
      ORDER BY ("request"::text LIKE '%"type": "create%') DESC, "startedAt" DESC, "id" DESC LIMIT 1
    ) a ON true
    WHERE r."companyId" = ${o.companyId} AND r."system" = ${"KASHFLOW"}::"SyncSystem" AND r."model" = ${model}
      AND r."status" <> 'SKIPPED'::"SyncRecordStatus"
      AND (r."deletedAt" IS NULL OR (r."status" <> 'SYNCED'::"SyncRecordStatus" AND r."counterpartId" IS NOT NULL AND a."request" IS NOT NULL))
      AND (r."payload"->>${dayField}) = ${o.day}
      AND (${document}::text IS NULL OR r."payload"->'document'->>'kind' = ${document})
    ORDER BY r."externalId"`;
  const counterparts = rows.map((r) => r.counterpartId).filter((k): k is string => Boolean(k));
  const sageRows = counterparts.length
    ? await db.syncRecord.findMany({
        where: {
          companyId: o.companyId,
          system: "SAGE100" satisfies SyncSystem,
          model,
          externalId: { in: counterparts },
        },
        select: { id: true, externalId: true, payload: true, deletedAt: true },
      })
    : [];
  const sageByKey = new Map(sageRows.map((s) => [s.externalId, s]));
  return rows.map((r) => {
    const doc = readDocument(o.kind, r.payload);
    const sage = r.counterpartId ? sageByKey.get(r.counterpartId) : undefined;
    const base = {
      recordId: r.id,
      kashflowId: r.externalId,
      number: doc.number,
      party: doc.party,
      status: r.status,
      errorMessage: r.errorMessage,
      written: r.written,
      deleted: r.deleted,
      counterpartId: r.counterpartId,
      amount: doc.amount,
      lines: doc.lines,
      storedRate: findUsedRate(r.request) ?? findUsedRate(r.response),
      command: findCommand(r.request),
      sage: sage
        ? { recordId: sage.id, amount: readDocument(o.kind, sage.payload).amount, deleted: Boolean(sage.deletedAt) }
        : null,
    };
    return { ...base, ledger: ledgerFigure(base, r.request, r.response, o.sageCurrency) };
  });
}

/**
 * Days with documents of any kind that changed in the ledger after `since` (either side), newest first. A change is
 * a record first seen, deleted at its source, or handled by a flow (an attempt finished): the ledger's updatedAt
 * also moves whenever a sweep merely sees a record again, so it would make every day look changed.
 */
export async function changedDays(o: { companyId: string; since: Date | null; limit: number }): Promise<string[]> {
  const since = o.since ?? new Date(0);
  const models = Prisma.join(Object.values(TIE_OUT_KINDS).map((k) => k.model));
  // An attempt finishing after `since` started at most a lease (5 minutes) earlier; the margin keeps the index usable.
  const startedAfter = new Date(since.getTime() - 60 * 60_000);
  const rows = await db.$queryRaw<{ day: string }[]>`
    WITH touched AS (
      SELECT r."payload" FROM "SyncRecord" r
      WHERE r."companyId" = ${o.companyId} AND r."model" IN (${models}) AND (r."createdAt" > ${since} OR r."deletedAt" > ${since})
      UNION ALL
      SELECT r."payload" FROM "SyncRecord" r
      WHERE r."id" IN (
        SELECT a."recordId" FROM "SyncAttempt" a
        WHERE a."companyId" = ${o.companyId} AND a."startedAt" > ${startedAfter} AND a."finishedAt" > ${since}
      ) AND r."model" IN (${models})
    )
    SELECT DISTINCT COALESCE("payload"->>'issueDate', "payload"->>'date') AS day FROM touched
    WHERE COALESCE("payload"->>'issueDate', "payload"->>'date') ~ '^\\d{4}-\\d{2}-\\d{2}$'
    ORDER BY day DESC
    LIMIT ${o.limit}`;
  return rows.map((r) => r.day);
}
