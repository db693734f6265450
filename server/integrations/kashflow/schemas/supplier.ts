// GET /suppliers and /suppliers/{code} (§5): one Address object, VatNumber (not VATNumber), BankAccount.
import { z } from "zod";
import {
  addressSchema,
  contactSchema,
  currencyRefSchema,
  kfBool,
  kfDateTime,
  kfDecimal,
  kfInt,
  kfObject,
  kfString,
  opt,
  paymentTermsSchema,
} from "./common";

export const supplierSchema = kfObject(
  {
    Id: opt(kfInt),
    Code: kfString.pipe(z.string().min(1, "a supplier must have a Code")),
    Name: opt(kfString),
    IsArchived: opt(kfBool),
    Currency: opt(currencyRefSchema),
    Contacts: opt(z.array(contactSchema)),
    Address: opt(addressSchema),
    VATNumber: opt(kfString),
    Note: opt(kfString),
    PaymentTerms: opt(paymentTermsSchema),
    PaymentMethod: opt(kfInt),
    DefaultNominalCode: opt(kfInt),
    BankAccount: opt(kfObject({ Name: opt(kfString), Number: opt(kfString), SortCode: opt(kfString) })),
    VatExempt: opt(kfBool),
    DefaultVatRate: opt(kfDecimal),
    IsRegisteredInEC: opt(kfBool),
    OutstandingBalance: opt(kfDecimal),
    TotalPaidAmount: opt(kfDecimal),
    CreatedDate: opt(kfDateTime),
    LastUpdatedDate: opt(kfDateTime),
  },
  // Supplier payloads spell it VatNumber (§10.8); kfObject matches case-insensitively, this is for clarity.
  { VatNumber: "VATNumber" },
);
export type KfSupplier = z.infer<typeof supplierSchema>;
