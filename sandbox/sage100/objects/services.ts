// Read-only service objects (_svc) over reference and master tables: terms, salespersons, tax schedules/codes/
// classes, divisions, warehouses, item-warehouse quantities, banks, plus read access to masters.
import { ServiceObject, type ObjectContext } from "../boi/data-object";

export const SERVICE_OBJECTS: ReadonlyArray<readonly [objectName: string, table: string]> = [
  ["AR_Customer_svc", "AR_Customer"],
  ["AR_Division_svc", "AR_Division"],
  ["AR_TermsCode_svc", "AR_TermsCode"],
  ["AR_Salesperson_svc", "AR_Salesperson"],
  ["AR_OpenInvoice_svc", "AR_OpenInvoice"],
  ["AP_Vendor_svc", "AP_Vendor"],
  ["AP_Division_svc", "AP_Division"],
  ["AP_TermsCode_svc", "AP_TermsCode"],
  ["AP_OpenInvoice_svc", "AP_OpenInvoice"],
  ["CI_ItemCode_svc", "CI_Item"],
  ["IM_Warehouse_svc", "IM_Warehouse"],
  ["IM_ItemWarehouse_svc", "IM_ItemWarehouse"],
  ["GL_Account_svc", "GL_Account"],
  ["GL_BankCode_svc", "GL_BankCode"],
  ["SY_SalesTaxSchedule_svc", "SY_SalesTaxSchedule"],
  ["SY_SalesTaxCode_svc", "SY_SalesTaxCode"],
  ["SY_SalesTaxClass_svc", "SY_SalesTaxClass"],
];

export function createServiceObject(ctx: ObjectContext, objectName: string, table: string): ServiceObject {
  return new ServiceObject(ctx, objectName, table);
}
