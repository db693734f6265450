// Fiscal calendar rules: a posting date must fall in an existing fiscal year, not in a closed period (before the
// G/L current period) and, with "restrict accounting date", only in the current or next period (spec §3, §7.3).
import { fail } from "../boi/errors";
import type { Company } from "../tables/company";

export interface FiscalPeriod {
  year: string;
  period: string;
}

export function fiscalPeriodOf(company: Company, date: string): FiscalPeriod | null {
  const years = company.t("GL_FiscalYearMaster");
  for (const y of years.values()) {
    if (date < String(y.BeginningDate) || date > String(y.EndingDate)) continue;
    const periods = company
      .t("GL_FiscalYearDetail")
      .sorted()
      .filter((p) => p.FiscalYear === y.FiscalYear);
    for (const p of periods)
      if (date <= String(p.PeriodEndingDate)) return { year: String(y.FiscalYear), period: String(p.FiscalPeriod) };
  }
  return null;
}

function periodIndex(company: Company, fp: FiscalPeriod): number {
  const all = company.t("GL_FiscalYearDetail").sorted();
  return all.findIndex((p) => p.FiscalYear === fp.year && p.FiscalPeriod === fp.period);
}

/** Throws the catalogue failure when `date` cannot be posted to. */
export function checkPostingDate(company: Company, date: string): FiscalPeriod {
  const fp = fiscalPeriodOf(company, date);
  if (!fp) fail("NO_FISCAL_YEAR", { date });
  const current = { year: company.options.currentFiscalYear, period: company.options.currentPeriod };
  const idx = periodIndex(company, fp);
  const currentIdx = periodIndex(company, current);
  if (currentIdx >= 0 && idx < currentIdx) fail("PERIOD_CLOSED", { date, year: fp.year, period: fp.period });
  if (company.options.restrictAccountingDate && currentIdx >= 0 && idx > currentIdx + 1)
    fail("DATE_RESTRICTED", { date });
  return fp;
}
