// Detect for KashFlow documents (purchases, invoices) and what hangs off them (payments). KashFlow lists have no
// modified-since filter (spec §9), so every run pages the summaries, as production integrators do, and reads the
// full document only when its summary moved (last update, totals, amount paid). Each record keeps that summary
// token under `source.updatedAt`, which the ledger's hash ignores; a complete list lets missing records count as
// deleted after the company's grace window.
import type { Page } from "@/server/integrations/kashflow/paging";
import { listAll, mapConcurrent } from "@/server/integrations/kashflow/paging";
import { db } from "@/server/db";
import type { DetectSummary } from "../engine/flow";
import type { FlowRun } from "../engine/flow-run";
import { invalidPayload, observeRecords, type ObservedRecord } from "../ledger/observe";
import { closeCompleteSweep } from "../ledger/sweep";
import type { ModelName } from "@/server/domain/model";

/** Where a record came from: its document ("purchase:12") and that document's summary token (hash-free). */
export type SourceMark = { key: string; updatedAt: string };

export type DocumentSummary = {
  Number: number;
  LastUpdatedDate?: string | null;
  GrossAmount?: string | null;
  TotalPaidAmount?: string | null;
  NetAmount?: string | null;
  IssuedDate?: string | null;
};

/** What moves when a document or its payments change; the status (overdue) is left out: it moves by itself. */
export const summaryToken = (s: DocumentSummary): string =>
  [s.LastUpdatedDate ?? "", s.IssuedDate ?? "", s.NetAmount ?? "", s.GrossAmount ?? "", s.TotalPaidAmount ?? ""].join(
    "|",
  );

const DETAIL_CONCURRENCY = 6;
const TOUCH_CHUNK = 1000;

type Known = { externalId: string; doc: string | null; token: string | null };

async function knownRecords(ctx: FlowRun, model: ModelName): Promise<Known[]> {
  return db.$queryRaw<Known[]>`
    SELECT "externalId", "payload"->'source'->>'key' AS "doc", "payload"->'source'->>'updatedAt' AS "token"
    FROM "SyncRecord"
    WHERE "companyId" = ${ctx.companyId} AND "system" = 'KASHFLOW'::"SyncSystem" AND "model" = ${model} AND "deletedAt" IS NULL`;
}

export async function sweepKashflowDocuments<S extends DocumentSummary, D>(
  ctx: FlowRun,
  o: {
    model: ModelName;
    /** "purchase" / "invoice": the prefix of each record's source key. */
    kind: string;
    pages: () => AsyncIterable<Page<S>>;
    /** Documents worth reading when they have no records yet (payments: only documents with money paid). */
    wanted?: (s: S) => boolean;
    detail: (number: number) => Promise<D>;
    /** The records of one document, each with `source` set; a document the mapper cannot read is recorded held. */
    toRecords: (doc: D, source: SourceMark) => ObservedRecord[];
    /** The ledger key under which an unreadable document is held (default: its number). */
    unreadableId?: (number: number) => string;
    /**
     * Several lists feeding one model (payments of invoices and of purchases) share one start and close the sweep
     * once, after the last of them; alone, a list closes its own sweep.
     */
    sweep?: { startedAt: Date; close: boolean };
    /** Documents issued before this day are not Ledgerlink's to carry (never read, never recorded). */
    since?: string | null;
  },
): Promise<DetectSummary> {
  const startedAt = o.sweep?.startedAt ?? new Date();
  const listed = await listAll(o.pages(), (s) => String(s.Number));
  const known = await knownRecords(ctx, o.model);
  const byDoc = new Map<string, Known[]>();
  for (const k of known) if (k.doc) byDoc.set(k.doc, [...(byDoc.get(k.doc) ?? []), k]);

  const toRead: { summary: S; source: SourceMark }[] = [];
  const untouched: string[] = [];
  for (const s of listed.records) {
    if (o.since && s.IssuedDate && s.IssuedDate.slice(0, 10) < o.since) continue;
    const source = { key: `${o.kind}:${s.Number}`, updatedAt: summaryToken(s) };
    const mine = byDoc.get(source.key) ?? [];
    if (mine.length > 0 && mine.every((k) => k.token === source.updatedAt))
      untouched.push(...mine.map((k) => k.externalId));
    else if (mine.length > 0 || (o.wanted?.(s) ?? true)) toRead.push({ summary: s, source });
  }

  const records = (
    await mapConcurrent(toRead, DETAIL_CONCURRENCY, async ({ summary, source }): Promise<ObservedRecord[]> => {
      // KashFlow unreachable ends the run (tried again next time); a document the mappers cannot read is recorded held.
      const doc = await o.detail(summary.Number);
      try {
        return o.toRecords(doc, source);
      } catch (error) {
        const fieldErrors = (error as { fieldErrors?: Record<string, string[]> }).fieldErrors ?? {};
        const [field, messages] = Object.entries(fieldErrors)[0] ?? [
          "(record)",
          [error instanceof Error ? error.message : String(error)],
        ];
        return [
          {
            externalId: o.unreadableId?.(summary.Number) ?? String(summary.Number),
            payload: { ...invalidPayload(field, messages[0] ?? "cannot be read", summary), source },
          },
        ];
      }
    })
  ).flat();

  const seen = await observeRecords({
    companyId: ctx.companyId,
    system: "KASHFLOW",
    model: o.model,
    records,
    seenAt: startedAt,
  });
  // Documents whose summary did not move: their records were seen too (one cheap update, no detail read).
  for (let i = 0; i < untouched.length; i += TOUCH_CHUNK) {
    await db.syncRecord.updateMany({
      where: {
        companyId: ctx.companyId,
        system: "KASHFLOW",
        model: o.model,
        externalId: { in: untouched.slice(i, i + TOUCH_CHUNK) },
      },
      data: { lastSeenAt: startedAt, missingSince: null, missingSweeps: 0 },
    });
  }
  const gone =
    listed.complete && (o.sweep?.close ?? true)
      ? await closeCompleteSweep({
          companyId: ctx.companyId,
          system: "KASHFLOW",
          model: o.model,
          sweepStartedAt: startedAt,
          grace: { sweeps: ctx.settings.deletionGraceSweeps },
        })
      : { deleted: 0 };
  return { ...seen, unchanged: seen.unchanged + untouched.length, deleted: gone.deleted, complete: listed.complete };
}
