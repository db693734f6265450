// Foreign-key look-ups shared by business objects: each returns the referenced row or fails with the catalogue
// message (customer/vendor/item/warehouse/terms/tax schedule/salesperson/G/L account must exist and be active).
import { addDays } from "../clock";
import { fail } from "../boi/errors";
import { percentOf } from "../money";
import type { Company } from "../tables/company";
import type { Row, Value } from "../tables/schema";

export const ACCOUNT_MASK = "####-##";

export function normDivision(v: Value): string {
  const s = String(v ?? "").trim();
  return /^\d$/.test(s) ? s.padStart(2, "0") : s;
}

export function requireDivision(company: Company, module: "AR" | "AP", division: string, column: string): void {
  const table = module === "AR" ? "AR_Division" : "AP_Division";
  if (!company.t(table).has([division])) fail("NOT_ON_FILE", { column });
  if (!company.options.divisionsEnabled && division !== "00") fail("NOT_ON_FILE", { column });
}

export function requireCustomer(
  company: Company,
  division: string,
  customerNo: string,
  opts: { allowInactive?: boolean } = {},
): Row {
  const row = company.t("AR_Customer").get([division, customerNo]);
  if (!row) fail("CUSTOMER_NOT_ON_FILE", { division, customer: customerNo });
  if (row.CustomerStatus === "I" && !opts.allowInactive) fail("CUSTOMER_INACTIVE", { division, customer: customerNo });
  return row;
}

export function requireVendor(company: Company, division: string, vendorNo: string): Row {
  const row = company.t("AP_Vendor").get([division, vendorNo]);
  if (!row) fail("VENDOR_NOT_ON_FILE", { division, vendor: vendorNo });
  if (row.VendorStatus === "I") fail("VENDOR_INACTIVE", { division, vendor: vendorNo });
  return row;
}

export function requireItem(company: Company, itemCode: string): Row {
  const row = company.t("CI_Item").get([itemCode]);
  if (!row) fail("ITEM_INVALID", { item: itemCode });
  if (row.InactiveItem === "Y") fail("ITEM_INACTIVE", { item: itemCode });
  return row;
}

/** Generic "must be on file" reference (terms, tax schedule, warehouse, salesperson, tax class, bank...). */
export function requireRef(company: Company, table: string, keyValues: readonly Value[], column: string): Row {
  const row = company.t(table).get(keyValues);
  if (!row) fail("NOT_ON_FILE", { column });
  return row;
}

/** "400000" / "4000-00" / "4000" -> "4000-00"; null when it cannot match the mask. */
export function formatAccount(input: string): string | null {
  const s = input.trim();
  let m = /^(\d{4})-?(\d{2})$/.exec(s);
  if (m) return `${m[1]}-${m[2]}`;
  m = /^(\d{4})$/.exec(s);
  if (m) return `${m[1]}-00`;
  return null;
}

/** Finds an account by AccountKey or formatted/raw account, without status checks. */
export function findAccount(company: Company, input: string): Row | undefined {
  const table = company.t("GL_Account");
  const byKey = table.get([input]);
  if (byKey) return byKey;
  const formatted = formatAccount(input);
  return formatted ? table.lookup("KACCOUNT", [formatted])[0] : undefined;
}

/**
 * G/L account columns hold the AccountKey. The simulator also accepts the formatted account ("4000-00") or raw
 * digits and translates them (spec §2.10: accept formatted accounts from users, store the key). Returns the key.
 */
export function resolveAccount(company: Company, input: string, column: string): string {
  if (input === "") return "";
  const row = findAccount(company, input);
  if (!row) fail("GL_ACCOUNT_INVALID", { column, account: input });
  if (row.Status === "I") fail("GL_ACCOUNT_INACTIVE", { account: String(row.Account), column });
  if (row.Status === "D") fail("GL_ACCOUNT_DELETED", { account: String(row.Account), column });
  return String(row.AccountKey);
}

/** Sum of the rates of the schedule's tax codes for a tax class (percent). */
export function taxRateFor(company: Company, schedule: string, taxClass: string): number {
  if (!schedule || !taxClass) return 0;
  let rate = 0;
  const detail = company.t("SY_SalesTaxCodeDetail");
  for (const link of company.t("SY_SalesTaxScheduleDetail").values()) {
    if (link.TaxSchedule !== schedule) continue;
    const r = detail.get([link.TaxCode ?? "", taxClass]);
    if (r) rate += Number(r.TaxRate);
  }
  return rate;
}

/** Tax per code for a taxable amount (used for G/L liability postings). */
export function taxByCode(
  company: Company,
  schedule: string,
  taxClass: string,
  amount: number,
): Array<{ taxCode: string; amount: number }> {
  const out: Array<{ taxCode: string; amount: number }> = [];
  const detail = company.t("SY_SalesTaxCodeDetail");
  for (const link of company.t("SY_SalesTaxScheduleDetail").values()) {
    if (link.TaxSchedule !== schedule) continue;
    const r = detail.get([link.TaxCode ?? "", taxClass]);
    if (r && Number(r.TaxRate) !== 0)
      out.push({ taxCode: String(link.TaxCode), amount: percentOf(amount, Number(r.TaxRate)) });
  }
  return out;
}

/** Due/discount dates from a terms code. */
export function termsDates(
  company: Company,
  table: "AR_TermsCode" | "AP_TermsCode",
  termsCode: string,
  invoiceDate: string,
): { due: string; discount: string } {
  const terms = company.t(table).get([termsCode]);
  if (!terms || invoiceDate === "") return { due: invoiceDate, discount: "" };
  const discountDays = Number(terms.DiscountDaysBeforeDue);
  return {
    due: addDays(invoiceDate, Number(terms.DaysBeforeDue)),
    discount: discountDays > 0 ? addDays(invoiceDate, discountDays) : "",
  };
}
