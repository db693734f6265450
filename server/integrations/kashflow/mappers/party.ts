// Customers and suppliers ⇄ canonical Party.
import { partySchema, type Party } from "@/server/domain/canonical/party";
import type { KfCustomer } from "../schemas/customer";
import type { KfCustomerInput, KfSupplierInput } from "../schemas/payloads";
import type { KfSupplier } from "../schemas/supplier";
import {
  accountCode,
  addressToCanonical,
  addressToKashflow,
  contactToCanonical,
  contactToKashflow,
  nominalCode,
  termsToCanonical,
  termsToKashflow,
  text,
  validated,
} from "./common";

export function customerToParty(c: KfCustomer): Party {
  const [billing, ...others] = c.Addresses ?? [];
  return validated(
    partySchema,
    {
      kind: "customer",
      code: c.Code.trim(),
      name: c.Name?.trim() ?? "",
      isArchived: c.IsArchived ?? false,
      currency: (c.Currency?.Code ?? "GBP").toUpperCase(),
      vatNumber: text(c.VATNumber),
      billingAddress: addressToCanonical(billing),
      // Customers carry extra addresses and delivery addresses; both are places goods may go.
      deliveryAddresses: [...(c.DeliveryAddresses ?? []), ...others].map(addressToCanonical).filter((a) => a !== null),
      contacts: (c.Contacts ?? []).map(contactToCanonical),
      paymentTerms: termsToCanonical(c.PaymentTerms),
      defaultAccountCode: accountCode(c.DefaultNominalCode),
      discountRate: c.DiscountRate && c.DiscountRate !== "0" ? c.DiscountRate : null,
      note: text(c.Note),
      createdAt: c.CreatedDate ?? null,
      updatedAt: c.LastUpdatedDate ?? null,
    },
    `customer ${c.Code}`,
  );
}

export function supplierToParty(s: KfSupplier): Party {
  return validated(
    partySchema,
    {
      kind: "supplier",
      code: s.Code.trim(),
      name: s.Name?.trim() ?? "",
      isArchived: s.IsArchived ?? false,
      currency: (s.Currency?.Code ?? "GBP").toUpperCase(),
      vatNumber: text(s.VATNumber),
      billingAddress: addressToCanonical(s.Address),
      deliveryAddresses: [],
      contacts: (s.Contacts ?? []).map(contactToCanonical),
      paymentTerms: termsToCanonical(s.PaymentTerms),
      defaultAccountCode: accountCode(s.DefaultNominalCode),
      discountRate: null,
      note: text(s.Note),
      createdAt: s.CreatedDate ?? null,
      updatedAt: s.LastUpdatedDate ?? null,
    },
    `supplier ${s.Code}`,
  );
}

export function partyToCustomerInput(p: Party): KfCustomerInput {
  return {
    Code: p.code,
    Name: p.name,
    IsArchived: p.isArchived,
    Currency: { Code: p.currency },
    VATNumber: p.vatNumber ?? "",
    Note: p.note ?? "",
    ...(p.paymentTerms ? { PaymentTerms: termsToKashflow(p.paymentTerms) } : {}),
    ...(p.defaultAccountCode ? { DefaultNominalCode: nominalCode(p.defaultAccountCode, "defaultAccountCode") } : {}),
    ...(p.discountRate ? { DiscountRate: Number(p.discountRate) } : {}),
    Contacts: p.contacts.map(contactToKashflow),
    Addresses: p.billingAddress ? [addressToKashflow(p.billingAddress)] : [],
    DeliveryAddresses: p.deliveryAddresses.map(addressToKashflow),
  };
}

export function partyToSupplierInput(p: Party): KfSupplierInput {
  return {
    Code: p.code,
    Name: p.name,
    IsArchived: p.isArchived,
    Currency: { Code: p.currency },
    // Suppliers spell it VatNumber (§5).
    VatNumber: p.vatNumber ?? "",
    Note: p.note ?? "",
    ...(p.paymentTerms ? { PaymentTerms: termsToKashflow(p.paymentTerms) } : {}),
    ...(p.defaultAccountCode ? { DefaultNominalCode: nominalCode(p.defaultAccountCode, "defaultAccountCode") } : {}),
    Contacts: p.contacts.map(contactToKashflow),
    ...(p.billingAddress ? { Address: addressToKashflow(p.billingAddress) } : {}),
  };
}
