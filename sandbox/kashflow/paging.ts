// The §3.4 paged envelope: all seven MetaData fields, page/perpage validation, sortby as int or name.
import type { BehaviourConfig } from "./config";
import { badRequest } from "./errors";
import { money } from "./format";
import { type Ctx, Query } from "./http";

export interface PageParams {
  page: number;
  perPage: number;
}

export function pageParams(q: Query, cfg: BehaviourConfig, defaultPerPage: number): PageParams {
  const page = q.int("page", 1);
  const perPage = q.int("perpage", defaultPerPage);
  if (page < 1) throw badRequest("page must be 1 or greater.");
  if (perPage < 1) throw badRequest("perpage must be 1 or greater.");
  if (cfg.enforceMaxPerPage && perPage > cfg.maxPerPage && !q.bool("skipperpagevalidation", false))
    throw badRequest(`perpage must be between 1 and ${cfg.maxPerPage}.`);
  return { page, perPage };
}

function pageUrl(c: Ctx, cfg: BehaviourConfig, page: number, perPage: number): string {
  const url = new URL(c.req.url);
  for (const key of [...url.searchParams.keys()]) {
    const k = key.toLowerCase();
    if (k === "page" || k === "perpage") url.searchParams.delete(key);
  }
  url.searchParams.set("page", String(page));
  url.searchParams.set("perpage", String(perPage));
  return cfg.pageUrlStyle === "absolute" ? url.href : `${url.pathname}${url.search}`;
}

export interface EnvelopeOptions {
  defaultPerPage: number;
  /** Pence summed over all pages (§3.4 TotalAmount). */
  totalAmount?: number;
  extraMeta?: Record<string, unknown>;
}

export function envelope<T>(
  c: Ctx,
  q: Query,
  cfg: BehaviourConfig,
  rows: readonly T[],
  view: (row: T) => unknown,
  opts: EnvelopeOptions,
): { MetaData: Record<string, unknown>; Data: unknown[] } {
  const { page, perPage } = pageParams(q, cfg, opts.defaultPerPage);
  const total = rows.length;
  const lastPage = Math.max(1, Math.ceil(total / perPage));
  const slice = rows.slice((page - 1) * perPage, page * perPage);
  return {
    MetaData: {
      TotalRecords: total,
      FirstPageUrl: pageUrl(c, cfg, 1, perPage),
      LastPageUrl: pageUrl(c, cfg, lastPage, perPage),
      PreviousPageUrl: page > 1 ? pageUrl(c, cfg, Math.min(page - 1, lastPage), perPage) : null,
      NextPageUrl: page < lastPage ? pageUrl(c, cfg, page + 1, perPage) : null,
      TotalAmount: money(opts.totalAmount ?? 0),
      InvoiceLimitReached: false,
      ...opts.extraMeta,
    },
    Data: slice.map(view),
  };
}

/** Page size of reference lists when they answer paged (no documented default). */
const REFERENCE_LIST_PER_PAGE = 100;

/**
 * A list documented as a bare array (§3.4: nominals, bank accounts, currencies, VAT rates, payment methods, notes),
 * or the paged envelope some accounts answer instead (`pagedReferenceLists`), paged by page/perpage.
 */
export function referenceList<T>(c: Ctx, cfg: BehaviourConfig, rows: readonly T[], view: (row: T) => unknown): unknown {
  if (!cfg.pagedReferenceLists) return rows.map(view);
  return envelope(c, Query.of(c), cfg, rows, view, { defaultPerPage: REFERENCE_LIST_PER_PAGE });
}

export interface SortSpec<T> {
  /** Lower-case names and numeric codes (as strings) → comparator. */
  keys: Record<string, (a: T, b: T) => number>;
  fallback: (a: T, b: T) => number;
}

/** Resolves sortby (int or name, §3.4) and order (asc/desc, any case); unknown values are a 400. */
export function sortRows<T>(
  rows: T[],
  q: Query,
  spec: SortSpec<T>,
  param = "sortby",
  defaultKey?: string,
): { rows: T[]; key: string } {
  const raw = (q.str(param) ?? defaultKey ?? "").toLowerCase();
  const order = (q.str("order") ?? "asc").toLowerCase();
  if (order !== "asc" && order !== "desc" && order !== "ascending" && order !== "descending")
    throw badRequest(`The value '${q.str("order")}' is not valid for order.`);
  let cmp = spec.fallback;
  if (raw) {
    const found = spec.keys[raw];
    if (!found) throw badRequest(`The value '${q.str(param)}' is not valid for ${param}.`);
    cmp = (a, b) => found(a, b) || spec.fallback(a, b);
  }
  const dir = order.startsWith("desc") ? -1 : 1;
  const sorted = [...rows].sort((a, b) => dir * cmp(a, b));
  return { rows: sorted, key: `${raw}|${dir}` };
}

export const byNum =
  <T>(f: (r: T) => number) =>
  (a: T, b: T) =>
    f(a) - f(b);
export const byStr =
  <T>(f: (r: T) => string) =>
  (a: T, b: T) => {
    const x = f(a).toLowerCase();
    const y = f(b).toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  };
