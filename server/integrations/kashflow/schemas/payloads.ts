// What we send KashFlow on create/update (PascalCase, as its documentation writes them). Decimals travel as
// JSON numbers; the mappers build them from exact decimal strings, whose shortest double form is the same text.

export type KfAddressInput = {
  Name?: string | null;
  Line1?: string | null;
  Line2?: string | null;
  Line3?: string | null;
  Line4?: string | null;
  PostCode?: string | null;
  CountryCode?: string | null;
};

export type KfContactInput = {
  Id?: number;
  IsPrimary?: boolean;
  Name?: string | null;
  FirstName?: string | null;
  LastName?: string | null;
  Email?: string | null;
  Telephone?: string | null;
  Mobile?: string | null;
};

export type KfPaymentTermsInput = { Type: string; Days: number };

export type KfCustomerInput = {
  Code: string;
  Name: string;
  IsArchived?: boolean;
  Currency?: { Code: string };
  VATNumber?: string;
  Note?: string;
  PaymentTerms?: KfPaymentTermsInput;
  DefaultNominalCode?: number;
  DiscountRate?: number;
  Contacts?: KfContactInput[];
  Addresses?: KfAddressInput[];
  DeliveryAddresses?: KfAddressInput[];
  CreateCustomerCodeIfDuplicate?: boolean;
};

export type KfSupplierInput = {
  Code: string;
  Name: string;
  IsArchived?: boolean;
  Currency?: { Code: string };
  VatNumber?: string;
  Note?: string;
  PaymentTerms?: KfPaymentTermsInput;
  DefaultNominalCode?: number;
  Contacts?: KfContactInput[];
  Address?: KfAddressInput;
  CreateSupplierCodeIfDuplicate?: boolean;
};

export type KfProductInput = {
  Code: string;
  NominalCode: number;
  Name: string;
  Description?: string;
  Price?: number;
  WholeSalePrice?: number;
  VATRate?: number;
  VATExempt?: boolean;
  ManageStockLevel?: boolean;
  QuantityInStock?: number;
  StockWarningQuantity?: number;
  PurchaseNominalCode?: number;
};

export type KfLineInput = {
  Id?: number;
  Number?: number;
  Description: string;
  Quantity: number;
  Rate: number;
  VATLevel: number;
  VATExempt?: boolean;
  NominalCode?: number;
  ProductCode?: string;
  ProjectNumber?: number;
};

export type KfPaymentInput = {
  /** Omit to add a payment; keep to leave an existing one in place (§14). */
  Id?: number;
  Date: string;
  Amount: number;
  Method: number;
  AccountId: number;
  Reference?: string;
  Note?: string;
};

type KfDocumentInputBase = {
  /** Omit to let KashFlow take the next number; if sent, check the answer kept it (§7.1). */
  Number?: number;
  IssuedDate: string;
  DueDate?: string;
  ProjectNumber?: number;
  Currency?: { Code: string; ExchangeRate?: number };
  LineItems: KfLineInput[];
  PaymentLines?: KfPaymentInput[];
};

export type KfInvoiceInput = KfDocumentInputBase & {
  CustomerCode: string;
  CustomerReference?: string;
  Address?: KfAddressInput;
  DeliveryAddress?: KfAddressInput;
  UseCustomDeliveryAddress?: boolean;
};

export type KfPurchaseInput = KfDocumentInputBase & {
  SupplierCode: string;
  SupplierReference?: string;
  Type?: "Purchase" | "Expense";
};
