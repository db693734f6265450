// Stable content hashes: the same data always hashes the same, whatever the key order or volatile fields.
import { createHash } from "node:crypto";

/** Stable JSON of `value` leaving out `drop` keys at any depth, written in one pass (it runs for every record seen). */
function write(value: unknown, drop: ReadonlySet<string> | null): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) out += (i ? "," : "") + write(value[i], drop);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  let out = "{";
  let first = true;
  for (const key of Object.keys(record).sort()) {
    if (drop?.has(key)) continue;
    const inner = record[key];
    if (inner === undefined) continue;
    out += `${first ? "" : ","}${JSON.stringify(key)}:${write(inner, drop)}`;
    first = false;
  }
  return `${out}}`;
}

/** JSON with sorted keys; undefined dropped, so a missing optional field equals an absent one. */
export function stableStringify(value: unknown): string {
  return write(value, null);
}

/** SHA-256 of the stable form, leaving out `exclude` keys at any depth (balances, timestamps, running totals). */
export function contentHash(value: unknown, exclude: readonly string[] = []): string {
  return createHash("sha256")
    .update(write(value, exclude.length ? new Set(exclude) : null))
    .digest("hex");
}
