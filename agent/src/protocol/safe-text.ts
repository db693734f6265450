// A copy of lib/safe-text.ts (the agent ships on its own and imports nothing outside agent/); lib/safe-text.test.ts
// keeps the two identical.

/** The key an object gets when cleanJson(value, { mark: true }) changed it: the (cleaned) keys whose text changed. */
export const CLEANED_TEXT_KEY = "_cleanedText";

// A NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const UNSAFE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function cleanText(s: string): { text: string; changed: boolean } {
  UNSAFE.lastIndex = 0;
  if (!UNSAFE.test(s)) return { text: s, changed: false };
  return { text: s.replace(UNSAFE, (c) => (c === "\u0000" ? "" : "\uFFFD")), changed: true };
}

/** What cleaned text says on a record: which characters went and why. */
export const cleanedTextMessage = (field: string) =>
  `${field} held characters the database cannot store (a NUL byte or a broken UTF-16 character): NUL bytes were removed and broken characters replaced with �.`;

export type CleanedJson<T> = { value: T; changed: string[] };

/** Deeper than any message we exchange: refused rather than walked (and rather than overflowing the stack). */
export const MAX_JSON_DEPTH = 64;

export class JsonTooDeep extends Error {
  constructor() {
    super(`The JSON is nested deeper than ${MAX_JSON_DEPTH} levels.`);
    this.name = "JsonTooDeep";
  }
}

/**
 * A deep copy of a JSON value with every string and key cleaned, and the paths ("rows.3.CustomerName") it changed.
 * With `mark`, each object that held unclean text also lists those keys under CLEANED_TEXT_KEY, so the warning
 * travels with the data (a Sage row, a result record) to whatever reads it later. Throws JsonTooDeep past
 * MAX_JSON_DEPTH levels.
 */
export function cleanJson<T>(value: T, options: { mark?: boolean } = {}): CleanedJson<T> {
  const changed: string[] = [];
  const walk = (v: unknown, path: string, depth = 0): unknown => {
    if (depth > MAX_JSON_DEPTH) throw new JsonTooDeep();
    if (typeof v === "string") {
      const c = cleanText(v);
      if (c.changed) changed.push(path || "(value)");
      return c.text;
    }
    if (Array.isArray(v)) return v.map((item, i) => walk(item, path ? `${path}.${i}` : String(i), depth + 1));
    if (v === null || typeof v !== "object") return v;
    const entries: [string, unknown][] = [];
    const marked: string[] = [];
    for (const [rawKey, item] of Object.entries(v)) {
      const k = cleanText(rawKey);
      const at = path ? `${path}.${k.text}` : k.text;
      if (k.changed) changed.push(at);
      const before = changed.length;
      entries.push([k.text, walk(item, at, depth + 1)]);
      if (k.changed || (typeof item === "string" && changed.length > before)) marked.push(k.text);
    }
    // fromEntries defines own properties: a "__proto__" key from JSON stays data, never a prototype.
    const out: Record<string, unknown> = Object.fromEntries(entries);
    if (options.mark && marked.length) {
      const already = Array.isArray(out[CLEANED_TEXT_KEY]) ? (out[CLEANED_TEXT_KEY] as unknown[]) : [];
      out[CLEANED_TEXT_KEY] = [...new Set([...already.map(String), ...marked])];
    }
    return out;
  };
  return { value: walk(value, "") as T, changed };
}
