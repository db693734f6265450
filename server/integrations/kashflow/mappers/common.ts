// Shared pieces of the KashFlow ⇄ canonical mappers: text, dates, addresses, contacts, terms, validation.
import type { z } from "zod";
import { AppError } from "@/lib/errors";
import type { Address, Contact, PaymentTerms } from "@/server/domain/canonical/party";
import type { KfAddress, KfContact } from "../schemas/common";
import type { KfAddressInput, KfContactInput, KfPaymentTermsInput } from "../schemas/payloads";

/** How to read amounts KashFlow leaves open (§8.4 [INF]). */
export type MapperOptions = {
  /** The account's home currency; KashFlow is UK-only, so GBP. */
  homeCurrency?: string;
  /** Currency of DueAmount on foreign documents: "home" (the sandbox default) or the document's. */
  dueAmountCurrency?: "home" | "document";
};

/** Trimmed text, or null for null/blank. */
export const text = (v: string | null | undefined): string | null => {
  const t = v?.trim();
  return t ? t : null;
};

/** "2025-11-10T12:00:00" → "2025-11-10". */
export const isoDateOf = (v: string | null | undefined): string | null => (v ? v.slice(0, 10) : null);

/** KashFlow business dates are calendar dates sent at noon (§3.2). */
export const wireDate = (isoDate: string): string => `${isoDate} 12:00:00`;

export function addressToCanonical(a: KfAddress | null | undefined): Address | null {
  if (!a) return null;
  const lines = [a.Line1, a.Line2, a.Line3, a.Line4].map(text).filter((l): l is string => l !== null);
  const country = text(a.CountryCode)?.toUpperCase() ?? null;
  const address: Address = {
    name: text(a.Name),
    lines,
    postCode: text(a.PostCode),
    countryCode: country && /^[A-Z]{2}$/.test(country) ? country : null,
  };
  return address.lines.length || address.postCode || address.name ? address : null;
}

export function addressToKashflow(a: Address): KfAddressInput {
  // KashFlow has four address lines; anything beyond is folded into the fourth rather than lost.
  const [l1, l2, l3, ...rest] = a.lines;
  return {
    ...(a.name ? { Name: a.name } : {}),
    Line1: l1 ?? null,
    Line2: l2 ?? null,
    Line3: l3 ?? null,
    Line4: rest.length ? rest.join(", ") : null,
    PostCode: a.postCode,
    CountryCode: a.countryCode,
  };
}

export function contactToCanonical(c: KfContact, index: number): Contact {
  return {
    name: text(c.Name),
    firstName: text(c.FirstName),
    lastName: text(c.LastName),
    email: text(c.Email),
    phone: text(c.Telephone),
    mobile: text(c.Mobile),
    isPrimary: c.IsPrimary ?? index === 0,
  };
}

export const contactToKashflow = (c: Contact): KfContactInput => ({
  IsPrimary: c.isPrimary,
  Name: c.name,
  FirstName: c.firstName,
  LastName: c.lastName,
  Email: c.email,
  Telephone: c.phone,
  Mobile: c.mobile,
});

const TERMS: Record<string, PaymentTerms["basis"]> = {
  afterissueddate: "after_issue_date",
  aftermonthend: "after_month_end",
};

export function termsToCanonical(
  t: { Type?: string | null; Days?: number | null } | null | undefined,
): PaymentTerms | null {
  if (!t || (t.Type == null && t.Days == null)) return null;
  return { basis: TERMS[(t.Type ?? "").toLowerCase()] ?? "other", days: Math.max(0, t.Days ?? 0) };
}

export const termsToKashflow = (t: PaymentTerms): KfPaymentTermsInput => ({
  Type: t.basis === "after_month_end" ? "AfterMonthEnd" : "AfterIssuedDate",
  Days: t.days,
});

/** A nominal code as text ("4000"); 0 means "none" in KashFlow payloads. */
export const accountCode = (n: number | null | undefined): string | null => (n ? String(n) : null);

/** Canonical account codes are text; KashFlow nominal codes are integers. */
export function nominalCode(code: string | null, field: string): number | undefined {
  if (code === null) return undefined;
  if (!/^\d+$/.test(code.trim()))
    throw new AppError(
      "BAD_REQUEST",
      `KashFlow nominal codes are numbers; "${code}" cannot be used for ${field}. Map it to a KashFlow nominal code.`,
      {
        retryClass: "NEEDS_USER",
        reason: "InvalidNominalCode",
        fieldErrors: { [field]: ["must be a KashFlow nominal code (a number)"] },
      },
    );
  return Number(code);
}

/** Validates mapper output against the canonical schema; a failure is our bug, named by field. */
export function validated<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues)
    (fieldErrors[issue.path.map(String).join(".") || "(record)"] ??= []).push(issue.message);
  const [field, messages] = Object.entries(fieldErrors)[0] ?? ["(record)", ["invalid"]];
  throw new AppError(
    "INTERNAL",
    `We could not translate ${what} from KashFlow: ${field} ${messages[0]}. Our team has been alerted.`,
    {
      retryClass: "BUG",
      reason: "MappingFailed",
      fieldErrors,
      cause: parsed.error,
    },
  );
}
