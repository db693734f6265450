// Read side shared by every BOI data object (_svc and _bus): key segments, nFind, nGetValue, browse
// (nSetBrowseFilter/nMoveFirst/nMoveNext/nEOF), metadata (sGetColumns/sGetKeyColumns) and nGetResultSets.
import type { SimUser } from "./users";
import type { Company } from "../tables/company";
import type { Row, TableSchema, Value } from "../tables/schema";
import { encodeKey, type Table } from "../tables/table";
import { coerceValue, resolveColumn } from "../validation/fields";
import { setRef } from "./by-ref";
import { ComBase } from "./com-object";
import type { SessionHandle } from "./context";
import { fail } from "./errors";
import type { SySession } from "./session";

/** ProvideX SEP ($8A$), shown as "Š" in Windows-1252; separates values in multi-value strings. */
export const PVX_SEP = "\u008a";

export interface ObjectContext {
  session: SySession;
  company: Company;
  user: SimUser;
}

export class DataObject extends ComBase {
  readonly objectName: string;
  protected readonly session: SySession;
  protected readonly company: Company;
  protected readonly user: SimUser;
  protected readonly table: Table;
  protected keyValues = new Map<string, Value>();
  /** Record loaded by nFind/browse (read-only) or being edited (business objects). */
  protected current: Row | null = null;
  private browseFilter = "";
  private browseRows: Row[] | null = null;
  private browsePos = -1;

  constructor(ctx: ObjectContext, objectName: string, tableName: string) {
    super(ctx.session.sim);
    this.objectName = objectName;
    this.session = ctx.session;
    this.company = ctx.company;
    this.user = ctx.user;
    this.table = ctx.company.t(tableName);
    ctx.session.adopt(this);
  }

  get schema(): TableSchema {
    return this.table.schema;
  }

  owningSession(): SessionHandle {
    return this.session;
  }

  releaseResources(): void {
    this.current = null;
    this.browseRows = null;
    this.sim.locks.releaseObject(this.id);
    this.session.forget(this);
  }

  /** Columns that make up the key used by nSetKeyValue/nSetKey/nFind (the primary key unless overridden). */
  protected busKeyColumns(): readonly string[] {
    return this.schema.key;
  }

  /** Key segments that may stay blank (e.g. CreditCardEntryNo) or default (InvoiceType "IN"). */
  protected keyDefaults(): Row {
    return {};
  }

  nSetKeyValue(column: unknown, value: unknown): number {
    const col = resolveColumn(this.schema, column);
    if (!this.busKeyColumns().includes(col.name))
      fail("INVALID_COLUMN", { column: String(column), table: `the key of ${this.schema.name}` });
    this.keyValues.set(col.name, coerceValue(col, value));
    return 1;
  }

  /** Resolves the full key from nSetKeyValue segments (+ optional last segment), failing on blank segments. */
  protected collectKey(lastValue?: unknown): Row {
    const cols = this.busKeyColumns();
    const lastCol = cols[cols.length - 1];
    if (lastValue !== undefined && lastCol) {
      const def = this.schema.columnMap.get(lastCol);
      if (def) this.keyValues.set(lastCol, coerceValue(def, lastValue));
    }
    const defaults = this.keyDefaults();
    const key: Row = {};
    for (const c of cols) {
      const v = this.keyValues.get(c) ?? defaults[c] ?? "";
      if (v === "" && defaults[c] === undefined) fail("REQUIRED", { column: c });
      key[c] = v;
    }
    return key;
  }

  protected findByKey(key: Row): Row | undefined {
    return this.table.get(this.busKeyColumns().map((c) => key[c] ?? ""));
  }

  protected keyString(key: Row): string {
    return encodeKey(this.busKeyColumns().map((c) => key[c] ?? ""));
  }

  /** 1 = found (read-only), 0 = not found. */
  nFind(lastValue?: unknown): number {
    const key = this.collectKey(lastValue);
    const row = this.findByKey(key);
    if (!row) fail("NO_KEY");
    this.loadReadOnly(row);
    return 1;
  }

  protected loadReadOnly(row: Row): void {
    this.current = { ...row };
  }

  /** Value of a column of the current record (blank/0 when none), through the by-ref out parameter. */
  nGetValue(column: unknown, ref?: unknown): number {
    const col = resolveColumn(this.schema, column);
    const value = this.current?.[col.name] ?? this.keyValues.get(col.name) ?? col.defaultValue;
    setRef(ref, value);
    return 1;
  }

