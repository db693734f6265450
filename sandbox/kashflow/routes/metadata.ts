// GET /metadata (§8.6 counts, the cheap pre-check of §9), /countries and /settings/companydetails.
import type { Hono } from "hono";
import { money } from "../format";
import { scope, send, type SandboxEnv } from "../http";
import { COUNTRIES } from "../reference";
import type { SandboxStore } from "../store/store";
import { addressView, currencyView } from "./common";
import { bankBalance } from "./bankaccounts";

export function registerMetadataRoutes(api: Hono<SandboxEnv>, store: SandboxStore): void {
  api.get("/metadata", (c) => {
    const s = scope(c, store);
    const b = s.books;
    let bank = 0;
    for (const a of b.bankAccounts.values()) bank += bankBalance(b, a);
    return send(c, 200, {
      TotalCustomerCount: b.customers.size,
      TotalSupplierCount: b.suppliers.size,
      TotalInvoiceCount: b.invoices.size,
      TotalPurchaseCount: b.purchases.size,
      TotalProductCount: b.products.size,
      TotalNominalCount: b.nominals.size,
      TotalBankAccountCount: b.bankAccounts.size,
      TotalBankTransactionCount: b.bankTx.size,
      TotalQuoteCount: 0,
      TotalProjectCount: 0,
      TotalBankBalance: money(bank),
    });
  });

  api.get("/countries", (c) => {
    scope(c, store);
    return send(c, 200, COUNTRIES);
  });

  // [SWG] GET /settings/companydetails: where a connection test finds the company name.
  api.get("/settings/companydetails", (c) => {
    const s = scope(c, store);
    const st = s.books.settings;
    return send(c, 200, {
      CompanyName: st.CompanyName,
      Username: s.account.User.UserName,
      Contact: { Name: s.account.User.FullName, Telephone: "", Mobile: "", Email: s.account.User.UserName },
      HomeCurrency: currencyView(s.books, "GBP"),
      VATRegistered: st.VATRegistered,
      VatRegisteredIn: "GB",
      VATNumber: st.VATNumber,
      Address: addressView(st.Address),
      SubscriptionStatus: s.account.User.SubscriptionExpired ? "Expired" : "Active",
      SubscriptionType: "Business",
      IsDemoAccount: s.account.DataSet === "demo",
      AccountingType: "Accrual",
      DateFormat: "dd/MM/yyyy",
    });
  });
}
