// Internal records. Money is integer pence; rates, quantities, exchange rates and VAT levels are 10^-4 units;
// dates are wire strings ("YYYY-MM-DD HH:mm:ss", UTC) so they sort lexically and persist as-is.

export type Scalar = string | number | boolean | null;

export interface AddressRec {
  Line1: string | null;
  Line2: string | null;
  Line3: string | null;
  Line4: string | null;
  PostCode: string | null;
  CountryCode: string | null;
}
export interface DeliveryAddressRec extends AddressRec {
  Name: string | null;
}
export interface ContactRec {
  Id: number;
  IsPrimary: boolean;
  ReceiveEmails: boolean;
  Name: string | null;
  Title: string | null;
  Firstname: string | null;
  LastName: string | null;
  Telephone: string | null;
  Fax: string | null;
  Mobile: string | null;
  Website: string | null;
  Email: string | null;
}
export interface NameValue {
  Name: string | null;
  Value: string | null;
}
export interface PaymentTermsRec {
  Type: string;
  Days: number;
}

/** Customer or supplier ("party"); Fields holds the pass-through writable scalars of routes/<party>.ts. */
export interface PartyRec {
  Id: number;
  Code: string;
  Name: string;
  IsArchived: boolean;
  CurrencyCode: string;
  PaymentTerms: PaymentTermsRec;
  Contacts: ContactRec[];
  /** Customers: many addresses; suppliers: the first one is their single Address. */
  Addresses: AddressRec[];
  DeliveryAddresses: DeliveryAddressRec[];
  CustomTextBoxes: NameValue[];
  CustomCheckBoxes: NameValue[];
  WithholdingTaxReferences: NameValue[] | null;
  BankAccount: { Name: string | null; Number: string | null; SortCode: string | null } | null;
  Fields: Record<string, Scalar>;
  Key: string;
  EnvelopeGuid: string;
  CreatedDate: string;
  LastUpdatedDate: string;
}

export interface NominalRec {
  Id: number;
  Code: number;
  Name: string;
  /** 1 Sales, 2 Outgoing (purchase/expense), 3 Bank, 0 other [DOC: SOAP enumerations]. */
  NomType: number;
  /** 1 Turnover, 2 Cost of Sale, 3 Expense, 4 Fixed Asset, 5 Current Asset/Liability, 6 Capital & Reserves. */
  Classification: number;
  Fields: Record<string, Scalar>;
  AllowDelete: boolean;
  CreatedDate: string;
  LastUpdatedDate: string;
}

export interface ProductRec {
  Id: number;
  Code: string;
  NominalCode: number;
  Name: string;
  Description: string;
  AutoFillLineItem: boolean;
  Price: number;
  WholeSalePrice: number;
  VATRate: number;
  VATExempt: boolean;
  IsDefault: boolean;
  InUse: boolean;
  ManageStockLevel: boolean;
  QuantityInStock: number;
  StockWarningQuantity: number;
  /** Purchases of this code on this nominal increment stock (§6.2 PurchaseNominalId). */
  PurchaseNominalCode: number | null;
  CreatedDate: string;
  LastUpdatedDate: string;
}

export type DocKind = "invoice" | "purchase";

export interface LineRec {
  Id: number;
  Number: number;
  Description: string;
  Quantity: number;
  Rate: number;
  VATLevel: number;
  VATExempt: boolean;
  VATAmount: number;
  Net: number;
  NominalCode: number;
  ProductCode: string;
  ProjectNumber: number;
  TaxCode: string | null;
  Disallowed: boolean;
  ImportDuty: number;
}

export interface PaymentRec {
  Id: number;
  Date: string;
  Amount: number;
  Method: number;
  AccountId: number;
  Reference: string;
  Note: string;
  BulkId: number | null;
  BFSTransactionId: string | null;
  PaymentProcessor: number;
  IsExternalRefund: boolean;
  IsPaymentCreditNote: boolean;
  BankTransactionId: number | null;
  VATReturnId: number;
  Guid: string;
  CreatedDate: string;
}

