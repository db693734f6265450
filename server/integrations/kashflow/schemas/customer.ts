// GET /customers (summaries) and /customers/{code} (§4). List rows carry a subset; the rest is optional.
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
import { z } from "zod";

export const customerSchema = kfObject({
  Id: opt(kfInt),
  Code: kfString.pipe(z.string().min(1, "a customer must have a Code")),
  Name: opt(kfString),
  DisplayName: opt(kfString),
  IsArchived: opt(kfBool),
  Currency: opt(currencyRefSchema),
  Contacts: opt(z.array(contactSchema)),
  Addresses: opt(z.array(addressSchema)),
  DeliveryAddresses: opt(z.array(addressSchema)),
  VATNumber: opt(kfString),
  Note: opt(kfString),
  PaymentTerms: opt(paymentTermsSchema),
  DefaultNominalCode: opt(kfInt),
  DiscountRate: opt(kfDecimal),
  CreditLimit: opt(kfDecimal),
  EnableCreditLimit: opt(kfBool),
  CustomerKey: opt(kfString),
  DefaultCustomerReference: opt(kfString),
  IsRegisteredInEC: opt(kfBool),
  IsRegisteredOutsideEC: opt(kfBool),
  ReceivesWholesalePricing: opt(kfBool),
  // Balances and statistics: volatile, never part of a content hash.
  OutstandingBalance: opt(kfDecimal),
  TotalPaidAmount: opt(kfDecimal),
  CreatedDate: opt(kfDateTime),
  LastUpdatedDate: opt(kfDateTime),
});
export type KfCustomer = z.infer<typeof customerSchema>;
