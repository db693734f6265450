// Table-driven pass-through fields: writable scalars KashFlow stores but the sandbox never computes with.
import type { z } from "zod";
import { dec4, money } from "./format";
import type { Scalar } from "./store/types";
import { zBool, zDec4, zInt, zMoney, zStr } from "./validation";

export type FieldKind = "str" | "int" | "bool" | "money" | "dec4";
export type FieldSpec = Record<string, FieldKind>;

const ZOD: Record<FieldKind, z.ZodType> = { str: zStr, int: zInt, bool: zBool, money: zMoney, dec4: zDec4 };
const DEFAULTS: Record<FieldKind, Scalar> = { str: "", int: 0, bool: false, money: 0, dec4: 0 };

/** zod shape for a spec: every field optional and nullable, as ASP.NET binding is. */
export function fieldShape(spec: FieldSpec): Record<string, z.ZodType> {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, kind] of Object.entries(spec)) shape[name] = ZOD[kind].nullish();
  return shape;
}

export function fieldDefaults(spec: FieldSpec, overrides: Record<string, Scalar> = {}): Record<string, Scalar> {
  const out: Record<string, Scalar> = {};
  for (const [name, kind] of Object.entries(spec)) out[name] = DEFAULTS[kind];
  return { ...out, ...overrides };
}

/** The spec's fields present in a parsed body; null resets a field to its default. */
export function pickFields(spec: FieldSpec, body: Record<string, unknown>): Record<string, Scalar> {
  const out: Record<string, Scalar> = {};
  for (const [name, kind] of Object.entries(spec)) {
    const v = body[name];
    if (v === undefined) continue;
    out[name] = v === null ? DEFAULTS[kind] : (v as Scalar);
  }
  return out;
}

export function fieldView(spec: FieldSpec, values: Record<string, Scalar>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, kind] of Object.entries(spec)) {
    const v = values[name] ?? DEFAULTS[kind];
    out[name] = kind === "money" ? money(Number(v)) : kind === "dec4" ? dec4(Number(v)) : v;
  }
  return out;
}
