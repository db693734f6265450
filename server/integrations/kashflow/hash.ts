// Stable content hashes: the same data always hashes the same, whatever the key order or volatile fields.
import { createHash } from "node:crypto";

/** JSON with sorted keys; undefined dropped, so a missing optional field equals an absent one. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map((v) => stableStringify(v)).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(",")}}`;
}

/** SHA-256 of the stable form, leaving out `exclude` keys at any depth (balances, timestamps, running totals). */
export function contentHash(value: unknown, exclude: readonly string[] = []): string {
  const drop = new Set(exclude);
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v === null || typeof v !== "object") return v;
    const out: Record<string, unknown> = {};
    for (const [k, inner] of Object.entries(v as Record<string, unknown>)) if (!drop.has(k)) out[k] = strip(inner);
    return out;
  };
  return createHash("sha256").update(stableStringify(drop.size ? strip(value) : value)).digest("hex");
}
