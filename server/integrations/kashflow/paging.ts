// Paging (§3.4): follow NextPageUrl (absolute or relative) through the MetaData envelope, accept bare arrays,
// parse every row, and dedupe by key because pages can reorder between requests (§10.2).
import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { ClientCore } from "./client-core";
import { schemaError } from "./errors";
import type { Query } from "./http";
import { pageMetaSchema, type KfPageMeta } from "./schemas/common";

export type ListSpec = {
  path: string;
  query?: Query;
  /** For messages: "the invoice list". */
  subject: string;
  /** For messages about one row: "an invoice". */
  rowLabel: string;
  perPage?: number;
  /** Stop after this many pages (a runaway server must not page forever). */
  maxPages?: number;
};

export type Page<T> = { rows: T[]; pageNumber: number; totalRecords: number | null; isLast: boolean };

/** The rows and MetaData of a paged envelope, or a bare array (no MetaData). */
export function readEnvelope(
  body: unknown,
): { rows: unknown[]; meta: KfPageMeta | null; metaError?: z.ZodError } | null {
  if (Array.isArray(body)) return { rows: body, meta: null };
  if (!body || typeof body !== "object") return body === null ? { rows: [], meta: null } : null;
  const o = body as Record<string, unknown>;
  const key = (name: string) => Object.keys(o).find((k) => k.toLowerCase() === name);
  const dataKey = key("data");
  const metaKey = key("metadata");
  if (!dataKey) return null;
  const data = o[dataKey];
  if (data !== null && !Array.isArray(data)) return null;
  const rows = (data as unknown[] | null) ?? [];
  if (!metaKey || o[metaKey] == null) return { rows, meta: null };
  const meta = pageMetaSchema.safeParse(o[metaKey]);
  return meta.success ? { rows, meta: meta.data } : { rows, meta: null, metaError: meta.error };
}

/** Parses each row; a row that does not fit fails the whole list (never a silently dropped record). */
export function parseRows<T>(
  rows: unknown[],
  schema: z.ZodType<T>,
  ctx: { action: string; subject: string },
  rowLabel: string,
): T[] {
  const out: T[] = [];
  for (let i = 0; i < rows.length; i++) {
    const parsed = schema.safeParse(rows[i]);
    if (parsed.success) {
      out.push(parsed.data);
      continue;
    }
    const raw = rows[i] as Record<string, unknown> | null;
    const id = raw && typeof raw === "object" ? (raw.Number ?? raw.Code ?? raw.Id) : undefined;
    throw schemaError(ctx, parsed.error, `${rowLabel}${id !== undefined ? ` (${String(id)})` : ` (row ${i + 1})`}`);
  }
  return out;
}

export async function* fetchPages<T>(core: ClientCore, spec: ListSpec, schema: z.ZodType<T>): AsyncGenerator<Page<T>> {
  const perPage = spec.perPage ?? core.behaviour.perPage;
  // KashFlow caps perpage at 100 unless told to skip the check (§3.4).
  const skip = core.behaviour.skipPerPageValidation || perPage > 100;
  const pagingParams = { perpage: perPage, ...(skip ? { skipperpagevalidation: true } : {}) };
  const maxPages = spec.maxPages ?? 100_000;
  let path = spec.path;
  let query: Query | undefined = { ...spec.query, page: 1, ...pagingParams };
  let pageNumber = 1;
  const visited = new Set<string>();

  for (;;) {
    const ctx = { action: "reading", subject: pageNumber > 1 ? `${spec.subject} (page ${pageNumber})` : spec.subject };
    const body = await core.http.json({ method: "GET", path, query, ...ctx });
    const envelope = readEnvelope(body);
    if (!envelope)
      throw schemaError(
        ctx,
        new z.ZodError([
          { code: "custom", path: [], message: "expected a list (Data array or a bare array)", input: body },
        ]),
        spec.subject,
      );
    // Unreadable paging data could end the list early and lose records: fail instead.
    if (envelope.metaError) throw schemaError(ctx, envelope.metaError, `paging information for ${spec.subject}`);
    const rows = parseRows(envelope.rows, schema, ctx, spec.rowLabel);
    const meta = envelope.meta;
    const total = meta?.TotalRecords ?? null;
    let next: URL | null = null;
    if (meta && rows.length > 0) {
      if (meta.NextPageUrl) next = core.http.pageUrl(meta.NextPageUrl);
      // Tolerate a missing NextPageUrl when TotalRecords says there is more.
      else if (total !== null && pageNumber * perPage < total)
        next = core.http.url(path, { ...query, page: pageNumber + 1 });
    }
    yield { rows, pageNumber, totalRecords: total, isLast: next === null };
    if (!next) return;

    // The server's page URLs keep our filters; make sure they keep our page size too.
    const params = new Map([...next.searchParams.keys()].map((k) => [k.toLowerCase(), k]));
    for (const [k, v] of Object.entries(pagingParams)) if (!params.has(k)) next.searchParams.set(k, String(v));
    if (visited.has(next.href) || pageNumber >= maxPages) {
      throw new AppError(
        "INTERNAL",
        `KashFlow's paging of ${spec.subject} did not come to an end (page ${pageNumber}). Our team has been alerted.`,
        {
          retryClass: "BUG",
          reason: "PagingLoop",
        },
      );
    }
    visited.add(next.href);
    const pageParam = params.get("page");
    pageNumber = (pageParam ? Number(next.searchParams.get(pageParam)) : NaN) || pageNumber + 1;
    path = next.href;
    query = undefined;
  }
}

export type ListResult<T> = {
  records: T[];
  /** Every page was read and no row was lost to reordering: safe to infer deletions from absence. */
  complete: boolean;
  totalReported: number | null;
  duplicatesDropped: number;
  pages: number;
};

/** Yields each distinct record once (first sighting wins); counts dropped duplicates in `stats`. */
export async function* uniqueRecords<T>(
  pages: AsyncIterable<Page<T>>,
  key: (row: T) => string,
  stats = { duplicates: 0, pages: 0, total: null as number | null },
): AsyncGenerator<T> {
  const seen = new Set<string>();
  for await (const page of pages) {
    stats.pages += 1;
    stats.total = page.totalRecords ?? stats.total;
    for (const row of page.rows) {
      const k = key(row);
      if (seen.has(k)) {
        stats.duplicates += 1;
        continue;
      }
      seen.add(k);
      yield row;
    }
  }
}

/**
 * Every row of a list KashFlow may answer as a bare array or as a paged envelope (§3.4: /nominals, /currencies,
 * notes …): all pages read, deduped by key, so a long list is never cut at its first page.
 */
export async function readAllRows<T>(
  core: ClientCore,
  spec: ListSpec,
  schema: z.ZodType<T>,
  key: (row: T) => string,
): Promise<T[]> {
  const rows: T[] = [];
  for await (const row of uniqueRecords(fetchPages(core, spec, schema), key)) rows.push(row);
  return rows;
}

/** Reads every page into memory, deduped, and says whether the list is known to be complete. */
export async function listAll<T>(pages: AsyncIterable<Page<T>>, key: (row: T) => string): Promise<ListResult<T>> {
  const stats = { duplicates: 0, pages: 0, total: null as number | null };
  const records: T[] = [];
  for await (const row of uniqueRecords(pages, key, stats)) records.push(row);
  return {
    records,
    // Fewer distinct rows than KashFlow counted means a row slipped between pages.
    complete: stats.total === null || records.length >= stats.total,
    totalReported: stats.total,
    duplicatesDropped: stats.duplicates,
    pages: stats.pages,
  };
}

/** Runs fn over items with at most `limit` in flight, keeping order. */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
