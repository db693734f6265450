// Invoices (§7.1) and purchases (§7.4): list rows are summaries (LineItems/PaymentLines null); detail is full.
import { z } from "zod";
import {
  addressSchema,
  currencyRefSchema,
  kfBool,
  kfDateTime,
  kfDecimal,
  kfInt,
  kfObject,
  kfString,
  opt,
} from "./common";

export const lineItemSchema = kfObject({
  Id: opt(kfInt),
  Number: opt(kfInt),
  Description: opt(kfString),
  Quantity: opt(kfDecimal),
  Rate: opt(kfDecimal),
  VATLevel: opt(kfDecimal),
  VATExempt: opt(kfBool),
  VATAmount: opt(kfDecimal),
  NominalCode: opt(kfInt),
  NominalName: opt(kfString),
  ProductCode: opt(kfString),
  ProductName: opt(kfString),
  ProjectNumber: opt(kfInt),
  TaxCode: opt(kfString),
  Disallowed: opt(kfBool),
  HomeCurrencyRate: opt(kfDecimal),
  HomeCurrencyVATAmount: opt(kfDecimal),
  ImportDuty: opt(kfDecimal),
});
export type KfLineItem = z.infer<typeof lineItemSchema>;

export const paymentLineSchema = kfObject({
  Id: opt(kfInt),
  Date: opt(kfDateTime),
  Amount: kfDecimal,
  Method: opt(kfInt),
  AccountId: opt(kfInt),
  Reference: opt(kfString),
  Note: opt(kfString),
  BulkId: opt(kfInt),
  BFSTransactionId: opt(kfString),
  PaymentProcessor: opt(kfInt),
  IsExternalRefund: opt(kfBool),
  IsPaymentCreditNote: opt(kfBool),
  BankTransactionId: opt(kfInt),
  VATReturnId: opt(kfInt),
});
export type KfPaymentLine = z.infer<typeof paymentLineSchema>;

const documentShape = {
  Id: opt(kfInt),
  Number: kfInt,
  IssuedDate: opt(kfDateTime),
  DueDate: opt(kfDateTime),
  PaidDate: opt(kfDateTime),
  LastPaymentDate: opt(kfDateTime),
  Status: opt(kfString),
  OverdueDays: opt(kfInt),
  NetAmount: opt(kfDecimal),
  VATAmount: opt(kfDecimal),
  GrossAmount: opt(kfDecimal),
  TotalPaidAmount: opt(kfDecimal),
  DueAmount: opt(kfDecimal),
  HomeCurrencyNetAmount: opt(kfDecimal),
  HomeCurrencyVATAmount: opt(kfDecimal),
  HomeCurrencyGrossAmount: opt(kfDecimal),
  Currency: opt(currencyRefSchema),
  ProjectNumber: opt(kfInt),
  VATReturnId: opt(kfInt),
  IsArchived: opt(kfBool),
  IsCISReverseCharge: opt(kfBool),
  Type: opt(kfString),
  CreatedDate: opt(kfDateTime),
  LastUpdatedDate: opt(kfDateTime),
  DeletedAt: opt(kfDateTime),
  LineItems: opt(z.array(lineItemSchema)),
  PaymentLines: opt(z.array(paymentLineSchema)),
};

export const invoiceSchema = kfObject({
  ...documentShape,
  CustomerId: opt(kfInt),
  CustomerCode: opt(kfString),
  CustomerName: opt(kfString),
  CustomerReference: opt(kfString),
  VATNumber: opt(kfString),
  Address: opt(addressSchema),
  DeliveryAddress: opt(addressSchema),
  UseCustomDeliveryAddress: opt(kfBool),
  AutomaticCreditControlEnabled: opt(kfBool),
  CustomerKey: opt(kfString),
});
export type KfInvoice = z.infer<typeof invoiceSchema>;

export const purchaseSchema = kfObject({
  ...documentShape,
  // SupplierId vanished from purchases around May 2026 (§10.4): optional.
  SupplierId: opt(kfInt),
  SupplierCode: opt(kfString),
  SupplierName: opt(kfString),
  SupplierReference: opt(kfString),
  AdditionalFieldValue: opt(kfString),
  StockManagementApplicable: opt(kfBool),
});
export type KfPurchase = z.infer<typeof purchaseSchema>;

/** A note on a document (§8.6, `/{objectType}/{objectNumber}/notes`, a bare list). */
export const documentNoteSchema = kfObject({
  Number: opt(kfInt),
  Text: opt(kfString),
  Date: opt(kfDateTime),
  LastModifiedBy: opt(kfString),
});
export type KfDocumentNote = z.infer<typeof documentNoteSchema>;
