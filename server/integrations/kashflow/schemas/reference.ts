// Reference data: VAT rates, currencies, payment methods, bank accounts and their transactions, metadata.
import { z } from "zod";
import { idNameSchema, kfBool, kfDateTime, kfDecimal, kfInt, kfObject, kfString, opt } from "./common";

/** GET /vat/settings/vatrates → bare [{VATId, VATRate, VATText}] (§8.3). */
export const vatRateSchema = kfObject(
  { VATId: opt(kfInt), VATRate: kfDecimal, VATText: opt(kfString) },
  { Id: "VATId", Rate: "VATRate", Text: "VATText" },
);
export type KfVatRate = z.infer<typeof vatRateSchema>;

/** GET /currencies (§8.4). */
export const currencySchema = kfObject({
  Id: opt(kfInt),
  Code: kfString.pipe(z.string().min(3)),
  Name: opt(kfString),
  Symbol: opt(kfString),
  ExchangeRate: opt(kfDecimal),
  DisplaySymbolOnRight: opt(kfBool),
});
export type KfCurrency = z.infer<typeof currencySchema>;

/** GET /paymentmethods/{invoice|purchase}: no published schema, so SOAP's MethodID/MethodName are accepted too (§7.2). */
export const paymentMethodSchema = kfObject({ Id: kfInt, Name: opt(kfString) }, { MethodID: "Id", MethodName: "Name" });
export type KfPaymentMethod = z.infer<typeof paymentMethodSchema>;

/** GET /bankaccounts (bare array, §8.1). */
export const bankAccountSchema = kfObject({
  Id: kfInt,
  Code: opt(kfInt),
  AccountName: opt(kfString),
  IsDefaultAccount: opt(kfBool),
  IsArchived: opt(kfBool),
  BankBalance: opt(kfDecimal),
  TransactionLockEnabled: opt(kfBool),
  TransactionLockDate: opt(kfDateTime),
  DefaultInvoicePaymentType: opt(idNameSchema),
  DefaultPurchasePaymentType: opt(idNameSchema),
});
export type KfBankAccount = z.infer<typeof bankAccountSchema>;

/** GET /bankaccounts/{id}/transactions (§8.2); key rows on (feed account, Id) — transfers appear twice (§10.3). */
export const bankTransactionSchema = kfObject({
  Id: kfInt,
  AccountId: opt(kfInt),
  TransactionNumber: opt(kfInt),
  Date: opt(kfDateTime),
  MoneyType: opt(kfInt),
  Comment: opt(kfString),
  PaidIn: opt(kfDecimal),
  PaidOut: opt(kfDecimal),
  VATAble: opt(kfBool),
  VATRate: opt(kfDecimal),
  VATAmount: opt(kfDecimal),
  CustomerCode: opt(kfString),
  SupplierCode: opt(kfString),
  TransactionType: opt(kfInt),
  PaymentId: opt(kfInt),
  // Running balance is permuted among same-date rows (§10.2): volatile.
  Balance: opt(kfDecimal),
  Type: opt(kfString),
  ResourceNumber: opt(kfInt),
  Reconciled: opt(kfBool),
});
export type KfBankTransaction = z.infer<typeof bankTransactionSchema>;

/** GET /metadata (§8.6): counts, all optional. */
export const metadataSchema = kfObject({
  TotalCustomerCount: opt(kfInt),
  TotalSupplierCount: opt(kfInt),
  TotalInvoiceCount: opt(kfInt),
  TotalPurchaseCount: opt(kfInt),
  TotalProductCount: opt(kfInt),
  TotalNominalCount: opt(kfInt),
  TotalBankAccountCount: opt(kfInt),
  TotalBankTransactionCount: opt(kfInt),
  TotalQuoteCount: opt(kfInt),
  TotalProjectCount: opt(kfInt),
  TotalBankBalance: opt(kfDecimal),
});
export type KfMetadata = z.infer<typeof metadataSchema>;

/** GET /nextavailable…number: a bare number, or (tolerated) {Number: n}. */
export const nextNumberSchema = z.union([kfInt, kfObject({ Number: kfInt }).transform((o) => o.Number)]);
