// UI task names (nLookupTask) -> numeric ids, plus module codes. Case-insensitive like the samples (spec §1.1).

export const MODULES = ["A/R", "A/P", "S/O", "G/L", "C/I", "I/M", "P/O", "S/Y", "B/M", "J/C"] as const;

const TASKS: ReadonlyArray<readonly [name: string, module: string]> = [
  ["AR_Customer_ui", "A/R"],
  ["AR_CustomerContact_ui", "A/R"],
  ["AR_Invoice_ui", "A/R"],
  ["AR_CashReceipts_ui", "A/R"],
  ["AR_SalesJournal_ui", "A/R"],
  ["AR_CashReceiptsJournal_ui", "A/R"],
  ["AR_TermsCode_ui", "A/R"],
  ["AR_Salesperson_ui", "A/R"],
  ["AP_Vendor_ui", "A/P"],
  ["AP_Invoice_ui", "A/P"],
  ["AP_InvoiceRegister_ui", "A/P"],
  ["AP_ManualCheck_ui", "A/P"],
  ["AP_ManualCheckRegister_ui", "A/P"],
  ["CI_ItemCode_ui", "C/I"],
  ["IM_Transaction_ui", "I/M"],
  ["IM_ItemInquiry_ui", "I/M"],
  ["SO_SalesOrder_ui", "S/O"],
  ["SO_Invoice_ui", "S/O"],
  ["SO_SalesJournal_ui", "S/O"],
  ["SO_SalesOrderHistoryInquiry_ui", "S/O"],
  ["GL_Account_ui", "G/L"],
  ["GL_MainAccount_ui", "G/L"],
  ["GL_GeneralJournal_ui", "G/L"],
  ["GL_GeneralJournalUpdate_ui", "G/L"],
  ["GL_TransactionJournal_ui", "G/L"],
  ["PO_PurchaseOrder_ui", "P/O"],
  ["SY_SalesTaxCode_ui", "S/Y"],
];

export interface TaskInfo {
  id: number;
  name: string;
  module: string;
}

const byName = new Map<string, TaskInfo>();
const byId = new Map<number, TaskInfo>();
TASKS.forEach(([name, module], i) => {
  const info = { id: 1001 + i, name, module };
  byName.set(name.toLowerCase(), info);
  byId.set(info.id, info);
});

export function lookupTask(name: string): TaskInfo | undefined {
  return byName.get(String(name).toLowerCase());
}

export function taskById(id: number): TaskInfo | undefined {
  return byId.get(Number(id));
}

export function isModule(code: string): boolean {
  return (MODULES as readonly string[]).includes(String(code).toUpperCase());
}
