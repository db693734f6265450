// Customers and vendors in Sage 100's shape (AR_Customer / AP_Vendor share it): the fields a party group maps to,
// a canonical Party read from a row, and a Party fitted into Sage's lengths with every cut recorded.
import { partySchema, type Contact, type Party } from "@/server/domain/canonical/party";
import type { FieldGroup, RecordWarning } from "@/server/domain/model";
import { fromSageAddress, toSageAddress, type AddressRule, type SageAddress } from "@/server/domain/rules/address";
import { termsFromSage, termsToSage } from "@/server/domain/rules/terms";
import { FitLog } from "@/server/domain/rules/text-fit";
import { stamp, text, type SageRow } from "./row";

export type SagePartyFields = SageAddress & {
  name: string;
  telephoneNo: string;
  emailAddress: string;
  /** Undefined when the terms have no Sage code (Sage keeps its own). */
  termsCode: string | undefined;
  status: "A" | "I";
};

/** Column lengths of AR_Customer / AP_Vendor (2018 layouts, as the simulator has them). */
export const SAGE_PARTY_LENGTHS = { name: 30, telephoneNo: 17, emailAddress: 250 } as const;

/** Which Sage fields each party group writes. */
export const SAGE_PARTY_GROUP_FIELDS: Partial<Record<FieldGroup, ReadonlyArray<keyof SagePartyFields>>> = {
  names: ["name"],
  contact: ["telephoneNo", "emailAddress"],
  address: ["addressLine1", "addressLine2", "addressLine3", "city", "state", "zipCode", "countryCode"],
  creditTerms: ["termsCode"],
  status: ["status"],
};

/** Where the columns differ between AR_Customer and AP_Vendor. */
export type PartyColumns = { kind: Party["kind"]; no: string; name: string; status: string };

/** The primary contact (or the first): the one Sage's single email and phone belong to. */
export const primaryContact = (p: Pick<Party, "contacts">): Contact | undefined =>
  p.contacts.find((c) => c.isPrimary) ?? p.contacts[0];

export function sagePartyFieldsOfRow(row: SageRow, cols: PartyColumns): SagePartyFields {
  return {
    name: text(row, cols.name),
    addressLine1: text(row, "AddressLine1"),
    addressLine2: text(row, "AddressLine2"),
    addressLine3: text(row, "AddressLine3"),
    city: text(row, "City"),
    state: text(row, "State"),
    zipCode: text(row, "ZipCode"),
    countryCode: text(row, "CountryCode"),
    telephoneNo: text(row, "TelephoneNo"),
    emailAddress: text(row, "EmailAddress"),
    termsCode: text(row, "TermsCode") || undefined,
    status: text(row, cols.status) === "I" ? "I" : "A",
  };
}

/** A Sage customer/vendor row as a canonical Party, plus what could not be carried (warnings). */
export function sageRowToParty(row: SageRow, cols: PartyColumns): { party: Party; warnings: RecordWarning[] } {
  const log = new FitLog();
  const f = sagePartyFieldsOfRow(row, cols);
  const email = f.emailAddress || null;
  const phone = f.telephoneNo || null;
  const contacts: Contact[] =
    email || phone
      ? [{ name: null, firstName: null, lastName: null, email, phone, mobile: null, isPrimary: true }]
      : [];
  const party = partySchema.parse({
    kind: cols.kind,
    code: text(row, cols.no),
    name: f.name,
    isArchived: f.status === "I",
    // Sage 100 (US edition) keeps no currency per customer or vendor: the company's, USD.
    currency: "USD",
    vatNumber: null,
    billingAddress: fromSageAddress(f, log),
    deliveryAddresses: [],
    contacts,
    paymentTerms: f.termsCode ? termsFromSage(f.termsCode) : null,
    defaultAccountCode: null,
    discountRate: null,
    note: null,
    createdAt: stamp(row, "Created"),
    updatedAt: stamp(row, "Updated"),
  });
  if (f.termsCode && !party.paymentTerms)
    log.warn(
      "paymentTerms",
      `Sage 100 terms code ${f.termsCode} has no KashFlow equivalent yet; KashFlow keeps its own terms.`,
    );
  return { party, warnings: log.warnings };
}

/** A canonical Party fitted into Sage 100's fields by the company's address rule. */
export function partyToSageFields(p: Party, rule: AddressRule): { fields: SagePartyFields; warnings: RecordWarning[] } {
  const log = new FitLog();
  const contact = primaryContact(p);
  const L = SAGE_PARTY_LENGTHS;
  const fields: SagePartyFields = {
    name: log.fit(p.name, L.name, "name", "Name"),
    ...toSageAddress(p.billingAddress, rule, log),
    telephoneNo: log.fit(contact?.phone ?? contact?.mobile, L.telephoneNo, "contacts.phone", "Telephone"),
    emailAddress: log.fit(contact?.email, L.emailAddress, "contacts.email", "Email"),
    termsCode: termsToSage(p.paymentTerms, log),
    status: p.isArchived ? "I" : "A",
  };
  if (p.contacts.length > 1)
    log.warn(
      "contacts",
      `Sage 100 keeps one email and phone per ${p.kind === "customer" ? "customer" : "vendor"}: the primary contact's.`,
    );
  return { fields, warnings: log.warnings };
}

/** Only the fields of the groups being written, ready for an upsert payload (terms omitted when unmapped). */
export function pickPartyFields(fields: SagePartyFields, groups: readonly FieldGroup[]): Partial<SagePartyFields> {
  const out: Partial<SagePartyFields> = {};
  for (const g of groups)
    for (const key of SAGE_PARTY_GROUP_FIELDS[g] ?? [])
      if (fields[key] !== undefined) Object.assign(out, { [key]: fields[key] });
  return out;
}

/** The payload fields both upsertCustomer and upsertVendor take, from the fields being written. */
export function partyPayloadFields(f: Partial<SagePartyFields>, currentName: string) {
  const { name, termsCode, status, ...rest } = f;
  return {
    name: name ?? currentName,
    ...rest,
    ...(termsCode !== undefined ? { termsCode } : {}),
    ...(status !== undefined ? { status } : {}),
  };
}
