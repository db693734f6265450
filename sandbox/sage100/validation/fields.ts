// Column-level rules applied by nSetKeyValue/nSetValue: "$" suffix typing, lengths, Y/N, enumerations, dates,
// numeric precision (spec §7.3). Each failure throws BoiFailure -> the BOI call returns 0 with the catalogue text.
import { isValidSageDate } from "../clock";
import { fail } from "../boi/errors";
import { fitsScale, roundTo } from "../money";
import type { ColumnDef, TableSchema, Value } from "../tables/schema";

const lowerMaps = new WeakMap<TableSchema, Map<string, ColumnDef>>();

function lowerMap(schema: TableSchema): Map<string, ColumnDef> {
  let map = lowerMaps.get(schema);
  if (!map) {
    map = new Map(schema.columns.map((c) => [c.name.toLowerCase(), c] as const));
    lowerMaps.set(schema, map);
  }
  return map;
}

/** BOI column name ("CustomerNo$", "QuantityOrdered") -> column, enforcing the ProvideX type suffix. */
export function resolveColumn(schema: TableSchema, name: unknown): ColumnDef {
  const raw = String(name ?? "").trim();
  const hasDollar = raw.endsWith("$");
  const base = hasDollar ? raw.slice(0, -1) : raw;
  const col = lowerMap(schema).get(base.toLowerCase());
  if (!col) fail("INVALID_COLUMN", { column: raw, table: schema.name });
  const isString = col.kind !== "number";
  if (isString && !hasDollar) fail("COLUMN_TYPE", { column: raw, expected: `${col.name}$` });
  if (!isString && hasDollar) fail("COLUMN_TYPE", { column: raw, expected: col.name });
  return col;
}

/** Column by plain name (internal callers). */
export function columnByName(schema: TableSchema, name: string): ColumnDef | undefined {
  return lowerMap(schema).get(name.toLowerCase());
}

/** Converts and validates a value for a column; returns the normalised value to store. */
export function coerceValue(col: ColumnDef, raw: unknown): Value {
  if (col.kind === "number") {
    let num: number;
    if (typeof raw === "number") num = raw;
    else if (typeof raw === "string") num = raw.trim() === "" ? 0 : Number(raw.trim());
    else if (raw === null || raw === undefined) num = 0;
    else num = Number.NaN;
    if (!Number.isFinite(num)) fail("NOT_NUMERIC", { column: col.name });
    if (Math.abs(num) >= 1e12) fail("NUMBER_TOO_LARGE", { column: col.name });
    if (!fitsScale(num, col.scale)) fail("TOO_MANY_DECIMALS", { column: col.name, scale: col.scale });
    return roundTo(num, col.scale);
  }
  let str = raw === null || raw === undefined ? "" : typeof raw === "boolean" ? (raw ? "Y" : "N") : String(raw);
  str = str.replace(/\s+$/, "");
  if (col.upper || col.kind === "flag") str = str.toUpperCase();
  if (col.zeroFill && /^\d+$/.test(str) && str.length < col.length) str = str.padStart(col.length, "0");
  if (col.kind === "flag" && str !== "Y" && str !== "N") fail("INVALID_FLAG", { column: col.name });
  if (col.kind === "date" && str !== "" && !isValidSageDate(str)) fail("INVALID_DATE", { column: col.name });
  if (col.enumValues) {
    const values = col.enumValues;
    if (!values.includes(str.toUpperCase())) fail("INVALID_ENUM", { column: col.name, values: values.join(", ") });
    str = str.toUpperCase();
  }
  if (str.length > col.length)
    fail("CHAR_LENGTH", { description: col.description, length: col.length, column: col.name });
  return str;
}
