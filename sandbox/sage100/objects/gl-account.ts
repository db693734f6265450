// GL_Account_bus: keyed by the formatted Account ("4000-00", mask ####-##) while the table key is the internal
// AccountKey surrogate (9 digits) assigned on creation and used by every other table (spec §2.10).
import { BusinessObject } from "../boi/business-object";
import type { ObjectContext } from "../boi/data-object";
import { fail } from "../boi/errors";
import type { Row } from "../tables/schema";
import { ACCOUNT_MASK, formatAccount } from "../validation/lookups";

const TYPE_BY_FIRST_DIGIT: Record<string, string> = { "1": "A", "2": "L", "3": "Q", "4": "I" };

export class GlAccountBus extends BusinessObject {
  constructor(ctx: ObjectContext) {
    super(ctx, "GL_Account_bus", "GL_Account");
  }

  protected override busKeyColumns(): readonly string[] {
    return ["Account"];
  }

  protected override beforeSetKey(key: Row): void {
    const formatted = formatAccount(String(key.Account));
    if (!formatted) fail("GL_ACCOUNT_FORMAT", { account: String(key.Account), mask: ACCOUNT_MASK });
    key.Account = formatted;
  }

  protected override findByKey(key: Row): Row | undefined {
    return this.table.lookup("KACCOUNT", [key.Account ?? ""])[0];
  }

  protected override initNew(row: Row): void {
    const account = String(row.Account);
    const table = this.table;
    let k: string;
    do k = String(this.company.nextCounter("AccountKey", 1)).padStart(9, "0");
    while (table.has([k]));
    row.AccountKey = k;
    row.RawAccount = account.replace("-", "");
    row.MainAccountCode = account.slice(0, 4);
    row.AccountType = TYPE_BY_FIRST_DIGIT[account.charAt(0)] ?? "E";
  }

  protected override beforeDelete(row: Row): void {
    if (this.company.t("GL_DetailPosting").lookup("KACCOUNT", [row.AccountKey ?? ""]).length > 0)
      fail("GL_ACCOUNT_HAS_ACTIVITY", { account: String(row.Account) });
  }
}
