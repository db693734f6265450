// Pieces of KashFlow update bodies built on the record KashFlow has, so a group written from Sage 100 replaces only
// what Sage knows: the primary contact's email and phone (other contacts and fields keep their ids and values) and
// the billing address.
import { addressToKashflow } from "@/server/integrations/kashflow/mappers/common";
import type { KfAddress, KfContact } from "@/server/integrations/kashflow/schemas/common";
import type { KfAddressInput, KfContactInput } from "@/server/integrations/kashflow/schemas/payloads";
import type { Address, Party } from "@/server/domain/canonical/party";

/** KashFlow keeps a field sent as null, so a value Sage does not have is sent blank to clear it. */
const orBlank = (v: string | null | undefined): string => v ?? "";

export function kashflowContactsInput(existing: readonly KfContact[], p: Pick<Party, "contacts">): KfContactInput[] {
  const sage = p.contacts.find((c) => c.isPrimary) ?? p.contacts[0];
  const primaryAt = Math.max(
    0,
    existing.findIndex((c) => c.IsPrimary),
  );
  if (existing.length === 0)
    return sage ? [{ IsPrimary: true, Email: orBlank(sage.email), Telephone: orBlank(sage.phone) }] : [];
  return existing.map((c, i) => ({
    ...(c.Id != null ? { Id: c.Id } : {}),
    ...(i === primaryAt ? { IsPrimary: true, Email: orBlank(sage?.email), Telephone: orBlank(sage?.phone) } : {}),
  }));
}

export function kashflowAddressInput(a: Address | KfAddress | null): KfAddressInput {
  if (!a) return { Line1: null, Line2: null, Line3: null, Line4: null, PostCode: null, CountryCode: null };
  if ("lines" in a) return addressToKashflow(a);
  return {
    Line1: a.Line1 ?? null,
    Line2: a.Line2 ?? null,
    Line3: a.Line3 ?? null,
    Line4: a.Line4 ?? null,
    PostCode: a.PostCode ?? null,
    CountryCode: a.CountryCode ?? null,
  };
}
