// Structured ODBC-style query (the library/HTTP read API): simple AND filters, an audit-stamp high-water filter
// (DateUpdated/TimeUpdated compared as date + numeric decimal hours), key order by default, TOP + OFFSET paging.
import { z } from "zod";
import { parseAnyDate } from "../clock";
import type { Row, Value } from "../tables/schema";
import {
  candidateRows,
  column,
  compare,
  highWaterOf,
  likeToRegExp,
  OdbcError,
  project,
  rowSource,
  toComparable,
  type OdbcHost,
} from "./common";

const scalar = z.union([z.string(), z.number()]);

export const odbcQuerySchema = z.object({
  table: z.string().min(1),
  columns: z.array(z.string()).optional(),
  where: z
    .array(
      z.object({
        column: z.string(),
        op: z.enum(["=", "<>", "<", "<=", ">", ">=", "like", "in"]),
        value: z.union([scalar, z.array(scalar)]),
      }),
    )
    .optional(),
  /** Rows changed after this audit stamp: DateUpdated > date, or = date and TimeUpdated (numeric) > time. */
  updatedSince: z.object({ date: z.string(), time: scalar.optional(), inclusive: z.boolean().optional() }).optional(),
  orderBy: z.array(z.object({ column: z.string(), desc: z.boolean().optional() })).optional(),
  top: z.number().int().min(1).max(100_000).optional(),
  offset: z.number().int().min(0).optional(),
});
export type OdbcQuery = z.infer<typeof odbcQuerySchema>;

export interface OdbcResult {
  table: string;
  columns: string[];
  rows: Row[];
  /** Rows returned in this page. */
  rowCount: number;
  /** Rows matching before paging. */
  total: number;
  /** Offset of the next page, null when this was the last. */
  nextOffset: number | null;
  /** Highest (DateUpdated, TimeUpdated) in this page, ODBC date format; use it as the next updatedSince. */
  highWater: { date: string; time: string } | null;
}

export function runOdbcQuery(host: OdbcHost, companyCode: string, input: OdbcQuery): OdbcResult {
  const q = odbcQuerySchema.parse(input);
  const src = rowSource(host, companyCode, q.table);
  const cols = q.columns?.length ? q.columns.map((c) => column(src, c)) : src.columns;
  const tests: Array<(r: Row) => boolean> = [];
  const equal = new Map<string, Value>();
  for (const f of q.where ?? []) {
    const col = column(src, f.column);
    if (f.op === "in") {
      const set = (Array.isArray(f.value) ? f.value : [f.value]).map((v) => toComparable(col, v));
      tests.push((r) => set.some((v) => compare(r[col.name] ?? "", v) === 0));
    } else if (f.op === "like") {
      const re = likeToRegExp(String(f.value));
      tests.push((r) => re.test(String(r[col.name] ?? "")));
    } else {
      if (Array.isArray(f.value)) throw new OdbcError("ODBC_BAD_VALUE", { column: col.name, value: "list" });
      const v = toComparable(col, f.value);
      const op = f.op;
      if (op === "=") equal.set(col.name, v);
      tests.push((r) => {
        const c = compare(r[col.name] ?? "", v);
        return op === "="
          ? c === 0
          : op === "<>"
            ? c !== 0
            : op === "<"
              ? c < 0
              : op === "<="
                ? c <= 0
                : op === ">"
                  ? c > 0
                  : c >= 0;
      });
    }
  }
  if (q.updatedSince) {
    if (!src.hasAudit) throw new OdbcError("ODBC_NO_COLUMN", { column: "DateUpdated" });
    const date = parseAnyDate(q.updatedSince.date);
    if (!date) throw new OdbcError("ODBC_BAD_VALUE", { column: "DateUpdated", value: q.updatedSince.date });
    const time = Number(q.updatedSince.time ?? -1);
    const inclusive = q.updatedSince.inclusive ?? false;
    tests.push((r) => {
      const dc = compare(String(r.DateUpdated ?? ""), date);
      if (dc !== 0) return dc > 0;
      const t = Number(r.TimeUpdated ?? 0);
      return inclusive ? t >= time : t > time;
    });
  }
  let rows = candidateRows(src, equal).filter((r) => tests.every((t) => t(r)));
  if (q.orderBy?.length) {
    const order = q.orderBy.map((o) => ({ col: column(src, o.column), desc: o.desc ?? false }));
    rows = rows.slice().sort((a, b) => {
      for (const o of order) {
        const c = compare(a[o.col.name] ?? "", b[o.col.name] ?? "");
        if (c !== 0) return o.desc ? -c : c;
      }
      return 0;
    });
  }
  const total = rows.length;
  const offset = q.offset ?? 0;
  const page = q.top !== undefined ? rows.slice(offset, offset + q.top) : rows.slice(offset);
  const next = offset + page.length;
  return {
    table: src.table,
    columns: cols.map((c) => c.name),
    rows: project(src, page, cols),
    rowCount: page.length,
    total,
    nextOffset: next < total ? next : null,
    highWater: highWaterOf(src, page),
  };
}
