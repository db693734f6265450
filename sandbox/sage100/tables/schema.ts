// Table/column metadata and a tiny DSL to declare Sage 100 file layouts (names as in the File Layouts / ODBC).
// ProvideX typing: string columns (incl. dates "YYYYMMDD" and Y/N flags) are addressed with a "$" suffix in BOI.

export type Value = string | number;
export type Row = Record<string, Value>;
export type ColumnKind = "string" | "date" | "flag" | "number";

export interface ColumnDef {
  readonly name: string;
  readonly kind: ColumnKind;
  /** Max characters for strings; ignored for numbers. */
  readonly length: number;
  /** Decimal places for numbers. */
  readonly scale: number;
  /** Human description used by CI_CharLength style messages. */
  readonly description: string;
  readonly enumValues?: readonly string[];
  readonly upper?: boolean;
  /** Purely numeric input is left-padded with zeros to `length` (divisions, document numbers). */
  readonly zeroFill?: boolean;
  /** Maintained by the business object (totals, balances, audit stamps). */
  readonly readOnly?: boolean;
  /** Checked on nWrite (DepVal:REQUIRED). */
  readonly required?: boolean;
  readonly defaultValue: Value;
}

export interface TableDef {
  readonly name: string;
  readonly key: readonly string[];
  /** Non-unique secondary indexes used for fast look-ups (name -> columns). */
  readonly indexes?: Readonly<Record<string, readonly string[]>>;
  /** Adds DateCreated/TimeCreated/UserCreatedKey/DateUpdated/TimeUpdated/UserUpdatedKey. */
  readonly audit?: boolean;
  readonly columns: readonly ColumnDef[];
  /** Short note for the inspection endpoint (e.g. "simulator-specific"). */
  readonly note?: string;
}

export interface TableSchema {
  readonly name: string;
  readonly key: readonly string[];
  readonly indexes: Readonly<Record<string, readonly string[]>>;
  readonly audit: boolean;
  readonly columns: readonly ColumnDef[];
  readonly columnMap: ReadonlyMap<string, ColumnDef>;
  readonly note?: string;
}

interface ColumnOptions {
  desc?: string;
  upper?: boolean;
  zeroFill?: boolean;
  readOnly?: boolean;
  required?: boolean;
  default?: Value;
}

/** "ARDivisionNo" -> "AR Division No". */
export function describe(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2");
}

function column(
  name: string,
  kind: ColumnKind,
  length: number,
  scale: number,
  o: ColumnOptions,
  defaultValue: Value,
  enumValues?: readonly string[],
): ColumnDef {
  return {
    name,
    kind,
    length,
    scale,
    description: o.desc ?? describe(name),
    ...(enumValues ? { enumValues } : {}),
    ...(o.upper ? { upper: true } : {}),
    ...(o.zeroFill ? { zeroFill: true } : {}),
    ...(o.readOnly ? { readOnly: true } : {}),
    ...(o.required ? { required: true } : {}),
    defaultValue: o.default ?? defaultValue,
  };
}

/** String column. */
export const s = (name: string, length: number, o: ColumnOptions = {}): ColumnDef =>
  column(name, "string", length, 0, o, "");
/** Date column ("YYYYMMDD", blank allowed). */
export const d = (name: string, o: ColumnOptions = {}): ColumnDef => column(name, "date", 8, 0, o, "");
/** Y/N flag column. */
export const f = (name: string, o: ColumnOptions = {}): ColumnDef => column(name, "flag", 1, 0, o, "N");
/** Enumerated string column; default is the first value unless given. */
export const e = (name: string, values: readonly string[], o: ColumnOptions = {}): ColumnDef =>
  column(name, "string", Math.max(...values.map((v) => v.length)), 0, o, values[0] ?? "", values);
/** Numeric column with `scale` decimals. */
export const n = (name: string, scale: number, o: ColumnOptions = {}): ColumnDef =>
  column(name, "number", 16, scale, o, 0);

export const AUDIT_COLUMNS: readonly ColumnDef[] = [
  d("DateCreated", { readOnly: true }),
  s("TimeCreated", 8, { readOnly: true }),
  s("UserCreatedKey", 10, { readOnly: true }),
  d("DateUpdated", { readOnly: true }),
  s("TimeUpdated", 8, { readOnly: true }),
  s("UserUpdatedKey", 10, { readOnly: true }),
];

export function table(
  name: string,
  opts: { key: readonly string[]; indexes?: Record<string, readonly string[]>; audit?: boolean; note?: string },
  columns: readonly ColumnDef[],
): TableDef {
  return {
    name,
    key: opts.key,
    indexes: opts.indexes ?? {},
    audit: opts.audit ?? false,
    columns,
    ...(opts.note ? { note: opts.note } : {}),
  };
}

/** Builds the runtime schema, applying per-version field length overrides ("Table.Column" -> length). */
export function buildSchema(def: TableDef, lengthOverrides: Readonly<Record<string, number>> = {}): TableSchema {
  const all = def.audit ? [...def.columns, ...AUDIT_COLUMNS] : [...def.columns];
  const columns = all.map((c) => {
    const override = lengthOverrides[`${def.name}.${c.name}`];
    return override !== undefined && c.kind === "string" ? { ...c, length: override } : c;
  });
  const columnMap = new Map(columns.map((c) => [c.name, c] as const));
  for (const k of def.key) if (!columnMap.has(k)) throw new Error(`${def.name}: key column ${k} not declared`);
  for (const [idx, cols] of Object.entries(def.indexes ?? {}))
    for (const c of cols) if (!columnMap.has(c)) throw new Error(`${def.name}: index ${idx} column ${c} not declared`);
  return {
    name: def.name,
    key: def.key,
    indexes: def.indexes ?? {},
    audit: def.audit ?? false,
    columns,
    columnMap,
    ...(def.note ? { note: def.note } : {}),
  };
}

/** A new row with every column at its default. */
export function blankRow(schema: TableSchema): Row {
  const row: Row = {};
  for (const c of schema.columns) row[c.name] = c.defaultValue;
  return row;
}
