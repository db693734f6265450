// A customer or supplier, as both systems understand one.
import { z } from "zod";
import { isoDateTime } from "./dates";
import { currencyCode, decimalString } from "./money";

export const addressSchema = z.object({
  name: z.string().nullable(),
  lines: z.array(z.string()),
  postCode: z.string().nullable(),
  /** ISO 3166-1 alpha-2. */
  countryCode: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .nullable(),
});
export type Address = z.infer<typeof addressSchema>;

export const contactSchema = z.object({
  name: z.string().nullable(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  mobile: z.string().nullable(),
  isPrimary: z.boolean(),
});
export type Contact = z.infer<typeof contactSchema>;

export const paymentTermsSchema = z.object({
  /** "AfterIssuedDate" = net N days; "AfterMonthEnd" = N days after the end of the month of issue. */
  basis: z.enum(["after_issue_date", "after_month_end", "other"]),
  days: z.number().int().min(0),
});
export type PaymentTerms = z.infer<typeof paymentTermsSchema>;

export const partySchema = z.object({
  kind: z.enum(["customer", "supplier"]),
  /** The external system's key (KashFlow: the Code). */
  code: z.string().min(1),
  name: z.string(),
  isArchived: z.boolean(),
  currency: currencyCode,
  vatNumber: z.string().nullable(),
  billingAddress: addressSchema.nullable(),
  deliveryAddresses: z.array(addressSchema),
  contacts: z.array(contactSchema),
  paymentTerms: paymentTermsSchema.nullable(),
  /** Default nominal / GL account code for this party's lines. */
  defaultAccountCode: z.string().nullable(),
  /** Percentage, e.g. "2.5". */
  discountRate: decimalString.nullable(),
  note: z.string().nullable(),
  createdAt: isoDateTime.nullable(),
  updatedAt: isoDateTime.nullable(),
});
export type Party = z.infer<typeof partySchema>;
