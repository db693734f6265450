// Business object (_bus) with edit state 0 none / 1 existing / 2 new: nSetKey (2 new, 1 existing, 0 fail),
// nSetValue (-1 = warning, value kept), nWrite, nDelete, nClear, record locks, audit stamps, optional oLines.
// Subclasses plug rules in through the protected hooks below; the flow itself lives here once.
import type { Stamp } from "../tables/company";
import type { ColumnDef, Row, TableSchema, Value } from "../tables/schema";
import { blankRow } from "../tables/schema";
import { encodeKey } from "../tables/table";
import { coerceValue, resolveColumn } from "../validation/fields";
import { comWrap } from "./com-object";
import { DataObject, type ObjectContext } from "./data-object";
import { ComError, fail } from "./errors";
import { LinesObject, type WarnSink } from "./lines";
import { LockManager } from "./locks";

export interface LinesConfig {
  /** Detail table name. */
  table: string;
  /** Header columns copied into every line (same names in both tables). */
  headerKey: readonly string[];
  /** Line sequence column, 6 digits ("000001"). */
  lineKeyColumn: string;
  /** Detail index on the header key. */
  headerIndex: string;
}

export abstract class BusinessObject extends DataObject {
  protected editState: 0 | 1 | 2 = 0;
  protected original: Row | null = null;
  private lockKey: string | null = null;
  protected readonly linesConfig: LinesConfig | null;
  /** Committed in-memory line set of the current document (persisted by the header nWrite). */
  lines: Row[] = [];
  /** Lines as stored before this edit (for diffs such as quantities on sales order). */
  protected originalLines: Row[] = [];
  private linesObject: LinesObject | null = null;

  constructor(ctx: ObjectContext, objectName: string, tableName: string, linesConfig: LinesConfig | null = null) {
    super(ctx, objectName, tableName);
    this.linesConfig = linesConfig;
  }

  // --- hooks -------------------------------------------------------------------------------------------------

  /** Before the existence look-up (batch required, parent record must exist...). */
  protected beforeSetKey(_key: Row): void {}
  /** After the look-up (duplicate numbers in other batches, posted documents...). */
  protected afterKeyResolved(_key: Row, _existing: Row | undefined): void {}
  /** Defaults for a new record (key columns already set). */
  protected initNew(_row: Row): void {}
  /** Validates/transforms a value for a column; may call warn(). */
  protected validateValue(_col: ColumnDef, value: Value, _row: Row): Value {
    return value;
  }
  /** Side effects after a value is set (defaulting dependent fields). */
  protected afterSetValue(_col: string, _value: Value, _row: Row): void {}
  /** Whole-record rules on nWrite (totals, balance); may call warn(). */
  protected beforeWrite(_row: Row, _isNew: boolean): void {}
  /** Persists the record (and lines); override to add side effects. */
  protected commitWrite(row: Row, _isNew: boolean, stamp: Stamp): void {
    this.company.save(this.schema.name, row, stamp);
    if (this.linesConfig) this.saveLines(row);
  }
  protected beforeDelete(_row: Row): void {}
  protected commitDelete(row: Row, _stamp: Stamp): void {
    this.company.remove(
      this.schema.name,
      this.schema.key.map((c) => row[c] ?? ""),
    );
    if (this.linesConfig) this.deleteStoredLines(row);
  }

  // line hooks (documents only)
  lineSchema(): TableSchema {
    if (!this.linesConfig) throw new Error(`${this.objectName} has no lines`);
    return this.company.t(this.linesConfig.table).schema;
  }
  initLine(_line: Row): void {}
  validateLineValue(_col: ColumnDef, value: Value, _line: Row, _sink: WarnSink): Value {
    return value;
  }
  afterLineSetValue(_col: string, _value: Value, _line: Row, _sink: WarnSink): void {}
  validateLine(_line: Row, _sink: WarnSink): void {}

  // --- state -------------------------------------------------------------------------------------------------

  get nEditState(): number {
    return this.editState;
  }

  get oLines(): LinesObject {
    if (!this.linesConfig) throw new ComError("COM_NO_MEMBER", { member: `${this.objectName}.oLines` });
    if (!this.linesObject) this.linesObject = new LinesObject(this);
    return comWrap(this.linesObject);
  }

  /** The record in edit (throws the catalogue failure when none). */
  protected get row(): Row {
    if (this.editState === 0 || !this.current) fail("NO_RECORD_IN_EDIT");
    return this.current;
  }

  /** Header in edit, for the lines object. */
  headerInEdit(): Row {
    return this.row;
  }

  isEditing(): boolean {
    return this.editState !== 0;
  }

  protected stampNow(): Stamp {
    return this.sim.stamp(this.user.key);
  }

  protected moduleDate(module: string): string {
    return this.session.moduleDateFor(module);
  }

  /** Abandons the current edit and releases its lock. */
  protected abandon(): void {
    if (this.lockKey) this.sim.locks.records.release(this.lockKey, this.id);
    this.lockKey = null;
    this.editState = 0;
    this.current = null;
    this.original = null;
    this.lines = [];
    this.originalLines = [];
    this.linesObject?.reset();
  }

  override releaseResources(): void {
    this.abandon();
    this.linesObject?.markReleased();
    super.releaseResources();
  }

