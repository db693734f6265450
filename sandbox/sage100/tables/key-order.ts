// A table's primary keys kept in key order: a list of sorted chunks (each at most 2 × CHUNK entries), so an insert or
// delete costs a binary search plus a short splice, and a key-prefix range is found by binary search — instead of
// re-sorting the whole table after every insert.
import type { Value } from "./schema";

export type KeyEntry = { readonly pk: string; readonly key: readonly Value[] };

const CHUNK = 512;

export function compareValues(a: Value, b: Value): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Compares the first `prefix.length` key columns of `key` with `prefix`. */
function comparePrefix(key: readonly Value[], prefix: readonly Value[]): number {
  for (let i = 0; i < prefix.length; i++) {
    const diff = compareValues(key[i] ?? "", prefix[i] ?? "");
    if (diff !== 0) return diff;
  }
  return 0;
}

export class KeyOrder {
  private chunks: KeyEntry[][] = [];

  /** From entries in insertion order: a stable sort keeps insertion order among equal keys, as a full re-sort did. */
  constructor(entries: KeyEntry[]) {
    entries.sort((a, b) => comparePrefix(a.key, b.key));
    for (let i = 0; i < entries.length; i += CHUNK) this.chunks.push(entries.slice(i, i + CHUNK));
  }

  /** Adds a new key after any equal ones (a new row sorts last among equals, as in insertion order). */
  insert(entry: KeyEntry): void {
    if (this.chunks.length === 0) {
      this.chunks.push([entry]);
      return;
    }
    // The first chunk whose last key is greater than the new one (else the last chunk).
    let c = this.firstChunk((last) => comparePrefix(last.key, entry.key) > 0);
    if (c === this.chunks.length) c--;
    const chunk = this.chunks[c]!;
    chunk.splice(upperBound(chunk, entry.key), 0, entry);
    if (chunk.length > 2 * CHUNK) this.chunks.splice(c, 1, chunk.slice(0, CHUNK), chunk.slice(CHUNK));
  }

  delete(entry: KeyEntry): boolean {
    for (let c = this.firstChunk((last) => comparePrefix(last.key, entry.key) >= 0); c < this.chunks.length; c++) {
      const chunk = this.chunks[c]!;
      for (let i = lowerBound(chunk, entry.key); i < chunk.length; i++) {
        const e = chunk[i]!;
        if (comparePrefix(e.key, entry.key) !== 0) return false;
        if (e.pk !== entry.pk) continue;
        chunk.splice(i, 1);
        if (chunk.length === 0) this.chunks.splice(c, 1);
        return true;
      }
    }
    return false;
  }

  /** Every primary key in key order. */
  pks(): string[] {
    const out: string[] = [];
    for (const chunk of this.chunks) for (const e of chunk) out.push(e.pk);
    return out;
  }

  /** Primary keys whose first `prefix.length` key columns equal `prefix`, in key order. */
  withPrefix(prefix: readonly Value[]): string[] {
    const out: string[] = [];
    for (let c = this.firstChunk((last) => comparePrefix(last.key, prefix) >= 0); c < this.chunks.length; c++) {
      const chunk = this.chunks[c]!;
      for (let i = lowerBound(chunk, prefix); i < chunk.length; i++) {
        const e = chunk[i]!;
        if (comparePrefix(e.key, prefix) !== 0) return out;
        out.push(e.pk);
      }
    }
    return out;
  }

  /** Index of the first chunk whose last entry satisfies `test` (monotone over chunks). */
  private firstChunk(test: (last: KeyEntry) => boolean): number {
    let lo = 0;
    let hi = this.chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const chunk = this.chunks[mid]!;
      if (test(chunk[chunk.length - 1]!)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** First index whose key (compared on `prefix`'s columns) is not below `prefix`. */
function lowerBound(chunk: readonly KeyEntry[], prefix: readonly Value[]): number {
  let lo = 0;
  let hi = chunk.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (comparePrefix(chunk[mid]!.key, prefix) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose key is above `key`. */
function upperBound(chunk: readonly KeyEntry[], key: readonly Value[]): number {
  let lo = 0;
  let hi = chunk.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (comparePrefix(chunk[mid]!.key, key) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
