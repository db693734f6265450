// THE one editable catalogue that turns Sage 100's sLastErrorMsg into a normalised code, a retry class and a
// sentence a bookkeeper understands. Most Sage texts are inferred (spec §3): correct a pattern here once a real
// system shows the real text. Entries are tried in order; the first match wins.
import type { CommandErrorCode, CommandRetryClass } from "../protocol";

export type CatalogueEntry = {
  id: string;
  pattern: RegExp;
  code: CommandErrorCode;
  retryClass: CommandRetryClass;
  explain: (groups: Record<string, string>) => string;
};

/** Sage column names in messages, said the way a person would say them. */
export const FRIENDLY_COLUMNS: Record<string, string> = {
  ItemCode: "item code",
  CustomerNo: "customer number",
  VendorNo: "vendor number",
  TermsCode: "terms code",
  TaxSchedule: "tax schedule",
  TaxClass: "tax class",
  SalespersonNo: "salesperson",
  SalesAcctKey: "sales G/L account",
  AccountKey: "G/L account",
  CostOfGoodsSoldAcctKey: "cost of goods sold account",
  InventoryAcctKey: "inventory account",
  PurchaseAcctKey: "purchase account",
  InvoiceDate: "invoice date",
  InvoiceNo: "invoice number",
  CheckNo: "check number",
  DepositNo: "deposit number",
  BankCode: "bank code",
  WarehouseCode: "warehouse",
  DefaultWarehouseCode: "default warehouse",
  PostingDate: "posting date",
  ARDivisionNo: "A/R division",
  APDivisionNo: "A/P division",
  CustomerName: "customer name",
  VendorName: "vendor name",
  ItemCodeDesc: "item description",
};

export const friendly = (column: string | undefined): string =>
  column ? (FRIENDLY_COLUMNS[column] ?? column) : "value";

const e = (
  id: string,
  pattern: RegExp,
  code: CommandErrorCode,
  retryClass: CommandRetryClass,
  explain: CatalogueEntry["explain"],
): CatalogueEntry => ({
  id,
  pattern,
  code,
  retryClass,
  explain,
});

