// The ONE editable catalogue of every text the simulator shows (sLastErrorMsg, COM exceptions, ODBC errors).
// Spec §3: only a few texts are confirmed [src]; everything marked (inferred) should be corrected here once real
// Sage 100 text is captured. `num` is what sLastErrorNum returns (also inferred, see spec §1.2).

export interface MessageDef {
  /** Symbolic code exposed as sLastErrorNum. */
  readonly num: string;
  /** Text with {placeholders}. */
  readonly text: string;
  /** Whether the text was seen in a source (true) or inferred (false). */
  readonly sourced: boolean;
}

const m = (num: string, text: string, sourced = false): MessageDef => ({ num, text, sourced });

export const MESSAGES = {
  // --- column / record level -------------------------------------------------------------------------
  REQUIRED: m("CI_Required", "The {column} is required."),
  CHAR_LENGTH: m("CI_CharLength", "The {description} is greater than {length} character(s)", true),
  INVALID_COLUMN: m("CI_InvalidColumn", "The column {column} is not valid for {table}."),
  COLUMN_TYPE: m("CI_InvalidColumn", "The column {column} must be referenced as {expected}."),
  READ_ONLY_COLUMN: m("CI_ReadOnly", "The {column} cannot be changed."),
  KEY_COLUMN_IN_EDIT: m(
    "CI_KeyChange",
    "The {column} is part of the key and cannot be changed while a record is in edit.",
  ),
  NOT_NUMERIC: m("CI_Numeric", "The {column} must be numeric."),
  TOO_MANY_DECIMALS: m("CI_Decimals", "The {column} cannot have more than {scale} decimal place(s)."),
  NUMBER_TOO_LARGE: m("CI_Overflow", "The {column} is too large."),
  INVALID_ENUM: m("CI_Invalid", "The {column} is invalid. Valid values are {values}."),
  INVALID_FLAG: m("CI_Invalid", "The {column} must be Y or N."),
  INVALID_DATE: m("CI_InvalidDate", "The {column} is not a valid date (YYYYMMDD)."),
  NOT_ON_FILE: m("CI_NOF", "The {column} is not on file.", true),
  INACTIVE: m("CI_Inactive", "The {column} {value} is inactive."),
  NO_KEY: m("CI_NoKey", "The record is not on file."),
  NO_RECORD_IN_EDIT: m("CI_NoRecord", "No record is currently being edited."),
  READ_ONLY_OBJECT: m("CI_ReadOnly", "{object} is a read-only object."),
  RECORD_LOCKED: m("SY_Locked", "The record is in use by another user."),
  NOTHING_TO_DELETE: m("CI_NoKey", "There is no record to delete."),
  DELETE_NOT_ALLOWED: m("CI_CannotDelete", "{what} cannot be deleted: {reason}."),
  RECORD_EXISTS: m("CI_Exists", "The {column} {value} already exists."),

  // --- specific look-ups -------------------------------------------------------------------------------
  CUSTOMER_NOT_ON_FILE: m("CI_NOF", "Customer {division}-{customer} does not exist."),
  CUSTOMER_INACTIVE: m("AR_CustInactive", "Customer {division}-{customer} is inactive and cannot be used."),
  CUSTOMER_CREDIT_HOLD: m("AR_CreditHold", "Customer {division}-{customer} is on credit hold."),
  VENDOR_NOT_ON_FILE: m("CI_NOF", "Vendor {division}-{vendor} does not exist."),
  VENDOR_INACTIVE: m("AP_VendInactive", "Vendor {division}-{vendor} is inactive and cannot be used."),
  ITEM_INVALID: m("CI_NOF", "The ItemCode is invalid."),
  ITEM_INACTIVE: m("CI_ItemInactive", "Item {item} is inactive."),
  ITEM_TYPE_NOT_ALLOWED: m("CI_ItemType", "Item {item} (type {type}) cannot be used in {module}."),
  ITEM_CODE_PREFIX: m(
    "CI_ItemType",
    "Miscellaneous, charge and comment item codes must begin with '/'; other items must not.",
  ),
  GL_ACCOUNT_INVALID: m("GL_InvalidAccount", "The {column} is invalid."),
  GL_ACCOUNT_INACTIVE: m("GL_AccountInactive", "G/L account {account} is inactive."),
  GL_ACCOUNT_DELETED: m("GL_AccountDeleted", "G/L account {account} has been deleted."),
  GL_ACCOUNT_FORMAT: m("GL_AccountFormat", "The account {account} does not match the account format {mask}."),
  GL_ACCOUNT_HAS_ACTIVITY: m("GL_HasActivity", "G/L account {account} has posting history and cannot be deleted."),

  // --- documents ---------------------------------------------------------------------------------------
  DUPLICATE_INVOICE: m("AR_DupInvoice", "Invoice {invoice} already exists in batch {batch}."),
  DUPLICATE_AP_INVOICE: m("AP_DupInvoice", "Invoice {invoice} for vendor {vendor} already exists in batch {batch}."),
  INVOICE_ALREADY_POSTED: m(
    "AR_InvoicePosted",
    "Invoice {invoice} is already on file; adjusting a posted invoice is not supported by this interface.",
  ),
  DUPLICATE_ENTRY: m("GL_DupEntry", "Entry {entry} already exists for source journal {journal}."),
  DUPLICATE_CUSTOMER_PO: m(
    "SO_DupPO",
    "This customer PO number already exists on one or more sales orders or invoices.",
    true,
  ),
  DISTRIBUTION_OUT_OF_BALANCE: m("CI_OutOfBalance", "The distribution is out of balance", true),
  JOURNAL_OUT_OF_BALANCE: m(
    "GL_OutOfBalance",
    "This journal is out of balance. This entry must balance in order to post to General Ledger.",
    true,
  ),
  DEPOSIT_OUT_OF_BALANCE: m(
    "AR_DepositOOB",
    "Deposit {deposit} is out of balance: deposit amount {expected}, receipts {actual}.",
  ),
  INVOICE_NOT_OPEN: m(
    "AR_InvoiceNotOpen",
    "Invoice {invoice} is not an open invoice for customer {division}-{customer}.",
  ),
  AMOUNT_EXCEEDS_BALANCE: m("AR_OverApplied", "The amount posted exceeds the balance of invoice {invoice}."),
  LINE_INVOICE_OR_ACCOUNT: m(
    "AR_CashLine",
    "A receipt line applies either to an invoice or to a G/L account, not both.",
  ),
  DUPLICATE_CHECK: m("AP_DupCheck", "Check {check} for bank code {bank} already exists in batch {batch}."),
  CHECK_ALREADY_POSTED: m("AP_CheckPosted", "Check {check} for bank code {bank} is already on file."),
  AP_INVOICE_NOT_OPEN: m(
    "AP_InvoiceNotOpen",
    "Invoice {invoice} is not an open invoice for vendor {division}-{vendor}.",
  ),
  AP_AMOUNT_EXCEEDS_BALANCE: m("AP_OverApplied", "The amount paid exceeds the balance of invoice {invoice}."),
  AP_CHECK_LINE: m("AP_CheckLine", "A check line pays either an invoice or a G/L account, not both."),
  DEBIT_AND_CREDIT: m("GL_DebitCredit", "A journal line cannot have both a debit and a credit amount."),
  ORDER_NOT_OPEN: m("SO_OrderNotOpen", "Sales order {order} is not an open order."),
  ORDER_ON_HOLD: m("SO_OrderHold", "Sales order {order} is on hold."),
  ORDER_IN_USE: m("SO_OrderInUse", "Sales order {order} is already being invoiced on invoice {invoice}."),
  OVER_SHIPPED: m("SO_OverShip", "The quantity shipped exceeds the quantity ordered."),
  ADJUST_NOT_SUPPORTED: m("CI_NotSupported", "{what} is not supported by the simulator."),

  // --- dates and periods -------------------------------------------------------------------------------
  NO_FISCAL_YEAR: m("GL_NoFiscalYear", "The date {date} is not within an existing fiscal year."),
  PERIOD_CLOSED: m("GL_PeriodClosed", "The date {date} is in a closed period ({year}-{period})."),
  DATE_RESTRICTED: m("GL_DateRestricted", "The date is not within the current or next period."),

  // --- batches -----------------------------------------------------------------------------------------
  BATCH_REQUIRED: m("CI_BatchRequired", "A batch must be selected before entering {what}."),
  BATCH_NOT_ENABLED: m("CI_NoBatch", "Batch processing is not enabled for {what}."),
  BATCH_NOT_FOUND: m("CI_NOF", "Batch {batch} is not on file."),
  BATCH_IN_USE: m("SY_BatchInUse", "Batch {batch} is in use by another user."),
  BATCH_PRIVATE: m("SY_BatchPrivate", "Batch {batch} is a private batch of another user."),
  BATCH_MISMATCH: m("CI_BatchMismatch", "{what} belongs to batch {batch}, not the selected batch {selected}."),
  NOT_PRINTED: m("CI_NotPrinted", "The register must be printed before it can be updated."),
  NOTHING_TO_UPDATE: m("CI_NoData", "There are no records to update."),
  INVALID_DESTINATION: m("CI_Invalid", "The report destination {destination} is invalid."),
  POSTING_FAILED: m("CI_UpdateFailed", "Update failed for {document}: {reason}"),

  // --- session -----------------------------------------------------------------------------------------
  BAD_LOGIN: m("SY_BadLogon", "The user logon or password is invalid."),
  NO_UNIFIED_LOGIN: m("SY_NoLogon", "Unified logon is not available for this user."),
  USER_NOT_SET: m("SY_NoUser", "The user has not been set for this session."),
  COMPANY_NOT_FOUND: m("SY_NoCompany", "Company {company} does not exist."),
  COMPANY_NOT_SET: m("SY_NoCompany", "The company has not been set for this session."),
  NO_LICENSE: m("SY_NoLicense", "No licenses available. All {seats} Sage 100 user licenses are in use."),
  EXCLUSIVE_MODE: m("SY_Exclusive", "Company {company} is in use exclusively by another task (period-end processing)."),
  INVALID_MODULE: m("SY_InvalidModule", "The module {module} is invalid."),
  TASK_NOT_FOUND: m("SY_NoTask", "Task {task} is not on file."),
  NO_ACCESS: m("SY_NoAccess", "No Access - you are not authorized to perform this action", true),

  // --- COM exceptions (thrown, not returned) -----------------------------------------------------------
  COM_INIT_PATH: m("COM", "ProvideX.Script.Init: the path {path} is not a valid Sage 100 MAS90\\Home folder."),
  COM_NOT_INITIALISED: m("COM", "ProvideX.Script: Init must be called before {method}."),
  COM_UNKNOWN_CLASS: m("COM", "NewObject: object {name} was not found."),
  COM_SESSION_REQUIRED: m("COM", "NewObject: {name} requires an SY_Session created by this ProvideX.Script instance."),
  COM_PROGRAM_NOT_SET: m("COM", "NewObject: {name} cannot be created until the session program is set (nSetProgram)."),
  COM_NO_ACCESS: m("COM", "NewObject: No Access - you are not authorized to use {name}."),
  COM_RELEASED: m("COM", "The object has been released (DropObject) and can no longer be used."),
  COM_NO_MEMBER: m("COM", "Unknown name: {member}."),
  COM_SERVER_GONE: m("COM", "The remote procedure call failed. (Exception from HRESULT: 0x800706BE)"),
  COM_INTERNAL: m("COM", "Exception occurred in {method}: {reason}"),

  // --- ODBC (driver-style) -----------------------------------------------------------------------------
  ODBC_READ_ONLY: m("HY000", "[ProvideX][ODBC Driver]Driver is read-only: only SELECT statements are supported."),
  ODBC_SYNTAX: m("42000", "[ProvideX][ODBC Driver]Expected lexical element not found: {detail}"),
  ODBC_UNSUPPORTED: m("HYC00", "[ProvideX][ODBC Driver]Driver not capable: {feature}"),
  ODBC_NO_TABLE: m("S0002", "[ProvideX][ODBC Driver][FILEIO]Table is not accessible: {table}"),
  ODBC_NO_COLUMN: m("S0022", "[ProvideX][ODBC Driver]Column not found: {column}"),
  ODBC_PARAMS: m("07002", "[ProvideX][ODBC Driver]Wrong number of parameters."),
  ODBC_BAD_VALUE: m("22018", "[ProvideX][ODBC Driver]Invalid value for {column}: {value}"),
} as const satisfies Record<string, MessageDef>;

export type MessageCode = keyof typeof MESSAGES;
export type MessageParams = Record<string, string | number>;

/** Renders a catalogue entry; unknown placeholders are left visible so a missing parameter is obvious. */
export function formatMessage(code: MessageCode, params: MessageParams = {}): { num: string; text: string } {
  const def: MessageDef = MESSAGES[code];
  const text = def.text.replace(/\{(\w+)\}/g, (whole, key: string) =>
    params[key] === undefined ? whole : String(params[key]),
  );
  return { num: def.num, text };
}
