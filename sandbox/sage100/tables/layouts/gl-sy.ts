// General Ledger, sales tax and batch layouts (spec §2.9, §2.10, §1.4). Batch control table name is inferred.
import { d, e, f, n, s, table, type TableDef } from "../schema";

const acct = (name: string, o: { required?: boolean } = {}) => s(name, 9, o);

export const GL_SY_TABLES: TableDef[] = [
  table("GL_Account", { key: ["AccountKey"], indexes: { KACCOUNT: ["Account"] }, audit: true }, [
    s("AccountKey", 9, { readOnly: true }),
    s("Account", 13, { readOnly: true }),
    s("RawAccount", 9, { readOnly: true }),
    s("AccountDesc", 50, { required: true }),
    s("MainAccountCode", 9, { readOnly: true }),
    e("AccountType", ["A", "L", "Q", "I", "E", "C"], { desc: "Account Type" }),
    s("AccountGroup", 20),
    e("Status", ["A", "I", "D"]),
  ]),
  table("GL_FiscalYearMaster", { key: ["FiscalYear"] }, [
    s("FiscalYear", 4),
    d("BeginningDate"),
    d("EndingDate"),
    n("NumberOfPeriods", 0),
  ]),
  table("GL_FiscalYearDetail", { key: ["FiscalYear", "FiscalPeriod"] }, [
    s("FiscalYear", 4),
    s("FiscalPeriod", 2),
    d("PeriodEndingDate"),
  ]),
  table(
    "GL_GeneralJournalHeader",
    { key: ["SourceJournal", "EntryNo"], indexes: { KBATCH: ["BatchNo"] }, audit: true, note: "layout inferred" },
    [
      s("SourceJournal", 2, { upper: true, default: "GJ" }),
      s("EntryNo", 6, { zeroFill: true, upper: true }),
      d("PostingDate", { required: true }),
      s("JournalComment", 30),
      f("AcceptOutofBalance"),
      s("BatchNo", 5, { zeroFill: true, readOnly: true }),
    ],
  ),
  table(
    "GL_GeneralJournalDetail",
    {
      key: ["SourceJournal", "EntryNo", "LineKey"],
      indexes: { KHEADER: ["SourceJournal", "EntryNo"] },
      note: "layout inferred",
    },
    [
      s("SourceJournal", 2),
      s("EntryNo", 6),
      s("LineKey", 6, { readOnly: true }),
      acct("AccountKey", { required: true }),
      s("PostingComment", 30),
      n("DebitAmount", 2),
      n("CreditAmount", 2),
    ],
  ),
  table("GL_GeneralJournalHistory", { key: ["SourceJournal", "EntryNo"], audit: true }, [
    s("SourceJournal", 2),
    s("EntryNo", 6),
    d("PostingDate"),
    s("JournalComment", 30),
    s("JournalRegisterNo", 6),
    s("BatchNo", 5),
    n("DebitAmount", 2),
    n("CreditAmount", 2),
  ]),
  table(
    "GL_DetailPosting",
    {
      key: ["AccountKey", "PostingDate", "SourceJournal", "JournalRegisterNo", "SequenceNo"],
      indexes: { KREGISTER: ["SourceJournal", "JournalRegisterNo"], KACCOUNT: ["AccountKey"] },
      audit: true,
    },
    [
      acct("AccountKey"),
      d("PostingDate"),
      s("SourceJournal", 2),
      s("JournalRegisterNo", 6),
      s("SequenceNo", 6),
      s("PostingComment", 30),
      s("SourceReference", 20),
      n("DebitAmount", 2),
      n("CreditAmount", 2),
    ],
  ),
  table("GL_PeriodPostingHistory", { key: ["AccountKey", "FiscalYear", "FiscalPeriod"], audit: true }, [
    acct("AccountKey"),
    s("FiscalYear", 4),
    s("FiscalPeriod", 2),
    n("DebitAmount", 2),
    n("CreditAmount", 2),
  ]),
  table("SY_SalesTaxClass", { key: ["TaxClass"] }, [s("TaxClass", 2, { upper: true }), s("TaxClassDesc", 30)]),
  table("SY_SalesTaxCode", { key: ["TaxCode"], audit: true }, [
    s("TaxCode", 9, { upper: true }),
    s("TaxCodeDesc", 30),
    acct("SalesTaxAcctKey"),
  ]),
  table("SY_SalesTaxCodeDetail", { key: ["TaxCode", "TaxClass"] }, [
    s("TaxCode", 9, { upper: true }),
    s("TaxClass", 2, { upper: true }),
    n("TaxRate", 6),
  ]),
  table("SY_SalesTaxSchedule", { key: ["TaxSchedule"], audit: true }, [
    s("TaxSchedule", 9, { upper: true }),
    s("TaxScheduleDesc", 30),
  ]),
  table("SY_SalesTaxScheduleDetail", { key: ["TaxSchedule", "TaxCode"] }, [
    s("TaxSchedule", 9, { upper: true }),
    s("TaxCode", 9, { upper: true }),
  ]),
  table(
    "GL_CompanyActiveBatch",
    { key: ["ModuleCode", "BatchType", "BatchNo"], audit: true, note: "batch control; name and layout inferred" },
    [
      s("ModuleCode", 3),
      s("BatchType", 2),
      s("BatchNo", 5, { zeroFill: true }),
      f("PrivateBatch"),
      s("Comment", 30),
      e("BatchStatus", ["O", "U"], { desc: "Batch Status" }),
    ],
  ),
];
