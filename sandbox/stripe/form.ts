// Stripe's request encoding: form bodies and query strings with bracket keys (`line_items[0][price]`, `expand[]`,
// `metadata[org]`), decoded into nested objects and arrays of strings.

export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormObject = { [key: string]: FormValue };

/** Splits `a[b][0][]` into ["a", "b", "0", ""]; a malformed key is kept whole. */
function keyPath(key: string): string[] {
  const open = key.indexOf("[");
  if (open <= 0) return [key];
  const parts = [key.slice(0, open)];
  const rest = key.slice(open);
  const re = /\[([^[\]]*)\]/g;
  let consumed = 0;
  for (let m = re.exec(rest); m; m = re.exec(rest)) {
    if (m.index !== consumed) return [key];
    parts.push(m[1] ?? "");
    consumed = m.index + m[0].length;
  }
  return consumed === rest.length ? parts : [key];
}

type Node = { [key: string]: Node | string } | string;

function insert(root: { [key: string]: Node }, path: string[], value: string): void {
  let node: { [key: string]: Node } = root;
  for (let i = 0; i < path.length; i++) {
    let seg = path[i]!;
    // `expand[]` appends: give each occurrence the next free index.
    if (seg === "") seg = String(Object.keys(node).length);
    if (i === path.length - 1) {
      node[seg] = value;
      return;
    }
    const next = node[seg];
    if (typeof next === "object") node = next;
    else {
      const created: { [key: string]: Node } = {};
      node[seg] = created;
      node = created;
    }
  }
}

/** Objects whose keys are all 0..n-1 become arrays (in index order). */
function finish(node: Node): FormValue {
  if (typeof node === "string") return node;
  const keys = Object.keys(node);
  const isArray = keys.length > 0 && keys.every((k) => /^\d+$/.test(k));
  if (isArray) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((k) => finish(node[String(k)]!));
  }
  const out: FormObject = {};
  for (const k of keys) out[k] = finish(node[k]!);
  return out;
}

/** Keys that would reach Object.prototype through a bracket path: dropped, as no Stripe parameter uses them. */
const UNSAFE = new Set(["__proto__", "constructor", "prototype"]);

export function parseForm(encoded: string): FormObject {
  const root: { [key: string]: Node } = {};
  for (const [key, value] of new URLSearchParams(encoded)) {
    const path = keyPath(key);
    if (path.some((seg) => UNSAFE.has(seg))) continue;
    insert(root, path, value);
  }
  return finish(root) as FormObject;
}