export const CATALOGUE: readonly CatalogueEntry[] = [
  // --- sessions, licences, access ---------------------------------------------------------------------------
  e(
    "NO_LICENSE",
    /^No licenses available/i,
    "NO_LICENSE",
    "TRANSIENT",
    () =>
      "Every Sage 100 user licence is in use, so the agent could not sign in. It will try again; freeing a licence (or adding one) fixes it for good.",
  ),
  e(
    "EXCLUSIVE_MODE",
    /^Company (?<company>\S+) is in use exclusively/i,
    "EXCLUSIVE_MODE",
    "TRANSIENT",
    (g) =>
      `Sage 100 company ${g.company} is locked for period-end or another exclusive task. Ledgerlink will retry once it is released.`,
  ),
  e(
    "BAD_LOGIN",
    /^The user logon or password is invalid/i,
    "NO_ACCESS",
    "NEEDS_USER",
    () => "The Sage 100 user name or password configured in the agent is wrong. Update the agent's Sage credentials.",
  ),
  e(
    "COMPANY_NOT_FOUND",
    /^Company (?<company>\S+) does not exist/i,
    "NOT_FOUND",
    "NEEDS_USER",
    (g) => `Sage 100 has no company ${g.company}. Check the company code in the agent's configuration.`,
  ),
  e(
    "NO_ACCESS",
    /No Access/i,
    "NO_ACCESS",
    "NEEDS_USER",
    () => "The agent's Sage 100 user is not allowed to do this. Give its role rights to the task in Role Maintenance.",
  ),
  e(
    "SESSION_GONE",
    /remote procedure call failed|RPC_E|0x800706BE|has been released/i,
    "SESSION_DEAD",
    "TRANSIENT",
    () =>
      "The connection to Sage 100 dropped in the middle of the work. The agent opened a fresh session and will retry.",
  ),

  // --- locks and batches -----------------------------------------------------------------------------------
  e(
    "RECORD_LOCKED",
    /^The record is in use by another user/i,
    "LOCKED",
    "TRANSIENT",
    () => "Someone in Sage 100 has this record open. Ledgerlink will retry when they close it.",
  ),
  e(
    "BATCH_IN_USE",
    /^Batch (?<batch>\S+) is in use by another user/i,
    "BATCH_IN_USE",
    "TRANSIENT",
    (g) => `Batch ${g.batch} is open in Sage 100 on another workstation. Ledgerlink will retry when it is free.`,
  ),
  e(
    "BATCH_PRIVATE",
    /^Batch (?<batch>\S+) is a private batch/i,
    "BATCH_IN_USE",
    "NEEDS_USER",
    (g) => `Batch ${g.batch} is private to another Sage 100 user. Choose another batch or make it public.`,
  ),
  e(
    "BATCH_NOT_FOUND",
    /^Batch (?<batch>\S+) is not on file/i,
    "NOT_FOUND",
    "NEEDS_USER",
    (g) => `Batch ${g.batch} does not exist in Sage 100 (it may have been posted already).`,
  ),
  e(
    "BATCH_NOT_ENABLED",
    /^Batch processing is not enabled/i,
    "UNSUPPORTED",
    "NEEDS_USER",
    () => "Batch processing is turned off for this journal in Sage 100, so no batch can be chosen.",
  ),
  e(
    "BATCH_MISMATCH",
    /^(?<what>.+) belongs to batch (?<batch>\S+), not the selected batch (?<selected>\S+?)\.?$/i,
    "DUPLICATE",
    "NEEDS_USER",
    (g) => `${g.what} is already in Sage 100 batch ${g.batch}; it cannot be entered again in batch ${g.selected}.`,
  ),
  e(
    "BATCH_REQUIRED",
    /^A batch must be selected/i,
    "INVALID_VALUE",
    "BUG",
    () => "Sage 100 expected a batch to be selected first.",
  ),

  // --- master records --------------------------------------------------------------------------------------
  e(
    "CUSTOMER_NOT_ON_FILE",
    /^Customer (?<customer>\S+) does not exist/i,
    "NOT_FOUND",
    "NEEDS_USER",
    (g) =>
      `Customer ${g.customer} does not exist in Sage 100. Sync or create the customer first, or fix the customer mapping.`,
  ),
  e(
    "CUSTOMER_INACTIVE",
    /^Customer (?<customer>\S+) is inactive/i,
    "INACTIVE",
    "NEEDS_USER",
    (g) =>
      `Customer ${g.customer} is inactive in Sage 100. Reactivate it in Customer Maintenance or map this customer to an active one.`,
  ),
  e(
    "VENDOR_NOT_ON_FILE",
    /^Vendor (?<vendor>\S+) does not exist/i,
    "NOT_FOUND",
    "NEEDS_USER",
    (g) =>
      `Vendor ${g.vendor} does not exist in Sage 100. Sync or create the vendor first, or fix the supplier mapping.`,
  ),
  e(
    "VENDOR_INACTIVE",
    /^Vendor (?<vendor>\S+) is inactive/i,
    "INACTIVE",
    "NEEDS_USER",
    (g) => `Vendor ${g.vendor} is inactive in Sage 100. Reactivate it or map this supplier to an active vendor.`,
  ),
  e(
    "ITEM_INVALID",
    /^The ItemCode is invalid/i,
    "NOT_FOUND",
    "NEEDS_USER",
    () => "The item code is not on file in Sage 100. Create the item or fix the product mapping.",
  ),
  e(
    "ITEM_INACTIVE",
    /^Item (?<item>.+) is inactive/i,
    "INACTIVE",
    "NEEDS_USER",
    (g) => `Item ${g.item} is inactive in Sage 100. Reactivate it or map the product to another item.`,
  ),
  e(
    "ITEM_TYPE_NOT_ALLOWED",
    /^Item (?<item>.+) \(type (?<type>\d)\) cannot be used in (?<module>.+?)\.?$/i,
    "INVALID_VALUE",
    "NEEDS_USER",
    (g) =>
      `Item ${g.item} cannot be used on ${g.module}: A/R invoice lines need a miscellaneous, charge or comment item (a code starting with "/").`,
  ),
  e(
    "ITEM_CODE_PREFIX",
    /must begin with '\/'/i,
    "INVALID_VALUE",
    "NEEDS_USER",
    () =>
      'Miscellaneous, charge and comment item codes must start with "/" and regular items must not. Fix the item code or type.',
  ),

  // --- G/L accounts ------------------------------------------------------------------------------------------
  e(
    "GL_ACCOUNT_INACTIVE",
    /^G\/L account (?<account>\S+) is inactive/i,
    "INACTIVE",
    "NEEDS_USER",
    (g) => `G/L account ${g.account} is inactive in Sage 100. Use an active account or fix the account mapping.`,
  ),
  e(
    "GL_ACCOUNT_DELETED",
    /^G\/L account (?<account>\S+) has been deleted/i,
    "INACTIVE",
    "NEEDS_USER",
    (g) => `G/L account ${g.account} has been deleted in Sage 100. Use an active account or fix the account mapping.`,
  ),
  e(
    "GL_ACCOUNT_FORMAT",
    /^The account (?<account>\S+) does not match the account format/i,
    "INVALID_VALUE",
    "NEEDS_USER",
    (g) => `${g.account} is not a valid Sage 100 account number for this company's account format.`,
  ),
  e(
    "GL_ACCOUNT_INVALID",
    /^The (?<column>\w*(?:Acct|Account)\w*) is invalid\.?$/i,
    "NOT_FOUND",
    "NEEDS_USER",
    (g) => `The ${friendly(g.column)} is not on file in Sage 100. Use an existing account or fix the account mapping.`,
  ),

  // --- documents ---------------------------------------------------------------------------------------------
  e(
    "DUPLICATE_INVOICE",
    /^Invoice (?<invoice>\S+) already exists in batch (?<batch>\S+)/i,
    "DUPLICATE",
    "NEEDS_USER",
    (g) => `Invoice number ${g.invoice} is already used by a document in Sage 100 batch ${g.batch}.`,
  ),
  e(
    "DUPLICATE_AP_INVOICE",
    /^Invoice (?<invoice>\S+) for vendor (?<vendor>\S+) already exists in batch (?<batch>\S+)/i,
    "DUPLICATE",
    "NEEDS_USER",
    (g) => `Vendor ${g.vendor} already has invoice ${g.invoice} in Sage 100 batch ${g.batch}.`,
  ),
  e(
    "INVOICE_ALREADY_POSTED",
    /^Invoice (?<invoice>\S+) is already on file/i,
    "DUPLICATE",
    "NEEDS_USER",
    (g) => `Invoice ${g.invoice} is already posted in Sage 100; adjusting a posted invoice has to be done in Sage 100.`,
  ),
  e(
    "DUPLICATE_ENTRY",
    /^Entry (?<entry>\S+) already exists for source journal (?<journal>\S+)/i,
    "DUPLICATE",
    "NEEDS_USER",
    (g) => `Journal entry ${g.journal}-${g.entry} already exists in Sage 100.`,
  ),
  e(
    "JOURNAL_OUT_OF_BALANCE",
    /^This journal is out of balance/i,
    "OUT_OF_BALANCE",
    "NEEDS_USER",
    () => "The journal's debits and credits are not equal, and Sage 100 only accepts balanced journals.",
  ),
  e(
    "DEPOSIT_OUT_OF_BALANCE",
    /Deposit (?<deposit>\S+) is out of balance/i,
    "OUT_OF_BALANCE",
    "NEEDS_USER",
    (g) => `Deposit ${g.deposit}'s amount does not equal the receipts in it, so Sage 100 will not post it.`,
  ),
  e(
    "DISTRIBUTION_OUT_OF_BALANCE",
    /^The distribution is out of balance/i,
    "OUT_OF_BALANCE",
    "NEEDS_USER",
    () =>
      "The amounts do not add up: the document total must equal the sum of its lines (applied invoices or G/L distribution).",
  ),
  e(
    "INVOICE_NOT_OPEN",
    /^Invoice (?<invoice>\S+) is not an open invoice for customer (?<customer>\S+?)\.?$/i,
    "NOT_FOUND",
    "NEEDS_USER",
    (g) =>
      `Invoice ${g.invoice} is not open for customer ${g.customer} in Sage 100 (not posted yet, already paid, or another customer's).`,
  ),
  e(
    "AMOUNT_EXCEEDS_BALANCE",
    /^The amount posted exceeds the balance of invoice (?<invoice>\S+?)\.?$/i,
    "INVALID_VALUE",
    "NEEDS_USER",
    (g) => `The payment applies more than invoice ${g.invoice}'s open balance in Sage 100.`,
  ),
  e(
    "DUPLICATE_CHECK",
    /^Check (?<check>\S+) for bank code (?<bank>\S+) already exists in batch (?<batch>\S+?)\.?$/i,
    "DUPLICATE",
    "NEEDS_USER",
    (g) => `Check number ${g.check} on bank code ${g.bank} is already used by a check in Sage 100 batch ${g.batch}.`,
  ),
  e(
    "CHECK_ALREADY_POSTED",
    /^Check (?<check>\S+) for bank code (?<bank>\S+) is already on file/i,
    "DUPLICATE",
    "NEEDS_USER",
    (g) => `Check number ${g.check} on bank code ${g.bank} is already posted in Sage 100.`,
  ),
  e(
    "AP_INVOICE_NOT_OPEN",
    /^Invoice (?<invoice>\S+) is not an open invoice for vendor (?<vendor>\S+?)\.?$/i,
    "NOT_FOUND",
    "NEEDS_USER",
    (g) =>
      `Invoice ${g.invoice} is not open for vendor ${g.vendor} in Sage 100 (not posted yet, already paid, or another vendor's).`,
  ),
  e(
    "AP_AMOUNT_EXCEEDS_BALANCE",
    /^The amount paid exceeds the balance of invoice (?<invoice>\S+?)\.?$/i,
    "INVALID_VALUE",
    "NEEDS_USER",
    (g) =>
      `The check pays more than invoice ${g.invoice}'s open balance in Sage 100 (other checks may already pay part of it).`,
  ),
  e(
    "AP_CHECK_LINE",
    /pays either an invoice or a G\/L account/i,
    "INVALID_VALUE",
    "BUG",
    () => "A check line may pay an invoice or a G/L account, not both.",
  ),
  e(
    "LINE_INVOICE_OR_ACCOUNT",
    /applies either to an invoice or to a G\/L account/i,
    "INVALID_VALUE",
    "BUG",
    () => "A receipt line may apply to an invoice or post to a G/L account, not both.",
  ),
  e(
    "DEBIT_AND_CREDIT",
    /cannot have both a debit and a credit/i,
    "INVALID_VALUE",
    "NEEDS_USER",
    () => "A journal line has both a debit and a credit amount; split it into two lines.",
  ),
  e(
    "NOTHING_TO_UPDATE",
    /^There are no records to update/i,
    "NOT_FOUND",
    "NEEDS_USER",
    () => "The batch has nothing to post.",
  ),
  e(
    "NOT_PRINTED",
    /must be printed before it can be updated/i,
    "INVALID_VALUE",
    "BUG",
    () => "Sage 100 wants the register printed before posting.",
  ),

  // --- dates -------------------------------------------------------------------------------------------------
  e(
    "PERIOD_CLOSED",
    /^The date (?<date>\S+) is in a closed period \((?<period>[^)]+)\)/i,
    "PERIOD_CLOSED",
    "NEEDS_USER",
    (g) =>
      `The date ${sageDateText(g.date)} falls in Sage 100 period ${g.period}, which is closed. Use a date in an open period or reopen the period.`,
  ),
  e(
    "NO_FISCAL_YEAR",
    /^The date (?<date>\S+) is not within an existing fiscal year/i,
    "PERIOD_CLOSED",
    "NEEDS_USER",
    (g) =>
      `The date ${sageDateText(g.date)} is outside every fiscal year set up in Sage 100. Create the fiscal year in Sage 100 or fix the date.`,
  ),
  e(
    "DATE_RESTRICTED",
    /^The date is not within the current or next period/i,
    "PERIOD_CLOSED",
    "NEEDS_USER",
    () =>
      'Sage 100 only accepts dates in the current or next period ("Restrict Accounting Date" is on). Use a date in that window.',
  ),

  // --- columns -----------------------------------------------------------------------------------------------
  e(
    "CHAR_LENGTH",
    /^The (?<column>.+) is greater than (?<length>\d+) character\(s\)/i,
    "TOO_LONG",
    "NEEDS_USER",
    (g) => `The ${g.column?.toLowerCase()} is too long for Sage 100, which allows ${g.length} characters.`,
  ),
  e(
    "REQUIRED",
    /^The (?<column>\w+) is required/i,
    "REQUIRED",
    "NEEDS_USER",
    (g) => `Sage 100 requires the ${friendly(g.column)}, and it was blank.`,
  ),
  e(
    "NOT_ON_FILE",
    /^The (?<column>\w+) is not on file/i,
    "NOT_FOUND",
    "NEEDS_USER",
    (g) => `The ${friendly(g.column)} is not on file in Sage 100.`,
  ),
  e(
    "INACTIVE_VALUE",
    /^The (?<column>\w+) (?<value>\S+) is inactive/i,
    "INACTIVE",
    "NEEDS_USER",
    (g) => `The ${friendly(g.column)} ${g.value} is inactive in Sage 100.`,
  ),
  e(
    "INVALID_ENUM",
    /^The (?<column>\w+) is invalid\. Valid values are (?<values>.+?)\.?$/i,
    "INVALID_VALUE",
    "BUG",
    (g) => `The ${friendly(g.column)} must be one of ${g.values}.`,
  ),
  e(
    "INVALID_DATE",
    /^The (?<column>\w+) is not a valid date/i,
    "INVALID_VALUE",
    "BUG",
    (g) => `The ${friendly(g.column)} is not a valid date.`,
  ),
  e(
    "TOO_MANY_DECIMALS",
    /^The (?<column>\w+) cannot have more than (?<scale>\d+) decimal/i,
    "INVALID_VALUE",
    "NEEDS_USER",
    (g) => `The ${friendly(g.column)} has more than ${g.scale} decimal places.`,
  ),
  e(
    "NOT_NUMERIC",
    /^The (?<column>\w+) (must be numeric|is too large)/i,
    "INVALID_VALUE",
    "NEEDS_USER",
    (g) => `The ${friendly(g.column)} is not a number Sage 100 can store.`,
  ),
  e(
    "RECORD_NOT_ON_FILE",
    /^The record is not on file/i,
    "NOT_FOUND",
    "NEEDS_USER",
    () => "The record is not on file in Sage 100.",
  ),
  e(
    "INVALID_VALUE",
    /^The (?<column>\w+) is invalid/i,
    "INVALID_VALUE",
    "NEEDS_USER",
    (g) => `Sage 100 does not accept this ${friendly(g.column)}.`,
  ),
];

function sageDateText(yyyymmdd: string | undefined): string {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(yyyymmdd ?? "");
  return m ? `${m[1]}-${m[2]}-${m[3]}` : (yyyymmdd ?? "");
}

export function findCatalogueEntry(
  sageMessage: string,
): { entry: CatalogueEntry; groups: Record<string, string> } | null {
  const text = sageMessage.trim();
  for (const entry of CATALOGUE) {
    const m = entry.pattern.exec(text);
    if (m) return { entry, groups: { ...(m.groups ?? {}) } };
  }
  return null;
}