  protected override onBrowse(row: Row): void {
    this.abandon();
    this.loadReadOnly(row);
  }

  // --- BOI methods -------------------------------------------------------------------------------------------

  nSetKey(lastValue?: unknown): number {
    this.abandon();
    const key = this.collectKey(lastValue);
    this.beforeSetKey(key);
    const existing = this.findByKey(key);
    this.afterKeyResolved(key, existing);
    const company = this.company.code;
    if (existing && this.sim.faults.isRecordLocked(company, this.schema.name, existing)) fail("RECORD_LOCKED");
    const lockKey = LockManager.recordKey(company, this.schema.name, this.keyString(key));
    if (!this.sim.locks.records.acquire(lockKey, this.session.id, this.id)) fail("RECORD_LOCKED");
    this.lockKey = lockKey;
    if (existing) {
      this.current = { ...existing };
      this.original = existing;
      this.editState = 1;
      if (this.linesConfig) this.loadLines(existing);
      return 1;
    }
    const row = { ...blankRow(this.schema), ...key };
    this.current = row;
    this.editState = 2;
    this.initNew(row);
    return 2;
  }

  nSetValue(column: unknown, value: unknown): number {
    const col = resolveColumn(this.schema, column);
    const isKey = this.busKeyColumns().includes(col.name);
    if (this.editState === 0) {
      if (isKey) return this.nSetKeyValue(column, value);
      fail("NO_RECORD_IN_EDIT");
    }
    const row = this.row;
    let v = coerceValue(col, value);
    if (isKey) {
      if (v === row[col.name]) return 1;
      fail("KEY_COLUMN_IN_EDIT", { column: col.name });
    }
    if (col.readOnly) fail("READ_ONLY_COLUMN", { column: col.name });
    v = this.validateValue(col, v, row);
    row[col.name] = v;
    this.afterSetValue(col.name, v, row);
    return this.success();
  }

  nWrite(): number {
    const row = this.row;
    if (this.sim.faults.isExclusive(this.company.code)) fail("EXCLUSIVE_MODE", { company: this.company.code });
    this.sim.faults.onWrite();
    const isNew = this.editState === 2;
    for (const c of this.schema.columns)
      if (c.required && (row[c.name] === "" || row[c.name] === undefined)) fail("REQUIRED", { column: c.name });
    this.beforeWrite(row, isNew);
    this.commitWrite(row, isNew, this.stampNow());
    const warned = this.warned;
    this.abandon();
    this.keyValues.clear();
    return warned ? -1 : 1;
  }

  nDelete(key?: unknown): number {
    if (key !== undefined) {
      const r = this.nSetKey(key);
      if (r !== 1) {
        this.abandon();
        fail("NO_KEY");
      }
    }
    if (this.editState !== 1) fail("NOTHING_TO_DELETE");
    if (this.sim.faults.isExclusive(this.company.code)) fail("EXCLUSIVE_MODE", { company: this.company.code });
    this.sim.faults.onWrite();
    const row = this.row;
    this.beforeDelete(row);
    this.commitDelete(row, this.stampNow());
    this.abandon();
    this.keyValues.clear();
    return 1;
  }

  nClear(): number {
    this.abandon();
    this.keyValues.clear();
    return 1;
  }

  // --- lines persistence ---------------------------------------------------------------------------------------

  protected headerKeyValues(header: Row): Value[] {
    return (this.linesConfig?.headerKey ?? []).map((c) => header[c] ?? "");
  }

  protected storedLines(header: Row): Row[] {
    const cfg = this.linesConfig;
    if (!cfg) return [];
    const table = this.company.t(cfg.table);
    return table
      .lookup(cfg.headerIndex, this.headerKeyValues(header))
      .slice()
      .sort((a, b) => String(a[cfg.lineKeyColumn]).localeCompare(String(b[cfg.lineKeyColumn])));
  }

  protected loadLines(header: Row): void {
    this.originalLines = this.storedLines(header);
    this.lines = this.originalLines.map((l) => ({ ...l }));
  }

  protected deleteStoredLines(header: Row): void {
    const cfg = this.linesConfig;
    if (!cfg) return;
    const table = this.company.t(cfg.table);
    for (const l of this.storedLines(header)) table.deleteByPk(table.keyOf(l));
  }

  /** Replaces the stored detail rows of this header with the in-memory line set. */
  protected saveLines(header: Row): void {
    const cfg = this.linesConfig;
    if (!cfg) return;
    this.deleteStoredLines(header);
    for (const line of this.lines) {
      for (const c of cfg.headerKey) line[c] = header[c] ?? "";
      this.company.t(cfg.table).upsert(line);
    }
  }

  /** Next line key: one more than the highest in the set (6 digits). */
  nextLineKey(): string {
    const cfg = this.linesConfig;
    if (!cfg) return "000001";
    let max = 0;
    for (const l of this.lines) max = Math.max(max, Number(l[cfg.lineKeyColumn]) || 0);
    return String(max + 1).padStart(6, "0");
  }

  /** Key used to de-duplicate/locate this document in messages. */
  protected describeKey(row: Row): string {
    return encodeKey(this.busKeyColumns().map((c) => row[c] ?? "")).replace(/\u0000/g, "-");
  }
}
