// zod helpers reproducing ASP.NET Web API model binding: case-insensitive keys, "12" binds to int, unknown keys ignored.
import { z } from "zod";
import { badRequest } from "./errors";
import { parseWireDate, type ParsedDate } from "./format";
import { toUnits } from "./money";

/** True for JSON-style objects only (not arrays, not class instances such as Dec). */
export const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
};

/** z.object whose keys bind case-insensitively (ASP.NET binding); unknown keys are dropped. */
export function ci<T extends z.ZodRawShape>(shape: T) {
  const canonical = new Map(Object.keys(shape).map((k) => [k.toLowerCase(), k]));
  return z.preprocess((v) => {
    if (!isPlainObject(v)) return v;
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(v)) {
      const key = canonical.get(k.toLowerCase());
      if (key !== undefined) out[key] = val;
    }
    return out;
  }, z.object(shape));
}

const intText = /^[+-]?\d+$/;
const numText = /^[+-]?(\d+\.?\d*|\.\d+)$/;

export const zInt = z.union([z.number().int(), z.string().trim().regex(intText).transform(Number)]);
export const zNum = z.union([z.number().finite(), z.string().trim().regex(numText).transform(Number)]);
export const zBool = z.union([
  z.boolean(),
  z.number().transform((n) => n !== 0),
  z
    .string()
    .trim()
    .regex(/^(true|false|0|1)$/i)
    .transform((s) => /^(true|1)$/i.test(s)),
]);
/** Strings also accept numbers (a customer Code of 1001 posted as a number). */
export const zStr = z
  .union([z.string(), z.number().transform(String)])
  .transform((s) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ""));

function unitsOf(scale: number) {
  return z.union([z.number(), z.string()]).transform((v, ctx) => {
    const u = toUnits(v, scale);
    if (u === null) {
      ctx.addIssue({ code: "custom", message: "must be a decimal number" });
      return z.NEVER;
    }
    return u;
  });
}
/** Decimal money → integer pence. */
export const zMoney = unitsOf(2);
/** Decimal → integer 10^-4 units (quantities, unit rates, exchange rates, VAT levels). */
export const zDec4 = unitsOf(4);

export const zDate = z.string().transform((v, ctx): ParsedDate => {
  const p = parseWireDate(v);
  if (!p) {
    ctx.addIssue({ code: "custom", message: "must be a date like YYYY-MM-DD HH:mm:ss" });
    return z.NEVER;
  }
  return p;
});

export const zAddress = ci({
  Line1: zStr.nullish(),
  Line2: zStr.nullish(),
  Line3: zStr.nullish(),
  Line4: zStr.nullish(),
  PostCode: zStr.nullish(),
  CountryCode: zStr.nullish(),
  Name: zStr.nullish(),
});
export type AddressInput = z.infer<typeof zAddress>;

export const zContact = ci({
  Id: zInt.nullish(),
  IsPrimary: zBool.nullish(),
  ReceiveEmails: zBool.nullish(),
  Name: zStr.nullish(),
  Title: zStr.nullish(),
  Firstname: zStr.nullish(),
  LastName: zStr.nullish(),
  Telephone: zStr.nullish(),
  Fax: zStr.nullish(),
  Mobile: zStr.nullish(),
  Website: zStr.nullish(),
  Email: zStr.nullish(),
});
export type ContactInput = z.infer<typeof zContact>;

export const zNameValue = ci({ Name: zStr.nullish(), Value: zStr.nullish() });
export const zPaymentTerms = ci({ Type: zStr.nullish(), Days: zInt.nullish() });
export const zCurrencyRef = ci({ Code: zStr.nullish(), ExchangeRate: zDec4.nullish() });

function describe(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 3)
    .map((i) => {
      const path = i.path
        .map((p, idx) => (typeof p === "number" ? `[${p}]` : `${idx === 0 ? "" : "."}${String(p)}`))
        .join("");
      return path ? `${path}: ${i.message}` : i.message;
    })
    .join("; ");
}

/** Validates a parsed JSON body; failures become KashFlow-style 400s. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw badRequest(`The request is invalid. ${describe(r.error.issues)}`);
  return r.data;
}
