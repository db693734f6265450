// oLines child object: nAddLine (returns 2), nSetValue/nGetValue on the current line, nWrite commits the line to
// the header's in-memory set (persisted only by the header nWrite), nDelete, nClear, nMoveFirst/nMoveNext/nEOF.
import { formatMessage, type MessageCode, type MessageParams } from "../messages";
import { blankRow, type Row } from "../tables/schema";
import { coerceValue, resolveColumn } from "../validation/fields";
import { setRef } from "./by-ref";
import { ComBase } from "./com-object";
import type { SessionHandle } from "./context";
import { ComError, fail } from "./errors";
import type { BusinessObject } from "./business-object";

/** Lets header rules attach a warning (-1) to the line call that triggered them. */
export interface WarnSink {
  warn(code: MessageCode, params?: MessageParams): void;
}

export class LinesObject extends ComBase implements WarnSink {
  private readonly parent: BusinessObject;
  private line: Row | null = null;
  private lineState: 0 | 1 | 2 = 0;
  private editingIndex = -1;
  private pos = -1;

  constructor(parent: BusinessObject) {
    super(parent.sim);
    this.parent = parent;
  }

  owningSession(): SessionHandle | null {
    return this.parent.owningSession();
  }

  releaseResources(): void {
    this.reset();
  }

  reset(): void {
    this.line = null;
    this.lineState = 0;
    this.editingIndex = -1;
    this.pos = -1;
  }

  markReleased(): void {
    this.reset();
    this.released = true;
  }

  override warn(code: MessageCode, params: MessageParams = {}): void {
    const { num, text } = formatMessage(code, params);
    this.setError(num, text);
    this.warned = true;
  }

  private get currentLine(): Row {
    if (!this.line) fail("NO_RECORD_IN_EDIT");
    return this.line;
  }

  get nEditState(): number {
    return this.lineState;
  }

  /** Starts a new line (a pending unwritten line is discarded). Returns 2 = new line. */
  nAddLine(): number {
    this.parent.headerInEdit();
    const schema = this.parent.lineSchema();
    const cfg = schema.key[schema.key.length - 1] ?? "LineKey";
    const line = blankRow(schema);
    line[cfg] = this.parent.nextLineKey();
    this.parent.initLine(line);
    this.line = line;
    this.lineState = 2;
    this.editingIndex = -1;
    return 2;
  }

  nSetValue(column: unknown, value: unknown): number {
    const line = this.currentLine;
    const schema = this.parent.lineSchema();
    const col = resolveColumn(schema, column);
    let v = coerceValue(col, value);
    if (col.readOnly) fail("READ_ONLY_COLUMN", { column: col.name });
    v = this.parent.validateLineValue(col, v, line, this);
    line[col.name] = v;
    this.parent.afterLineSetValue(col.name, v, line, this);
    return this.success();
  }

  nGetValue(column: unknown, ref?: unknown): number {
    const col = resolveColumn(this.parent.lineSchema(), column);
    setRef(ref, this.line?.[col.name] ?? col.defaultValue);
    return 1;
  }

  /** Validates and commits the current line into the header's line set. */
  nWrite(): number {
    const line = this.currentLine;
    for (const c of this.parent.lineSchema().columns)
      if (c.required && (line[c.name] === "" || line[c.name] === undefined)) fail("REQUIRED", { column: c.name });
    this.parent.validateLine(line, this);
    if (this.lineState === 2) this.parent.lines.push(line);
    else if (this.editingIndex >= 0) this.parent.lines[this.editingIndex] = line;
    const warned = this.warned;
    this.line = null;
    this.lineState = 0;
    this.editingIndex = -1;
    return warned ? -1 : 1;
  }

  nDelete(): number {
    if (this.lineState === 1 && this.editingIndex >= 0) {
      this.parent.lines.splice(this.editingIndex, 1);
      this.pos = this.editingIndex - 1;
    } else if (this.lineState !== 2) fail("NOTHING_TO_DELETE");
    this.line = null;
    this.lineState = 0;
    this.editingIndex = -1;
    return 1;
  }

  nClear(): number {
    this.line = null;
    this.lineState = 0;
    this.editingIndex = -1;
    return 1;
  }

  private moveTo(pos: number): number {
    this.parent.headerInEdit();
    const lines = this.parent.lines;
    this.pos = Math.max(-1, Math.min(pos, lines.length));
    const line = lines[this.pos];
    if (!line) {
      this.line = null;
      this.lineState = 0;
      return 0;
    }
    this.line = { ...line };
    this.lineState = 1;
    this.editingIndex = this.pos;
    return 1;
  }

  nMoveFirst(): number {
    return this.moveTo(0);
  }

  nMoveNext(): number {
    return this.moveTo(this.pos + 1);
  }

  nMoveLast(): number {
    return this.moveTo(this.parent.lines.length - 1);
  }

  get nEOF(): number {
    return this.pos >= this.parent.lines.length ? 1 : 0;
  }

  /** Opens an existing line by its line key for editing. */
  nEditLine(lineKey: unknown): number {
    const schema = this.parent.lineSchema();
    const keyCol = schema.key[schema.key.length - 1] ?? "LineKey";
    const idx = this.parent.lines.findIndex((l) => l[keyCol] === String(lineKey));
    if (idx < 0) fail("NO_KEY");
    return this.moveTo(idx);
  }

  /** S/O invoice only: copies the open lines of a sales order (shipComplete "Y" ships the open quantity). */
  nCopyLinesFromSalesOrder(salesOrderNo: unknown, shipComplete?: unknown): number {
    const p = this.parent as unknown as { copyLinesFromSalesOrder?: (no: string, ship: boolean) => void };
    if (typeof p.copyLinesFromSalesOrder !== "function")
      throw new ComError("COM_NO_MEMBER", { member: "nCopyLinesFromSalesOrder" });
    p.copyLinesFromSalesOrder(String(salesOrderNo ?? ""), String(shipComplete ?? "N").toUpperCase() === "Y");
    return 1;
  }
}
