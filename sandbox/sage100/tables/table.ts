// In-memory ISAM-like table: primary-key Map plus non-unique secondary indexes, with key-ordered scans. The key order
// is built on the first ordered read and then kept up to date per write (a binary search, not a re-sort), so reads
// between writes stay cheap on 100k-row tables and bulk loads cost nothing until something reads in order.
import { compareValues, KeyOrder } from "./key-order";
import type { Row, TableSchema, Value } from "./schema";

const SEP = "\u0000";

export function encodeKey(values: readonly Value[]): string {
  return values.map((v) => String(v)).join(SEP);
}

export class Table {
  readonly schema: TableSchema;
  private readonly rows = new Map<string, Row>();
  private readonly indexMaps = new Map<string, Map<string, Set<string>>>();
  private order: KeyOrder | null = null;
  /** sorted()'s answer until the next write. */
  private sortedRows: readonly Row[] | null = null;

  constructor(schema: TableSchema) {
    this.schema = schema;
    for (const name of Object.keys(schema.indexes)) this.indexMaps.set(name, new Map());
  }

  get name(): string {
    return this.schema.name;
  }

  get size(): number {
    return this.rows.size;
  }

  keyOf(row: Row): string {
    return encodeKey(this.schema.key.map((c) => row[c] ?? ""));
  }

  get(values: readonly Value[]): Row | undefined {
    return this.rows.get(encodeKey(values));
  }

  getByPk(pk: string): Row | undefined {
    return this.rows.get(pk);
  }

  has(values: readonly Value[]): boolean {
    return this.rows.has(encodeKey(values));
  }

  /** Inserts or replaces; the stored row is a copy completed with column defaults. */
  upsert(row: Row): Row {
    const stored: Row = { ...row };
    for (const c of this.schema.columns) if (stored[c.name] === undefined) stored[c.name] = c.defaultValue;
    const pk = this.keyOf(stored);
    const previous = this.rows.get(pk);
    if (previous) this.unindex(pk, previous);
    else this.order?.insert({ pk, key: this.keyValues(stored) });
    this.sortedRows = null;
    this.rows.set(pk, stored);
    this.index(pk, stored);
    return stored;
  }

  /** Applies a patch to an existing row (keeps indexes right); returns the new row or undefined. */
  patch(values: readonly Value[], changes: Row): Row | undefined {
    const existing = this.get(values);
    if (!existing) return undefined;
    return this.upsert({ ...existing, ...changes });
  }

  delete(values: readonly Value[]): boolean {
    return this.deleteByPk(encodeKey(values));
  }

  deleteByPk(pk: string): boolean {
    const existing = this.rows.get(pk);
    if (!existing) return false;
    this.unindex(pk, existing);
    this.rows.delete(pk);
    this.order?.delete({ pk, key: this.keyValues(existing) });
    this.sortedRows = null;
    return true;
  }

  /** Rows whose index columns equal `values` (insertion order). */
  lookup(indexName: string, values: readonly Value[]): Row[] {
    const idx = this.indexMaps.get(indexName);
    if (!idx) throw new Error(`${this.name}: no index ${indexName}`);
    const pks = idx.get(encodeKey(values));
    if (!pks) return [];
    const out: Row[] = [];
    for (const pk of pks) {
      const r = this.rows.get(pk);
      if (r) out.push(r);
    }
    return out;
  }

  /** Rows in insertion order (live objects: never mutate them, use upsert/patch). */
  values(): IterableIterator<Row> {
    return this.rows.values();
  }

  /** Rows in primary-key order (shared until the next write: never mutate it). */
  sorted(): readonly Row[] {
    return (this.sortedRows ??= this.rowsOf(this.keyOrder().pks()));
  }

  /** Rows whose first `values.length` key columns equal `values`, in primary-key order (a range of the key order). */
  withKeyPrefix(values: readonly Value[]): Row[] {
    if (values.length > this.schema.key.length)
      throw new Error(`${this.name}: a key prefix of ${values.length} columns`);
    return this.rowsOf(this.keyOrder().withPrefix(values));
  }

  /** `rows` (of this table) in primary-key order; equal keys keep their order. */
  inKeyOrder(rows: readonly Row[]): Row[] {
    const keyCols = this.schema.key;
    return rows.slice().sort((a, b) => {
      for (const c of keyCols) {
        const diff = compareValues(a[c] ?? "", b[c] ?? "");
        if (diff !== 0) return diff;
      }
      return 0;
    });
  }

  clear(): void {
    this.rows.clear();
    for (const idx of this.indexMaps.values()) idx.clear();
    this.order = null;
    this.sortedRows = null;
  }

  private keyValues(row: Row): Value[] {
    return this.schema.key.map((c) => row[c] ?? "");
  }

  private keyOrder(): KeyOrder {
    return (this.order ??= new KeyOrder([...this.rows].map(([pk, row]) => ({ pk, key: this.keyValues(row) }))));
  }

  private rowsOf(pks: readonly string[]): Row[] {
    const out: Row[] = [];
    for (const pk of pks) {
      const r = this.rows.get(pk);
      if (r) out.push(r);
    }
    return out;
  }

  private index(pk: string, row: Row): void {
    for (const [name, cols] of Object.entries(this.schema.indexes)) {
      const idx = this.indexMaps.get(name);
      if (!idx) continue;
      const k = encodeKey(cols.map((c) => row[c] ?? ""));
      let set = idx.get(k);
      if (!set) idx.set(k, (set = new Set()));
      set.add(pk);
    }
  }

  private unindex(pk: string, row: Row): void {
    for (const [name, cols] of Object.entries(this.schema.indexes)) {
      const idx = this.indexMaps.get(name);
      if (!idx) continue;
      const k = encodeKey(cols.map((c) => row[c] ?? ""));
      const set = idx.get(k);
      if (!set) continue;
      set.delete(pk);
      if (set.size === 0) idx.delete(k);
    }
  }
}

export { compareValues };
