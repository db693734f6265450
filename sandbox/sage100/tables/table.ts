// In-memory ISAM-like table: primary-key Map plus non-unique secondary indexes, with key-ordered scans
// (sorted lazily and cached) so 100k-row benchmarks stay O(1) per write.
import type { Row, TableSchema, Value } from "./schema";

const SEP = "\u0000";

export function encodeKey(values: readonly Value[]): string {
  return values.map((v) => String(v)).join(SEP);
}

function compareValues(a: Value, b: Value): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

export class Table {
  readonly schema: TableSchema;
  private readonly rows = new Map<string, Row>();
  private readonly indexMaps = new Map<string, Map<string, Set<string>>>();
  private sortedKeys: string[] | null = null;

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
    else this.sortedKeys = null;
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
    this.sortedKeys = null;
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

  /** Rows in primary-key order. */
  sorted(): Row[] {
    if (!this.sortedKeys) {
      const keyCols = this.schema.key;
      const entries = [...this.rows.entries()];
      entries.sort(([, a], [, b]) => {
        for (const c of keyCols) {
          const diff = compareValues(a[c] ?? "", b[c] ?? "");
          if (diff !== 0) return diff;
        }
        return 0;
      });
      this.sortedKeys = entries.map(([pk]) => pk);
    }
    const out: Row[] = [];
    for (const pk of this.sortedKeys) {
      const r = this.rows.get(pk);
      if (r) out.push(r);
    }
    return out;
  }

  clear(): void {
    this.rows.clear();
    for (const idx of this.indexMaps.values()) idx.clear();
    this.sortedKeys = null;
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
