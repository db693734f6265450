// GL_GeneralJournal_bus (GL_GeneralJournalHeader/Detail; table and line column names inferred): balanced
// debit/credit journal entries keyed SourceJournal+EntryNo, in batches. Out of balance => 0 with the sourced text,
// or -1 (saved) when AcceptOutofBalance = "Y" and the user's role allows out-of-balance entries.
import { BatchEntryObject } from "../boi/batch-entry";
import { setRef } from "../boi/by-ref";
import type { ObjectContext } from "../boi/data-object";
import { fail } from "../boi/errors";
import { sameAmount, sumAmounts } from "../money";
import type { ColumnDef, Row, Value } from "../tables/schema";
import { resolveAccount } from "../validation/lookups";
import { checkPostingDate } from "../validation/periods";

export class GlGeneralJournalBus extends BatchEntryObject {
  protected readonly batchKind = "GL_JOURNAL" as const;

  constructor(ctx: ObjectContext) {
    super(ctx, "GL_GeneralJournal_bus", "GL_GeneralJournalHeader", {
      table: "GL_GeneralJournalDetail",
      headerKey: ["SourceJournal", "EntryNo"],
      lineKeyColumn: "LineKey",
      headerIndex: "KHEADER",
    });
  }

  protected override keyDefaults(): Row {
    return { SourceJournal: "GJ" };
  }

  protected override afterKeyResolved(key: Row, existing: Row | undefined): void {
    if (existing) {
      this.checkSameBatch(existing, `Entry ${String(key.EntryNo)}`);
      return;
    }
    if (this.company.t("GL_GeneralJournalHistory").has([key.SourceJournal ?? "", key.EntryNo ?? ""]))
      fail("DUPLICATE_ENTRY", { entry: String(key.EntryNo), journal: String(key.SourceJournal) });
    this.requireBatch("journal entries");
  }

  protected override initNew(row: Row): void {
    row.BatchNo = this.requireBatch("journal entries");
    row.PostingDate = this.moduleDate("G/L");
  }

  protected override validateValue(col: ColumnDef, value: Value): Value {
    const v = String(value);
    if (col.name === "PostingDate" && v) checkPostingDate(this.company, v);
    if (col.name === "AcceptOutofBalance" && v === "Y" && !this.user.allowOutOfBalance) fail("NO_ACCESS");
    return value;
  }

  override validateLineValue(col: ColumnDef, value: Value): Value {
    if (col.name === "AccountKey") return resolveAccount(this.company, String(value), col.name);
    return value;
  }

  override validateLine(line: Row): void {
    resolveAccount(this.company, String(line.AccountKey), "AccountKey");
    if (Number(line.DebitAmount) !== 0 && Number(line.CreditAmount) !== 0) fail("DEBIT_AND_CREDIT");
  }

  protected override beforeWrite(row: Row): void {
    checkPostingDate(this.company, String(row.PostingDate));
    const debits = sumAmounts(this.lines.map((l) => Number(l.DebitAmount)));
    const credits = sumAmounts(this.lines.map((l) => Number(l.CreditAmount)));
    if (!sameAmount(debits, credits)) {
      if (row.AcceptOutofBalance === "Y") this.warn("JOURNAL_OUT_OF_BALANCE");
      else fail("JOURNAL_OUT_OF_BALANCE");
    }
  }

  /** Next entry number for the source journal set with nSetKeyValue (default GJ); 6 digits, burned. */
  nGetNextEntryNo(ref?: unknown): number {
    const journal = String(this.keyValues.get("SourceJournal") ?? "GJ");
    let no: string;
    do no = String(this.company.nextCounter(`EntryNo:${journal}`, 1)).padStart(6, "0");
    while (
      this.company.t("GL_GeneralJournalHeader").has([journal, no]) ||
      this.company.t("GL_GeneralJournalHistory").has([journal, no])
    );
    setRef(ref, no);
    return 1;
  }
}
