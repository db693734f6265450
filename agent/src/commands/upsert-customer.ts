// upsertCustomer: AR_Customer_bus keyed ARDivisionNo + CustomerNo (spec §2.1).
import type { PayloadOf, ResultOf } from "../protocol";
import { code, type CommandContext } from "./context";
import { upsertRecord, type FieldMap } from "./upsert-record";

const CUSTOMER_FIELDS: FieldMap = [
  ["name", "CustomerName$"],
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
  ["salespersonNo", "SalespersonNo$"],
  ["creditLimit", "CreditLimit"],
  ["status", "CustomerStatus$"],
  ["comment", "Comment$"],
];

export async function upsertCustomer(
  ctx: CommandContext,
  p: PayloadOf<"upsertCustomer">,
): Promise<ResultOf<"upsertCustomer">> {
  const values = { ...p, creditLimit: p.creditLimit === undefined ? undefined : Number(p.creditLimit) };
  const r = await upsertRecord(
    ctx,
    { object: "AR_Customer_bus", task: "AR_Customer_ui", module: "A/R" },
    [
      ["ARDivisionNo$", p.division, "division"],
      ["CustomerNo$", code(p.customerNo), "customerNo"],
    ],
    values,
    CUSTOMER_FIELDS,
  );
  return {
    division: r.key.ARDivisionNo ?? p.division,
    customerNo: r.key.CustomerNo ?? code(p.customerNo),
    created: r.created,
    changed: r.changed,
  };
}
