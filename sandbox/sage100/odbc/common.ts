// Shared ODBC façade pieces: driver-style errors, the row source for a table (incl. the SY_Company system
// table), ODBC value formatting (dates "YYYY-MM-DD", ''/0 instead of NULL) and typed comparison.
import { parseAnyDate, toIsoDate } from "../clock";
import { formatMessage, type MessageCode, type MessageParams } from "../messages";
import type { Company } from "../tables/company";
import type { ColumnDef, Row, Value } from "../tables/schema";
import type { Table } from "../tables/table";
import { d, s } from "../tables/schema";

export class OdbcError extends Error {
  readonly sqlState: string;
  readonly code: MessageCode;
  constructor(code: MessageCode, params: MessageParams = {}) {
    const { num, text } = formatMessage(code, params);
    super(text);
    this.name = "OdbcError";
    this.sqlState = num;
    this.code = code;
  }
}

export interface OdbcHost {
  getCompany(code: string): Company | undefined;
  listCompanies(): Array<{ code: string; name: string }>;
}

export interface RowSource {
  table: string;
  columns: readonly ColumnDef[];
  columnMap: Map<string, ColumnDef>;
  /** Rows in key order (live objects: read only). */
  readonly rows: readonly Row[];
  hasAudit: boolean;
  /** The table behind it (none for SY_Company), for key-prefix and index look-ups. */
  store: Table | null;
}

const SY_COMPANY_COLUMNS: ColumnDef[] = [s("CompanyCode", 3), s("CompanyName", 50), d("DateCreated")];

export function rowSource(host: OdbcHost, companyCode: string, tableName: string): RowSource {
  if (tableName.toLowerCase() === "sy_company") {
    return {
      table: "SY_Company",
      columns: SY_COMPANY_COLUMNS,
      columnMap: new Map(SY_COMPANY_COLUMNS.map((c) => [c.name.toLowerCase(), c] as const)),
      rows: host.listCompanies().map((c) => ({ CompanyCode: c.code, CompanyName: c.name, DateCreated: "" })),
      hasAudit: false,
      store: null,
    };
  }
  const company = host.getCompany(companyCode);
  if (!company) throw new OdbcError("ODBC_NO_TABLE", { table: `${companyCode}.${tableName}` });
  const table = company.findTable(tableName);
  if (!table) throw new OdbcError("ODBC_NO_TABLE", { table: tableName });
  return {
    table: table.name,
    columns: table.schema.columns,
    columnMap: new Map(table.schema.columns.map((c) => [c.name.toLowerCase(), c] as const)),
    // Only a query no key or index serves reads every row.
    get rows() {
      return table.sorted();
    },
    hasAudit: table.schema.audit,
    store: table,
  };
}

/**
 * The rows a query with these column = value conditions (comparable values, by column name) can match, in key
 * order: a range of the key order when they cover a prefix of the key, the rows of a secondary index whose columns
 * they all cover when that index is longer, else every row. Always a superset of the matches: the query's own
 * predicate still decides, so results are exactly those of a full scan.
 */
export function candidateRows(src: RowSource, equal: ReadonlyMap<string, Value>): readonly Row[] {
  const table = src.store;
  if (!table || equal.size === 0) return src.rows;
  const key = table.schema.key;
  let prefix = 0;
  while (prefix < key.length && equal.has(key[prefix]!)) prefix++;
  let best: { name: string; cols: readonly string[] } | null = null;
  for (const [name, cols] of Object.entries(table.schema.indexes))
    if (cols.length > prefix && cols.length > (best?.cols.length ?? 0) && cols.every((c) => equal.has(c)))
      best = { name, cols };
  if (best)
    return table.inKeyOrder(
      table.lookup(
        best.name,
        best.cols.map((c) => equal.get(c)!),
      ),
    );
  if (prefix > 0) return table.withKeyPrefix(key.slice(0, prefix).map((c) => equal.get(c)!));
  return src.rows;
}

export function column(src: RowSource, name: string): ColumnDef {
  const bare = name.includes(".") ? name.slice(name.lastIndexOf(".") + 1) : name;
  const col = src.columnMap.get(bare.replace(/^"|"$/g, "").toLowerCase());
  if (!col) throw new OdbcError("ODBC_NO_COLUMN", { column: name });
  return col;
}

/** Stored value -> what the ODBC driver returns. */
export function toOdbcValue(col: ColumnDef, v: Value | undefined): Value {
  if (col.kind === "number") return typeof v === "number" ? v : Number(v ?? 0);
  const str = String(v ?? "");
  return col.kind === "date" ? toIsoDate(str) : str;
}

/** Literal from a filter -> comparable stored form for the column (dates accept YYYY-MM-DD or YYYYMMDD). */
export function toComparable(col: ColumnDef, v: unknown): Value {
  if (col.kind === "number") {
    const n = typeof v === "number" ? v : Number(String(v).trim());
    if (!Number.isFinite(n)) throw new OdbcError("ODBC_BAD_VALUE", { column: col.name, value: String(v) });
    return n;
  }
  if (col.kind === "date") {
    const str = String(v ?? "").trim();
    if (str === "") return "";
    const parsed = parseAnyDate(str);
    if (!parsed) throw new OdbcError("ODBC_BAD_VALUE", { column: col.name, value: str });
    return parsed;
  }
  return String(v ?? "");
}

export function compare(a: Value, b: Value): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** SQL LIKE with % and _ (case-sensitive like ProvideX string compares). */
export function likeToRegExp(pattern: string): RegExp {
  let re = "";
  for (const ch of pattern) re += ch === "%" ? ".*" : ch === "_" ? "." : ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^${re}$`, "s");
}

export function project(src: RowSource, rows: readonly Row[], columns: readonly ColumnDef[]): Row[] {
  return rows.map((r) => {
    const out: Row = {};
    for (const c of columns) out[c.name] = toOdbcValue(c, r[c.name]);
    return out;
  });
}

/** Highest (DateUpdated, numeric TimeUpdated) among rows, ODBC-formatted; null without audit columns. */
export function highWaterOf(src: RowSource, rows: readonly Row[]): { date: string; time: string } | null {
  if (!src.hasAudit || rows.length === 0) return null;
  let best: Row | null = null;
  for (const r of rows) {
    if (!best) best = r;
    else {
      const dd = compare(String(r.DateUpdated ?? ""), String(best.DateUpdated ?? ""));
      if (dd > 0 || (dd === 0 && Number(r.TimeUpdated ?? 0) > Number(best.TimeUpdated ?? 0))) best = r;
    }
  }
  return best ? { date: toIsoDate(String(best.DateUpdated ?? "")), time: String(best.TimeUpdated ?? "") } : null;
}
