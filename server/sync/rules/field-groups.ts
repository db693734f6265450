// The field groups of a party and an item, and when a group is "in step" between the two systems: equal as
// canonical values, or equal once both are shaped for Sage 100 (compared the way the agent compares: trimmed, any
// case), so a value Sage can only hold cut, or a terms code that reads back differently, never looks like a change.
import { stableStringify } from "@/server/integrations/kashflow/hash";
import type { Item } from "@/server/domain/canonical/item";
import { compareDecimal } from "@/server/domain/canonical/money";
import type { Party } from "@/server/domain/canonical/party";
import { normaliseEmail } from "./matching";
import type { FieldGroup } from "./ownership";

export const PARTY_GROUPS: readonly FieldGroup[] = ["names", "contact", "address", "creditTerms", "status"];
export const ITEM_GROUPS: readonly FieldGroup[] = ["names", "itemPricing", "tax", "status"];

const primary = (p: Party) => p.contacts.find((c) => c.isPrimary) ?? p.contacts[0];
const blank = (v: string | null | undefined): string | null => (v && v.trim() ? v.trim() : null);

/** A party group as a canonical value (what "equal" means before any shaping). */
export function partyGroupValue(p: Party, group: FieldGroup): unknown {
  switch (group) {
    case "names":
      return p.name.trim();
    case "contact": {
      const c = primary(p);
      return { email: blank(c?.email) ? normaliseEmail(c!.email) : null, phone: blank(c?.phone ?? c?.mobile) };
    }
    case "address":
      return p.billingAddress
        ? {
            lines: p.billingAddress.lines,
            postCode: p.billingAddress.postCode,
            countryCode: p.billingAddress.countryCode,
          }
        : null;
    case "creditTerms":
      return p.paymentTerms;
    case "status":
      return p.isArchived;
    default:
      return undefined;
  }
}

export function itemGroupValue(i: Item, group: FieldGroup): unknown {
  switch (group) {
    case "names":
      return i.name.trim();
    case "itemPricing":
      return i.unitPrice;
    case "tax":
      return { vatExempt: i.vatExempt, vatRate: i.vatRate };
    case "status":
      return i.isActive;
    default:
      return undefined;
  }
}

const sameCanonical = (a: unknown, b: unknown): boolean => {
  if (typeof a === "string" && typeof b === "string" && /^-?\d+(\.\d+)?$/.test(a) && /^-?\d+(\.\d+)?$/.test(b))
    return compareDecimal(a, b) === 0;
  return stableStringify(a) === stableStringify(b);
};

/** Sage compares text trimmed and without case; decimals by value; undefined (no Sage value possible) only equals itself. */
function sameSageValue(a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (typeof a === "string" && typeof b === "string") {
    if (/^-?\d+(\.\d+)?$/.test(a) && /^-?\d+(\.\d+)?$/.test(b)) return compareDecimal(a, b) === 0;
    return a.trim().toUpperCase() === b.trim().toUpperCase();
  }
  return a === b;
}

/** The groups that differ between KashFlow's and Sage 100's version of one record. */
export function differingGroups<C, F>(o: {
  groups: readonly FieldGroup[];
  canonical: { kashflow: C; sage100: C };
  sage: { kashflow: F; sage100: F };
  canonicalValue: (record: C, group: FieldGroup) => unknown;
  sageFields: Partial<Record<FieldGroup, ReadonlyArray<keyof F>>>;
}): FieldGroup[] {
  return o.groups.filter((group) => {
    if (sameCanonical(o.canonicalValue(o.canonical.kashflow, group), o.canonicalValue(o.canonical.sage100, group)))
      return false;
    // A group with no Sage shape is judged on its canonical value alone.
    const fields = o.sageFields[group] ?? [];
    return fields.length === 0 || !fields.every((f) => sameSageValue(o.sage.kashflow[f], o.sage.sage100[f]));
  });
}

/** Which group a warning belongs to (by its field), so a record only shows warnings about what was written. */
export function groupOfWarning(field: string): FieldGroup | null {
  if (field === "name") return "names";
  if (field.startsWith("address")) return "address";
  if (field.startsWith("contacts")) return "contact";
  if (field === "paymentTerms") return "creditTerms";
  if (field === "unitPrice" || field === "currency") return "itemPricing";
  if (field === "vatRate" || field === "taxClass") return "tax";
  return null;
}

export const warningsFor = <W extends { field: string }>(warnings: readonly W[], groups: readonly FieldGroup[]): W[] =>
  warnings.filter((w) => {
    const g = groupOfWarning(w.field);
    return g === null || groups.includes(g);
  });