export interface DocumentRec {
  Kind: DocKind;
  Id: number;
  Number: number;
  /** Canonical CustomerCode / SupplierCode. */
  PartyCode: string;
  IssuedDate: string;
  DueDate: string;
  /** CustomerReference / SupplierReference. */
  Reference: string;
  ProjectNumber: number;
  CurrencyCode: string;
  ExchangeRate: number;
  Address: AddressRec | null;
  DeliveryAddress: DeliveryAddressRec | null;
  UseCustomDeliveryAddress: boolean;
  Fields: Record<string, Scalar>;
  LineItems: LineRec[];
  PaymentLines: PaymentRec[];
  NetAmount: number;
  VATAmount: number;
  GrossAmount: number;
  HomeNetAmount: number;
  HomeVATAmount: number;
  HomeGrossAmount: number;
  /** Σ payment lines, in GBP [DOC]. */
  TotalPaidAmount: number;
  VATReturnId: number;
  IsArchived: boolean;
  Guid: string;
  CreatedDate: string;
  LastUpdatedDate: string;
  /** §8.6 notes, oldest first (absent on books saved before notes existed). */
  Notes?: NoteRec[];
}

/** One document note (§8.6): `{Number, Text, Date, LastModifiedBy}`. */
export interface NoteRec {
  Number: number;
  Text: string;
  Date: string;
  LastModifiedBy: string;
}

export interface BankAccountRec {
  Id: number;
  Code: number;
  AccountName: string;
  IsDefaultAccount: boolean;
  IsArchived: boolean;
  ReconcileDate: string | null;
  TransactionLockEnabled: boolean;
  TransactionLockDate: string | null;
  Order: number;
  IconId: number;
  StartingDate: string;
  StartingAmount: number;
  ShowPaidInFirst: boolean;
  IncludeOnDashBoard: boolean;
  Note: string;
  OverrideTransactionLock: boolean;
  DefaultInvoicePaymentType: number | null;
  DefaultPurchasePaymentType: number | null;
  CreatedDate: string;
  LastUpdatedDate: string;
}

export interface BankTxRec {
  Id: number;
  /** The entered-against account (§10.3). */
  AccountId: number;
  /** Set for internal transfers: the row also shows, mirrored, in this account's feed. */
  TransferAccountId: number | null;
  TransactionNumber: number;
  Date: string;
  MoneyType: number;
  Comment: string;
  PaidIn: number;
  PaidOut: number;
  VATAble: boolean;
  VATRate: number;
  VATAmount: number;
  VATPaid: boolean;
  ProjectNumber: number;
  CustomerCode: string;
  SupplierCode: string;
  /** §8.2: 0 bank/transfer-out/advance, 1 invoice payment, 2 purchase payment [INF], 6 transfer-in. */
  TransactionType: number;
  Disallowed: boolean;
  PaymentId: number | null;
  DocumentKind: DocKind | null;
  DocumentId: number | null;
  BFSTransactionId: string | null;
  Reconciled: boolean;
  ReconciledId: number;
  VATReturnId: number;
  IsSystemGeneratedTransaction: boolean;
  /** Bulk (credit-note application) rows are hidden unless includebulk=true. */
  IsBulk: boolean;
  CreatedDate: string;
  LastUpdatedDate: string;
}

export interface VatRateRec {
  VATId: number;
  VATRate: number;
  VATText: string;
}

export interface CurrencyRec {
  Id: number;
  Code: string;
  Name: string;
  Symbol: string;
  ExchangeRate: number;
  DisplaySymbolOnRight: boolean;
}

export interface PaymentMethodRec {
  Id: number;
  Name: string;
}

export type AuditCategory =
  | "salesinvoices"
  | "salesinvoicepayments"
  | "purchaseinvoices"
  | "purchaseinvoicepayments"
  | "banktransactions"
  | "journal";

/** One row of the §9 audit trail: every create/edit/delete of a document, payment or bank entry. */
export interface AuditEntry {
  TransactionNumber: number;
  CreatedDate: string;
  TransactionType: string;
  Date: string;
  Reference: string;
  Value: number;
  Narrative: string;
  Vat: { IsExempt: boolean; Rate: number; Input: number; Output: number }[];
  Nominal: { Code: number; Name: string }[];
  FullName: string;
  UserName: string;
  EntityNumber: number;
  EntityReferance: string;
  EntityId: number;
  BankAccountId: number | null;
  IsDeleted: boolean;
  Category: AuditCategory;
  /** Groups the versions of one entity ("invoice:12", "invpay:40") for Current/ChangeCount. */
  EntityKey: string;
  /** 0 for the creation entry, then 1, 2, … for each later change. */
  ChangeIndex: number;
}

export interface CompanySettings {
  CompanyName: string;
  VATRegistered: boolean;
  VATNumber: string;
  Address: AddressRec;
  /** Documents dated before this (YYYY-MM-DD) cannot change (§10.7) [INF: account-level lock]. */
  TransactionLockDate: string | null;
  LastVatReturnId: number;
}
