// Reads the rows of one table updated at or after a stamp, over ODBC, the way the ProvideX driver can: a date filter
// on DateUpdated (ODBC date escape), key-ordered pages with TOP (no OFFSET in ProvideX 4.x, spec §4), and the
// decimal-hour TimeUpdated compared numerically here rather than as text in SQL.
import { CHANGE_TABLE_KEYS, type ChangeTable } from "../protocol";
import type { OdbcReader, Row } from "../drivers/types";
import { isoDateOfSeconds, rowStampSeconds } from "./stamps";

export type StampedRow = { row: Row; stamp: number };

/** `(k1 > ? OR (k1 = ? AND k2 > ?) ...)`: resume after the last key of the previous page. */
function afterKey(keys: readonly string[], last: Row): { sql: string; params: string[] } {
  const parts: string[] = [];
  const params: string[] = [];
  keys.forEach((key, i) => {
    const equal = keys.slice(0, i).map((k) => `${k} = ?`);
    parts.push([...equal, `${key} > ?`].join(" AND "));
    for (const k of keys.slice(0, i)) params.push(String(last[k] ?? ""));
    params.push(String(last[key] ?? ""));
  });
  return { sql: `(${parts.map((p) => `(${p})`).join(" OR ")})`, params };
}

export async function readChangedRows(
  odbc: OdbcReader,
  table: ChangeTable,
  sinceSeconds: number | null,
  options: { pageSize?: number } = {},
): Promise<StampedRow[]> {
  const keys = CHANGE_TABLE_KEYS[table];
  const pageSize = options.pageSize ?? 500;
  const rows: StampedRow[] = [];
  let last: Row | null = null;
  for (;;) {
    const where: string[] = [];
    const params: string[] = [];
    // The date literal comes from a number we computed, never from input: safe to inline as an ODBC escape.
    if (sinceSeconds !== null) where.push(`DateUpdated >= {d '${isoDateOfSeconds(sinceSeconds)}'}`);
    if (last) {
      const after = afterKey(keys, last);
      where.push(after.sql);
      params.push(...after.params);
    }
    const sql = `SELECT TOP ${pageSize} * FROM ${table}${where.length ? ` WHERE ${where.join(" AND ")}` : ""} ORDER BY ${keys.join(", ")}`;
    const page = await odbc.query(sql, params);
    for (const row of page) {
      const stamp = rowStampSeconds(row);
      if (sinceSeconds === null || (stamp !== null && stamp >= sinceSeconds)) rows.push({ row, stamp: stamp ?? 0 });
    }
    if (page.length < pageSize) return rows;
    last = page[page.length - 1] ?? null;
  }
}
