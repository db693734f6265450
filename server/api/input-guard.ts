// Every tRPC input is checked before any procedure sees it: text Postgres cannot store (NUL) or that is not valid
// Unicode (a lone surrogate) and absurd nesting are refused as BAD_REQUEST, never reaching a query as a 500.

const MAX_DEPTH = 32;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const RESERVED_KEYS = new Set(["__proto__", "constructor", "prototype"]);

export type InputProblem = { path: string; message: string };

function textProblem(text: string): string | null {
  if (text.includes("\u0000")) return "must not contain a NUL character";
  if (LONE_SURROGATE.test(text)) return "is not valid Unicode text";
  return null;
}

/** The first problem in an input (keys and values, any depth), or null when it is safe to hand on. */
export function findInputProblem(value: unknown, path: string[] = []): InputProblem | null {
  // Bracketed: the path becomes a key of the error's fieldErrors, which superjson refuses to serialize as a bare
  // "__proto__", "constructor" or "prototype" (the answer would become a 500).
  const where = () => path.map((k) => (RESERVED_KEYS.has(k) ? `[${k}]` : k)).join(".") || "(input)";
  if (typeof value === "string") {
    const problem = textProblem(value);
    return problem ? { path: where(), message: `${where()} ${problem}.` } : null;
  }
  if (value === null || typeof value !== "object") return null;
  if (path.length >= MAX_DEPTH) return { path: where(), message: "The input is nested too deeply." };
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  for (const [key, child] of entries) {
    const keyProblem = textProblem(key);
    if (keyProblem) return { path: where(), message: `A field name ${keyProblem}.` };
    const problem = findInputProblem(child, [...path, key]);
    if (problem) return problem;
  }
  return null;
}
