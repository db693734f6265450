// Summary mode: the day's sales invoices as one G/L journal, built by aggregation. Each invoice contributes signed
// lines (+ debit, − credit, in Sage 100's currency): receivables debited with the gross, sales and VAT credited per
// G/L account and tax class. The journal sums them per (account, tax class); it must balance to the cent, and every
// invoice's own contribution must too, or nothing is posted (the caller holds it with the culprits named).

export type ContributionLine = { account: string; taxClass: string; amountMinor: number };
export type SummaryMember = { number: string; lines: readonly ContributionLine[] };
export type SummaryLine = { account: string; taxClass: string; debitMinor: number; creditMinor: number };
export type Summary = {
  lines: SummaryLine[];
  debitMinor: number;
  creditMinor: number;
  unbalanced: { number: string; differenceMinor: number }[];
};

/** One invoice's contribution: receivables debited with the gross, each sales / VAT line credited (signs as in KashFlow). */
export function invoiceContribution(o: {
  receivables: string;
  grossMinor: number;
  lines: readonly ContributionLine[];
}): ContributionLine[] {
  return [
    { account: o.receivables, taxClass: "", amountMinor: o.grossMinor },
    ...o.lines.map((l) => ({ ...l, amountMinor: -l.amountMinor })),
  ];
}

const key = (l: ContributionLine) => `${l.account}\u0000${l.taxClass}`;

export function aggregateSummary(members: readonly SummaryMember[]): Summary {
  const sums = new Map<string, ContributionLine>();
  const unbalanced: Summary["unbalanced"] = [];
  for (const m of members) {
    let own = 0;
    for (const l of m.lines) {
      own += l.amountMinor;
      const k = key(l);
      const before = sums.get(k);
      sums.set(k, {
        account: l.account,
        taxClass: l.taxClass,
        amountMinor: (before?.amountMinor ?? 0) + l.amountMinor,
      });
    }
    if (own !== 0) unbalanced.push({ number: m.number, differenceMinor: own });
  }
  const lines = [...sums.values()]
    .filter((l) => l.amountMinor !== 0)
    .sort((a, b) =>
      a.account === b.account ? a.taxClass.localeCompare(b.taxClass) : a.account.localeCompare(b.account),
    )
    .map((l) => ({
      account: l.account,
      taxClass: l.taxClass,
      debitMinor: Math.max(0, l.amountMinor),
      creditMinor: Math.max(0, -l.amountMinor),
    }));
  const debitMinor = lines.reduce((t, l) => t + l.debitMinor, 0);
  const creditMinor = lines.reduce((t, l) => t + l.creditMinor, 0);
  return { lines, debitMinor, creditMinor, unbalanced };
}

export const isBalanced = (s: Summary): boolean => s.debitMinor === s.creditMinor && s.unbalanced.length === 0;

/** The journal's reference in Sage 100 (its JournalComment, ≤ 30): the idempotency anchor, one per company and day. */
export function summaryReference(day: string, seq: number): string {
  return `KF SALES ${day}${seq > 1 ? ` #${seq}` : ""}`;
}
