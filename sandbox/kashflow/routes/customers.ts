// /customers and /customerlist (§4).
import type { Hono } from "hono";
import { fieldView, type FieldSpec } from "../fields";
import { money, NEVER_1900 } from "../format";
import type { ReqScope, SandboxEnv } from "../http";
import type { SandboxStore } from "../store/store";
import type { PartyRec } from "../store/types";
import { addressView, currencyView, deliveryAddressView } from "./common";
import { bulkDeleteParties, partyRoutes, partyStats, type PartyKindSpec } from "./parties";

export const CUSTOMER_FIELDS: FieldSpec = {
  Note: "str",
  DefaultCustomerReference: "str",
  VATNumber: "str",
  TradeBorderType: "int",
  CustomerKey: "str",
  InvoiceFileFormat: "str",
  UniqueEntityNumber: "str",
  Source: "int",
  DefaultNominalCode: "int",
  EmailTemplateNumber: "int",
  PDFThemeId: "int",
  DiscountRate: "dec4",
  WithholdingTaxRate: "dec4",
  CreditLimit: "money",
  ShowDiscount: "bool",
  AutoIncludeVATNumber: "bool",
  ReceivesWholesalePricing: "bool",
  IsCISReverseCharge: "bool",
  ApplyWithholdingTax: "bool",
  EnableCreditLimit: "bool",
  UseCustomDeliveryAddress: "bool",
  OverrideInvoiceFileFormat: "bool",
  AutomaticCreditControlEnabled: "bool",
  IsRegisteredInEC: "bool",
  IsRegisteredOutsideEC: "bool",
};

function displayName(p: PartyRec): string {
  const pc = p.Addresses[0]?.PostCode;
  return pc ? `${p.Name}, ${pc}` : p.Name;
}

export function customerView(p: PartyRec, s: ReqScope, summary: boolean): Record<string, unknown> {
  const st = partyStats(s.books, "invoice", p.Code, s.today, s.cfg);
  const base = {
    Id: p.Id,
    Code: p.Code,
    Name: p.Name,
    DisplayName: displayName(p),
    IsArchived: p.IsArchived,
    OutstandingBalance: money(st.outstanding),
    TotalPaidAmount: money(st.paid),
    Currency: currencyView(s.books, p.CurrencyCode),
    Contacts: p.Contacts,
    Addresses: p.Addresses.map(addressView),
  };
  if (summary) return base;
  return Object.assign(base, fieldView(CUSTOMER_FIELDS, p.Fields), {
    PaymentTerms: p.PaymentTerms,
    DeliveryAddresses: p.DeliveryAddresses.map(deliveryAddressView),
    CustomTextBoxes: p.CustomTextBoxes,
    CustomCheckBoxes: p.CustomCheckBoxes,
    WithholdingTaxReferences: p.WithholdingTaxReferences,
    CreatedDate: p.CreatedDate,
    LastUpdatedDate: p.LastUpdatedDate,
    InvoicedNetAmount: money(st.net),
    InvoicedVATAmount: money(st.vat),
    InvoiceCount: st.count,
    OverdueAmount: money(st.overdue),
    AverageDaysToPay: st.avgDaysToPay,
    FirstInvoiceDate: st.first ?? NEVER_1900,
    LastInvoiceDate: st.last ?? NEVER_1900,
    IsGoCardlessMandateSet: false,
    EnvelopeUrl: `/v2/documents/customers/${p.EnvelopeGuid}`,
    UsesDefaultTheme: Number(p.Fields.PDFThemeId ?? 0) === 0,
    IsSchedule: false,
    MarkedAsStale: false,
    SourceName: "",
    Key: p.Key,
  });
}

export const CUSTOMER_KIND: PartyKindSpec = {
  kind: "invoice",
  label: "Customer",
  segment: "customers",
  fields: CUSTOMER_FIELDS,
  defaultFields: { EmailTemplateNumber: 0 },
  view: customerView,
  // §4 sortby: 0 Name, 1 Code, 3 TotalPaidAmount, 4 OutstandingBalance
  sortKeys: { "0": "name", "1": "code", "3": "totalpaidamount", "4": "outstandingbalance" },
};

export function registerCustomerRoutes(api: Hono<SandboxEnv>, store: SandboxStore): void {
  api.route("/customers", partyRoutes(store, CUSTOMER_KIND));
  api.delete("/customerlist", bulkDeleteParties(store, CUSTOMER_KIND));
}
