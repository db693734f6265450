// The Sage 100 tables the agent watches for changes (by their DateUpdated/TimeUpdated audit stamps) and their keys.

export const CHANGE_TABLE_KEYS = {
  AR_Customer: ["ARDivisionNo", "CustomerNo"],
  AP_Vendor: ["APDivisionNo", "VendorNo"],
  CI_Item: ["ItemCode"],
  IM_ItemWarehouse: ["ItemCode", "WarehouseCode"],
  SO_SalesOrderHeader: ["SalesOrderNo"],
  SO_SalesOrderHistoryHeader: ["SalesOrderNo"],
  AR_OpenInvoice: ["ARDivisionNo", "CustomerNo", "InvoiceNo", "InvoiceType"],
} as const satisfies Record<string, readonly string[]>;

export type ChangeTable = keyof typeof CHANGE_TABLE_KEYS;
export const CHANGE_TABLES = Object.keys(CHANGE_TABLE_KEYS) as [ChangeTable, ...ChangeTable[]];
