// Views and input mappers shared by several resources (addresses, contacts, currency blocks).
import { dec4 } from "../format";
import { countryName } from "../reference";
import type { Books } from "../store/books";
import type { AddressRec, ContactRec, DeliveryAddressRec, NameValue } from "../store/types";
import type { AddressInput, ContactInput } from "../validation";

export function toAddress(a: AddressInput): AddressRec {
  return {
    Line1: a.Line1 ?? null,
    Line2: a.Line2 ?? null,
    Line3: a.Line3 ?? null,
    Line4: a.Line4 ?? null,
    PostCode: a.PostCode ?? null,
    CountryCode: a.CountryCode ? a.CountryCode.toUpperCase() : null,
  };
}

export function toDeliveryAddress(a: AddressInput): DeliveryAddressRec {
  return { Name: a.Name ?? null, ...toAddress(a) };
}

export function addressView(a: AddressRec | null): Record<string, unknown> | null {
  if (!a) return null;
  return {
    Line1: a.Line1,
    Line2: a.Line2,
    Line3: a.Line3,
    Line4: a.Line4,
    PostCode: a.PostCode,
    CountryCode: a.CountryCode,
    CountryName: countryName(a.CountryCode),
  };
}

export function deliveryAddressView(a: DeliveryAddressRec | null): Record<string, unknown> | null {
  if (!a) return null;
  return { Name: a.Name, ...addressView(a) };
}

export function toContacts(inputs: ContactInput[], existing: ContactRec[], books: Books): ContactRec[] {
  const byId = new Map(existing.map((c) => [c.Id, c]));
  return inputs.map((c, i) => {
    const prev = c.Id != null ? byId.get(c.Id) : undefined;
    return {
      Id: prev?.Id ?? books.next("contact"),
      IsPrimary: c.IsPrimary ?? prev?.IsPrimary ?? i === 0,
      ReceiveEmails: c.ReceiveEmails ?? prev?.ReceiveEmails ?? true,
      Name: c.Name ?? prev?.Name ?? null,
      Title: c.Title ?? prev?.Title ?? null,
      Firstname: c.Firstname ?? prev?.Firstname ?? null,
      LastName: c.LastName ?? prev?.LastName ?? null,
      Telephone: c.Telephone ?? prev?.Telephone ?? null,
      Fax: c.Fax ?? prev?.Fax ?? null,
      Mobile: c.Mobile ?? prev?.Mobile ?? null,
      Website: c.Website ?? prev?.Website ?? null,
      Email: c.Email ?? prev?.Email ?? null,
    };
  });
}

export const toNameValues = (items: { Name?: string | null; Value?: string | null }[]): NameValue[] =>
  items.map((i) => ({ Name: i.Name ?? null, Value: i.Value ?? null }));

/** Currency block as responses show it; ExchangeRate may be the document's own rate. */
export function currencyView(books: Books, code: string, exchangeRate?: number): Record<string, unknown> {
  const c = books.currencies.get(code.toUpperCase());
  return {
    Code: code,
    ExchangeRate: dec4(exchangeRate ?? c?.ExchangeRate ?? 10_000),
    Id: c?.Id ?? 0,
    Name: c?.Name ?? code,
    Symbol: c?.Symbol ?? "",
    DisplaySymbolOnRight: c?.DisplaySymbolOnRight ?? false,
  };
}

/** Cache key for a list query: resource + every parameter except paging. */
export function listKey(resource: string, url: string, extra = ""): string {
  const params = [...new URL(url).searchParams]
    .map(([k, v]) => [k.toLowerCase(), v] as const)
    .filter(([k]) => k !== "page" && k !== "perpage" && k !== "skipperpagevalidation")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  return `${resource}?${params}#${extra}`;
}

export const containsCi = (hay: string | null | undefined, needle: string): boolean =>
  !!hay && hay.toLowerCase().includes(needle);
