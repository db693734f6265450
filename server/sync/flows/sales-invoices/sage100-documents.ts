// The Sage 100 side of a carried sales invoice, kept as its own ledger row (system SAGE100, model sales_invoice,
// keyed by the counterpart): what was written (number, type, customer, date, lines and total in dollars, the rate
// used, the KashFlow fingerprint it was made from), what happened to it since (removed or reversed). The flow reads
// it to tell a payment-only change from an edit, to reverse exactly what was posted, and the tie-out reads its total.
import { z } from "zod";
import { newId } from "@/lib/ids";
import { db, Prisma } from "@/server/db";
import { moneySchema } from "@/server/domain/canonical/money";
import type { FlowRun } from "../../engine/flow-run";
import { hashPayload } from "../../ledger/observe";
import { usedRateSchema } from "../../tie-out/documents";
import { postingLineSchema } from "./posting";

export const sageSalesDocumentSchema = z.object({
  kind: z.literal("sage100_sales_document"),
  mode: z.enum(["detail", "summary"]),
  /** The ledger key (the KashFlow record's counterpartId). */
  key: z.string(),
  /** Sage's document number (A/R invoice number, or the summary journal's reference). */
  number: z.string(),
  invoiceType: z.enum(["IN", "CM", "DM"]).nullable(),
  /** Summary mode: the journal's ledger id ("sales-summary:2025-03-14:1"). */
  journal: z.string().nullable(),
  customer: z.string().nullable(),
  date: z.string(),
  batchNo: z.string().nullable(),
  source: z.object({ number: z.string(), fingerprint: z.string(), currency: z.string(), issueDate: z.string() }),
  /** Signed like KashFlow's (a credit memo negative), in Sage 100's currency. */
  totals: z.object({ gross: moneySchema }),
  fx: usedRateSchema.nullable(),
  lines: z.array(postingLineSchema),
  /** Set once the KashFlow document was deleted: taken out of data entry, or reversed by this document. */
  voided: z
    .object({
      how: z.enum(["removed", "reversed"]),
      number: z.string().nullable(),
      invoiceType: z.string().nullable(),
      journal: z.string().nullable(),
      date: z.string(),
    })
    .nullable(),
});
export type SageSalesDocument = z.infer<typeof sageSalesDocumentSchema>;

const where = (ctx: FlowRun, key: string) => ({
  companyId_system_model_externalId: {
    companyId: ctx.companyId,
    system: "SAGE100" as const,
    model: "sales_invoice",
    externalId: key,
  },
});

export async function readSageDocument(ctx: FlowRun, key: string): Promise<SageSalesDocument | null> {
  const row = await db.syncRecord.findUnique({ where: where(ctx, key), select: { payload: true } });
  const parsed = sageSalesDocumentSchema.safeParse(row?.payload);
  return parsed.success ? parsed.data : null;
}

/** Written right after Sage 100 took the document (before the KashFlow record is marked), so a re-run sees it. */
export async function saveSageDocument(ctx: FlowRun, doc: SageSalesDocument): Promise<void> {
  const payload = doc as unknown as Prisma.InputJsonValue;
  const hash = hashPayload(doc);
  await db.syncRecord.upsert({
    where: where(ctx, doc.key),
    create: {
      companyId: ctx.companyId,
      system: "SAGE100",
      model: "sales_invoice",
      externalId: doc.key,
      contentHash: hash,
      syncedHash: hash,
      payload,
      status: "SYNCED",
      counterpartId: doc.source.number,
      lastSeenAt: new Date(),
    },
    update: {
      contentHash: hash,
      syncedHash: hash,
      payload,
      status: "SYNCED",
      counterpartId: doc.source.number,
      lastSeenAt: new Date(),
      deletedAt: null,
    },
  });
}

/**
 * Several at once (a batch's entries), after Sage 100 took them: one multi-row upsert, the documents as JSON text
 * (one document per key: the last one given).
 */
export async function saveSageDocuments(ctx: FlowRun, docs: readonly SageSalesDocument[]): Promise<void> {
  if (docs.length === 0) return;
  if (docs.length === 1) return saveSageDocument(ctx, docs[0]!);
  const now = new Date().toISOString();
  const byKey = new Map(docs.map((doc) => [doc.key, doc]));
  const values = [...byKey.values()].map((doc) => {
    const hash = hashPayload(doc);
    return Prisma.sql`(${newId()}, ${ctx.companyId}, 'SAGE100'::"SyncSystem", 'sales_invoice', ${doc.key}, ${hash}, ${hash}, ${JSON.stringify(doc)}::jsonb, 'SYNCED'::"SyncRecordStatus", ${doc.source.number}, ${now}::timestamp(3), ${now}::timestamp(3), ${now}::timestamp(3))`;
  });
  await db.$executeRaw`
    INSERT INTO "SyncRecord" ("id", "companyId", "system", "model", "externalId", "contentHash", "syncedHash", "payload", "status", "counterpartId", "lastSeenAt", "createdAt", "updatedAt")
    VALUES ${Prisma.join(values)}
    ON CONFLICT ("companyId", "system", "model", "externalId") DO UPDATE SET
      "contentHash" = EXCLUDED."contentHash", "syncedHash" = EXCLUDED."syncedHash", "payload" = EXCLUDED."payload", "status" = EXCLUDED."status",
      "counterpartId" = EXCLUDED."counterpartId", "lastSeenAt" = EXCLUDED."lastSeenAt", "deletedAt" = NULL, "updatedAt" = EXCLUDED."updatedAt"`;
}
