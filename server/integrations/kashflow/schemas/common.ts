// Tolerant building blocks for KashFlow payloads (spec §3, §10.8): numbers or strings, optional everything,
// property names matched case-insensitively (VATNumber / VatNumber, Firstname / FirstName), unknown fields dropped.
import { z } from "zod";
import { toDecimal } from "@/server/domain/canonical/money";

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * An object schema whose keys match the payload's case-insensitively, with extra aliases
 * ({ MethodID: "Id" }); the first non-null value wins and unknown keys are ignored.
 */
export function kfObject<S extends z.ZodRawShape>(shape: S, aliases: Record<string, keyof S & string> = {}) {
  const lookup = new Map<string, string>();
  for (const k of Object.keys(shape)) lookup.set(k.toLowerCase(), k);
  for (const [alias, target] of Object.entries(aliases)) lookup.set(alias.toLowerCase(), target);
  return z.preprocess((value) => {
    if (!isPlainObject(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const target = lookup.get(k.toLowerCase());
      if (target !== undefined && (out[target] === undefined || out[target] === null)) out[target] = v;
    }
    return out;
  }, z.object(shape));
}

/** A decimal (money, rate, quantity) as an exact decimal string; JSON number or string ("1,234.50", "£3.00"). */
export const kfDecimal = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const d = toDecimal(v);
  if (d === null) {
    ctx.addIssue({ code: "custom", message: `expected a number, got ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return d;
});

/** A whole number that may arrive as a string ("4000"). */
export const kfInt = z.union([
  z.number().int(),
  z
    .string()
    .trim()
    .regex(/^[+-]?\d+$/, "expected a whole number")
    .transform(Number),
]);

/** Text that may arrive as a number (nominal Type, codes). */
export const kfString = z.union([z.string(), z.number().transform(String)]);

export const kfBool = z.union([
  z.boolean(),
  z.enum(["true", "false", "True", "False", "TRUE", "FALSE"]).transform((v) => v.toLowerCase() === "true"),
  z.union([z.literal(0), z.literal(1)]).transform((v) => v === 1),
]);

const WIRE_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
/** KashFlow's "never" dates (§3.2). */
const SENTINELS = new Set(["1900-01-01", "1970-01-01", "0001-01-01"]);

/**
 * A KashFlow date ("2025-11-10 12:00:00", with T, with an offset, or date-only) as an ISO timestamp
 * "2025-11-10T12:00:00[+05:30]"; KashFlow's "never" sentinels become null.
 */
export const kfDateTime = z.string().transform((v, ctx) => {
  const m = WIRE_DATE.exec(v.trim());
  if (!m) {
    ctx.addIssue({ code: "custom", message: `expected a date such as 2025-11-10 12:00:00, got ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  const [, y, mo, d, h = "12", mi = "00", s = "00", off] = m;
  const ymd = `${y}-${mo}-${d}`;
  if (SENTINELS.has(ymd)) return null;
  const offset = off ? (off.toUpperCase() === "Z" ? "Z" : off.replace(/^([+-]\d{2}):?(\d{2})$/, "$1:$2")) : "";
  return `${ymd}T${h.padStart(2, "0")}:${mi}:${s}${offset}`;
});

/** Optional-and-nullable, the way ASP.NET payloads treat almost every field. */
export const opt = <T extends z.ZodType>(schema: T) => schema.nullish();

export const addressSchema = kfObject({
  Name: opt(kfString),
  Line1: opt(kfString),
  Line2: opt(kfString),
  Line3: opt(kfString),
  Line4: opt(kfString),
  PostCode: opt(kfString),
  CountryCode: opt(kfString),
  CountryName: opt(kfString),
});
export type KfAddress = z.infer<typeof addressSchema>;

export const contactSchema = kfObject({
  Id: opt(kfInt),
  IsPrimary: opt(kfBool),
  ReceiveEmails: opt(kfBool),
  Name: opt(kfString),
  Title: opt(kfString),
  FirstName: opt(kfString),
  LastName: opt(kfString),
  Telephone: opt(kfString),
  Fax: opt(kfString),
  Mobile: opt(kfString),
  Website: opt(kfString),
  Email: opt(kfString),
});
export type KfContact = z.infer<typeof contactSchema>;

export const currencyRefSchema = kfObject({
  Id: opt(kfInt),
  Code: opt(kfString),
  Name: opt(kfString),
  Symbol: opt(kfString),
  ExchangeRate: opt(kfDecimal),
  DisplaySymbolOnRight: opt(kfBool),
});
export type KfCurrencyRef = z.infer<typeof currencyRefSchema>;

export const paymentTermsSchema = kfObject({ Type: opt(kfString), Days: opt(kfInt) });
export const idNameSchema = kfObject({ Id: opt(kfInt), Name: opt(kfString) });

/** Paging metadata (§3.4); only what the pager needs is required to make sense. */
export const pageMetaSchema = kfObject({
  TotalRecords: opt(kfInt),
  FirstPageUrl: opt(z.string()),
  LastPageUrl: opt(z.string()),
  PreviousPageUrl: opt(z.string()),
  NextPageUrl: opt(z.string()),
  TotalAmount: opt(kfDecimal),
  InvoiceLimitReached: opt(kfBool),
  OpeningBalance: opt(kfDecimal),
  ClosingBalance: opt(kfDecimal),
});
export type KfPageMeta = z.infer<typeof pageMetaSchema>;
