// Writes module postings into the general ledger: GL_DetailPosting rows (one register per update) and
// GL_PeriodPostingHistory totals. Accounts are re-validated (must exist and be active) before anything is written.
import { fail } from "../boi/errors";
import { fromUnits, sumAmounts, toUnits } from "../money";
import type { Company, Stamp } from "../tables/company";
import { resolveAccount } from "../validation/lookups";
import { checkPostingDate } from "../validation/periods";

export interface GlEntry {
  accountKey: string;
  debit: number;
  credit: number;
  comment: string;
  reference?: string;
}

/** Throws on an invalid/inactive account or an unbalanced set (a simulator bug for module postings). */
export function validateGl(company: Company, entries: readonly GlEntry[], postingDate: string): void {
  checkPostingDate(company, postingDate);
  for (const e of entries) resolveAccount(company, e.accountKey, "AccountKey");
  const debits = sumAmounts(entries.map((e) => e.debit));
  const credits = sumAmounts(entries.map((e) => e.credit));
  if (toUnits(debits, 2) !== toUnits(credits, 2)) fail("JOURNAL_OUT_OF_BALANCE");
}

/** Posts entries under a new journal register number; returns it. Zero lines are skipped. */
export function postGl(
  company: Company,
  sourceJournal: string,
  postingDate: string,
  entries: readonly GlEntry[],
  stamp: Stamp,
  allowUnbalanced = false,
): string {
  if (!allowUnbalanced) validateGl(company, entries, postingDate);
  const fp = checkPostingDate(company, postingDate);
  const registerNo = String(company.nextCounter("JournalRegisterNo")).padStart(6, "0");
  let seq = 0;
  const periodTotals = new Map<string, { debit: bigint; credit: bigint }>();
  for (const e of entries) {
    if (toUnits(e.debit, 2) === 0n && toUnits(e.credit, 2) === 0n) continue;
    seq += 1;
    company.save(
      "GL_DetailPosting",
      {
        AccountKey: e.accountKey,
        PostingDate: postingDate,
        SourceJournal: sourceJournal,
        JournalRegisterNo: registerNo,
        SequenceNo: String(seq).padStart(6, "0"),
        PostingComment: e.comment.slice(0, 30),
        SourceReference: (e.reference ?? "").slice(0, 20),
        DebitAmount: e.debit,
        CreditAmount: e.credit,
      },
      stamp,
    );
    const t = periodTotals.get(e.accountKey) ?? { debit: 0n, credit: 0n };
    t.debit += toUnits(e.debit, 2);
    t.credit += toUnits(e.credit, 2);
    periodTotals.set(e.accountKey, t);
  }
  // one GL_PeriodPostingHistory write per account and register keeps big updates fast
  for (const [accountKey, t] of periodTotals) {
    const hist = company.t("GL_PeriodPostingHistory").get([accountKey, fp.year, fp.period]);
    company.save(
      "GL_PeriodPostingHistory",
      {
        AccountKey: accountKey,
        FiscalYear: fp.year,
        FiscalPeriod: fp.period,
        DebitAmount: fromUnits(toUnits(Number(hist?.DebitAmount ?? 0), 2) + t.debit, 2),
        CreditAmount: fromUnits(toUnits(Number(hist?.CreditAmount ?? 0), 2) + t.credit, 2),
      },
      stamp,
    );
  }
  return registerNo;
}

/** Debit when positive, credit when negative (helper for signed amounts). */
export function signed(accountKey: string, amount: number, comment: string, reference?: string): GlEntry {
  const u = toUnits(amount, 2);
  return u >= 0n
    ? { accountKey, debit: fromUnits(u, 2), credit: 0, comment, ...(reference ? { reference } : {}) }
    : { accountKey, debit: 0, credit: fromUnits(-u, 2), comment, ...(reference ? { reference } : {}) };
}
