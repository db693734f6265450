// By-reference ("ByRef") out parameters, e.g. nGetValue("CustomerName$", ref).
// Shape chosen so ONE adapter point covers both bindings: driver code creates refs through a factory and reads them
// with valueOf(). Simulator: byRef(""); winax: new winax.Variant("", "byref"). Both expose valueOf().

export interface ByRefLike<T = unknown> {
  valueOf(): T;
}

export class ByRef<T = unknown> implements ByRefLike<T> {
  value: T;
  constructor(initial: T) {
    this.value = initial;
  }
  valueOf(): T {
    return this.value;
  }
  /** Same name as winax.Variant#assign so code written against either works. */
  assign(v: T): void {
    this.value = v;
  }
  toString(): string {
    return String(this.value);
  }
}

export function byRef<T>(initial: T): ByRef<T> {
  return new ByRef(initial);
}

/** Writes an out value into whatever the caller passed (ByRef, winax-like Variant with assign(), or {value}). */
export function setRef(ref: unknown, value: unknown): void {
  if (ref === null || typeof ref !== "object") return; // a by-value argument: COM silently drops the out value
  const target = ref as { assign?: (v: unknown) => void; value?: unknown };
  if (typeof target.assign === "function") target.assign(value);
  else target.value = value;
}