  // --- browse ---------------------------------------------------------------------------------------------

  nSetBrowseFilter(prefix: unknown): number {
    this.browseFilter = String(prefix ?? "");
    this.browseRows = null;
    this.browsePos = -1;
    return 1;
  }

  private browseSet(): Row[] {
    if (!this.browseRows) {
      const cols = this.schema.key;
      const filter = this.browseFilter;
      this.browseRows = this.table.sorted().filter(
        (r) =>
          !filter ||
          cols
            .map((c) => String(r[c] ?? ""))
            .join("")
            .startsWith(filter),
      );
    }
    return this.browseRows;
  }

  private moveTo(pos: number): number {
    const rows = this.browseSet();
    this.browsePos = Math.max(-1, Math.min(pos, rows.length));
    const row = rows[this.browsePos];
    if (!row) {
      this.current = null;
      return 0;
    }
    this.onBrowse(row);
    return 1;
  }

  /** Loads a browsed record (business objects first abandon any edit). */
  protected onBrowse(row: Row): void {
    this.loadReadOnly(row);
  }

  nMoveFirst(): number {
    this.browseRows = null;
    return this.moveTo(0);
  }

  nMoveNext(): number {
    return this.moveTo(this.browsePos + 1);
  }

  nMovePrevious(): number {
    return this.moveTo(this.browsePos - 1);
  }

  nMoveLast(): number {
    this.browseRows = null;
    return this.moveTo(this.browseSet().length - 1);
  }

  get nEOF(): number {
    return this.browseRows !== null && this.browsePos >= this.browseRows.length ? 1 : 0;
  }

  get nBOF(): number {
    return this.browseRows !== null && this.browsePos < 0 ? 1 : 0;
  }

  // --- metadata ---------------------------------------------------------------------------------------------

  private static boiName(c: { name: string; kind: string }): string {
    return c.kind === "number" ? c.name : `${c.name}$`;
  }

  sGetColumns(): string {
    return this.schema.columns.map((c) => DataObject.boiName(c)).join(PVX_SEP);
  }

  sGetKeyColumns(): string {
    return this.busKeyColumns()
      .map((k) => DataObject.boiName(this.schema.columnMap.get(k) ?? { name: k, kind: "string" }))
      .join(PVX_SEP);
  }

  /** Table name behind the object (ProvideX exposes it as sTableName in some versions). */
  get sTableName(): string {
    return this.schema.name;
  }

  /**
   * Bulk look-up: descriptions and keys of every record whose concatenated key is within [begin, end], joined by
   * SEP. Simplified: descExpr/keyExpr must be column names; filterExpr must be blank (deviation, see README).
   */
  nGetResultSets(
    descExpr: unknown,
    keyExpr: unknown,
    descsRef: unknown,
    keysRef: unknown,
    filterExpr?: unknown,
    begin?: unknown,
    end?: unknown,
  ): number {
    const descCol = resolveColumn(this.schema, descExpr);
    const keyCol = resolveColumn(this.schema, keyExpr);
    if (String(filterExpr ?? "").trim() !== "")
      fail("ADJUST_NOT_SUPPORTED", { what: "A filter expression in nGetResultSets" });
    const lo = String(begin ?? "");
    const hi = String(end ?? "");
    const descs: string[] = [];
    const keys: string[] = [];
    for (const r of this.table.sorted()) {
      const k = this.schema.key.map((c) => String(r[c] ?? "")).join("");
      if (lo && k < lo) continue;
      if (hi && k > hi) continue;
      descs.push(String(r[descCol.name] ?? ""));
      keys.push(String(r[keyCol.name] ?? ""));
    }
    setRef(descsRef, descs.join(PVX_SEP));
    setRef(keysRef, keys.join(PVX_SEP));
    return 1;
  }
}

/** Read-only service object (_svc): find/browse/read only. */
export class ServiceObject extends DataObject {
  nSetKey(): number {
    fail("READ_ONLY_OBJECT", { object: this.objectName });
  }

  nSetValue(): number {
    fail("READ_ONLY_OBJECT", { object: this.objectName });
  }

  nWrite(): number {
    fail("READ_ONLY_OBJECT", { object: this.objectName });
  }

  nDelete(): number {
    fail("READ_ONLY_OBJECT", { object: this.objectName });
  }

  nClear(): number {
    this.current = null;
    this.keyValues.clear();
    return 1;
  }
}
