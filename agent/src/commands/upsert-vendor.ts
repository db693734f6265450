// upsertVendor: AP_Vendor_bus keyed APDivisionNo + VendorNo (7 characters, spec §2.2).
import type { PayloadOf, ResultOf } from "../protocol";
import { code, type CommandContext } from "./context";
import { upsertRecord, type FieldMap } from "./upsert-record";

const VENDOR_FIELDS: FieldMap = [
  ["name", "VendorName$"],
  ["addressLine1", "AddressLine1$"],
  ["addressLine2", "AddressLine2$"],
  ["addressLine3", "AddressLine3$"],
  ["city", "City$"],
  ["state", "State$"],
  ["zipCode", "ZipCode$"],
  ["countryCode", "CountryCode$"],
  ["telephoneNo", "TelephoneNo$"],
  ["emailAddress", "EmailAddress$"],
  ["termsCode", "TermsCode$"],
  ["taxSchedule", "TaxSchedule$"],
  ["expenseAccount", "AccountKey$", "account"],
  ["status", "VendorStatus$"],
  ["reference", "Reference$"],
];

export async function upsertVendor(
  ctx: CommandContext,
  p: PayloadOf<"upsertVendor">,
): Promise<ResultOf<"upsertVendor">> {
  const r = await upsertRecord(
    ctx,
    { object: "AP_Vendor_bus", task: "AP_Vendor_ui", module: "A/P" },
    [
      ["APDivisionNo$", p.division, "division"],
      ["VendorNo$", code(p.vendorNo), "vendorNo"],
    ],
    p,
    VENDOR_FIELDS,
  );
  return {
    division: r.key.APDivisionNo ?? p.division,
    vendorNo: r.key.VendorNo ?? code(p.vendorNo),
    created: r.created,
    changed: r.changed,
  };
}
