// /suppliers (§5). A supplier has a single Address object, not an array, and VatNumber casing differs.
import type { Hono } from "hono";
import { fieldView, type FieldSpec } from "../fields";
import { money, NEVER_1900 } from "../format";
import type { ReqScope, SandboxEnv } from "../http";
import type { SandboxStore } from "../store/store";
import type { PartyRec } from "../store/types";
import { addressView, currencyView } from "./common";
import { bulkDeleteParties, partyRoutes, partyStats, type PartyKindSpec } from "./parties";

export const SUPPLIER_FIELDS: FieldSpec = {
  Note: "str",
  VatNumber: "str",
  UniqueEntityNumber: "str",
  TradeBorderType: "int",
  PaymentMethod: "int",
  DefaultNominalCode: "int",
  DefaultPdfTheme: "int",
  WithholdingTaxRate: "dec4",
  DefaultVatRate: "dec4",
  IsCISReverseCharge: "bool",
  ApplyWithholdingTax: "bool",
  IsVatRateEnabled: "bool",
  VatExempt: "bool",
  IsRegisteredInEC: "bool",
};

export function supplierView(p: PartyRec, s: ReqScope, summary: boolean): Record<string, unknown> {
  const st = partyStats(s.books, "purchase", p.Code, s.today, s.cfg);
  const base = {
    Id: p.Id,
    Code: p.Code,
    Name: p.Name,
    IsArchived: p.IsArchived,
    OutstandingBalance: money(st.outstanding),
    TotalPaidAmount: money(st.paid),
    Currency: currencyView(s.books, p.CurrencyCode),
    Contacts: p.Contacts,
    Address: addressView(p.Addresses[0] ?? null),
  };
  if (summary) return base;
  return Object.assign(base, fieldView(SUPPLIER_FIELDS, p.Fields), {
    BankAccount: p.BankAccount,
    PaymentTerms: p.PaymentTerms,
    WithholdingTaxReferences: p.WithholdingTaxReferences,
    CreatedDate: p.CreatedDate,
    LastUpdatedDate: p.LastUpdatedDate,
    FirstPurchaseDate: st.first ?? NEVER_1900,
    LastPurchaseDate: st.last ?? NEVER_1900,
    BilledNetAmount: money(st.net),
    BilledVatAmount: money(st.vat),
    TotalDueAmount: money(st.outstanding),
    UsesDefaultPdftTheme: Number(p.Fields.DefaultPdfTheme ?? 0) === 0,
    DoesSupplierHasTransactionsInVATReturn: st.inVatReturn,
    SourceName: "",
  });
}

export const SUPPLIER_KIND: PartyKindSpec = {
  kind: "purchase",
  label: "Supplier",
  segment: "suppliers",
  fields: SUPPLIER_FIELDS,
  // §5 example: WithholdingTaxRate −1 = unset.
  defaultFields: { WithholdingTaxRate: -10_000 },
  view: supplierView,
  // §5 sortby: 0 Name, 1 Code, 2 TotalPaidAmount, 3 OutstandingBalance
  sortKeys: { "0": "name", "1": "code", "2": "totalpaidamount", "3": "outstandingbalance" },
};

export function registerSupplierRoutes(api: Hono<SandboxEnv>, store: SandboxStore): void {
  api.route("/suppliers", partyRoutes(store, SUPPLIER_KIND));
  api.delete("/supplierlist", bulkDeleteParties(store, SUPPLIER_KIND));
}
