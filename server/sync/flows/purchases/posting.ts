// What a KashFlow purchase becomes in Sage 100 A/P, as pure functions: the checks a bill must pass before anything is
// looked up, the facts that decide whether a posted bill changed, and the G/L distribution converted into Sage's
// currency by the one rounding policy, the parts adding up to the invoice amount to the cent.
import { hold, type Hold } from "../../engine/flow";
import type { PurchaseInvoice } from "@/server/domain/canonical/purchase-invoice";
import { isNegativeDecimal, moneyToDecimal, type Money } from "@/server/domain/canonical/money";
import type { UsedRate } from "../../mappings/fx";
import { convertDocument } from "../../rules/fx-split";
import { stableStringify } from "@/server/integrations/kashflow/hash";

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const amount = (m: Money) => `${moneyToDecimal(m)} ${m.currency}`;

/** A bill that cannot be posted as it stands: held with the line and a reason a person can act on in KashFlow. */
export function purchaseProblems(p: PurchaseInvoice): Hold | null {
  const what = p.purchaseType === "expense" ? "expense" : "purchase";
  if (p.lines.length === 0) return hold("NO_LINES", `KashFlow ${what} ${p.number} has no lines to post.`, "lines");
  for (const [i, l] of p.lines.entries()) {
    if (l.net.currency !== p.currency || l.tax.amount.currency !== p.currency)
      return hold(
        "MIXED_CURRENCY",
        `Line ${i + 1} of ${what} ${p.number} is in ${l.net.currency}, the ${what} in ${p.currency}.`,
        `lines.${i}.net`,
      );
    if (!p.isCreditNote && isNegativeDecimal(l.quantity))
      return hold(
        "NEGATIVE_QUANTITY",
        `Line ${i + 1} of ${what} ${p.number} has a negative quantity (${l.quantity}); enter returns as a credit note in KashFlow.`,
        `lines.${i}.quantity`,
      );
    if (!l.accountCode)
      return hold(
        "NO_NOMINAL",
        `Line ${i + 1} of ${what} ${p.number} has no nominal code; choose one in KashFlow.`,
        `lines.${i}.accountCode`,
      );
  }
  const net = sum(p.lines.map((l) => l.net.amountMinor));
  const tax = sum(p.lines.map((l) => l.tax.amount.amountMinor));
  if (net !== p.totals.net.amountMinor || tax !== p.totals.tax.amountMinor || net + tax !== p.totals.gross.amountMinor)
    return hold(
      "LINES_DO_NOT_ADD_UP",
      `The lines of ${what} ${p.number} add up to ${amount({ amountMinor: net + tax, currency: p.currency })} (VAT ${amount({ amountMinor: tax, currency: p.currency })}), but its total is ${amount(p.totals.gross)} (VAT ${amount(p.totals.tax)}). Correct it in KashFlow.`,
      "totals.gross",
    );
  return null;
}

/** What was posted, in KashFlow's terms: if any of it changes afterwards, the bill is not posted again. */
export type PostingFacts = {
  supplierCode: string;
  issueDate: string;
  currency: string;
  grossMinor: number;
  lines: { account: string | null; netMinor: number; taxMinor: number }[];
};

export const postingFacts = (p: PurchaseInvoice): PostingFacts => ({
  supplierCode: p.supplierCode,
  issueDate: p.issueDate,
  currency: p.currency,
  grossMinor: p.totals.gross.amountMinor,
  lines: p.lines.map((l) => ({
    account: l.accountCode,
    netMinor: l.net.amountMinor,
    taxMinor: l.tax.amount.amountMinor,
  })),
});

/** Which facts differ, in words ("the total", "line 2"), for the hold message. */
export function changedFacts(before: PostingFacts, after: PostingFacts): string[] {
  const out: string[] = [];
  if (before.supplierCode !== after.supplierCode) out.push("the supplier");
  if (before.issueDate !== after.issueDate) out.push("the date");
  if (before.currency !== after.currency) out.push("the currency");
  if (before.grossMinor !== after.grossMinor) out.push("the total");
  const n = Math.max(before.lines.length, after.lines.length);
  for (let i = 0; i < n; i++)
    // Stored facts come back from Postgres jsonb with their keys reordered: compare them key-order-free.
    if (stableStringify(before.lines[i]) !== stableStringify(after.lines[i])) out.push(`line ${i + 1}`);
  return out;
}

export type Distribution = { account: string; amountMinor: number; comment: string };

/**
 * One distribution per line (its net, to the line's G/L account) plus input VAT (to the VAT account), converted at
 * `rate` by the one rounding policy (rules/fx-split.ts): each line's gross and VAT rounded on their own, the invoice
 * amount the sum of the lines' gross, the VAT distribution the sum of their VAT.
 */
export function apDistributions(
  p: PurchaseInvoice,
  o: { lineAccounts: readonly string[]; vatAccount: string | null; rate: UsedRate },
): { amountMinor: number; distributions: Distribution[] } {
  const converted = convertDocument(
    p.lines.map((l) => ({ netMinor: l.net.amountMinor, vatMinor: l.tax.amount.amountMinor })),
    o.rate,
  );
  const distributions: Distribution[] = p.lines.map((l, i) => ({
    account: o.lineAccounts[i]!,
    amountMinor: converted.lines[i]!.netMinor,
    comment: (l.description || `Line ${i + 1}`).slice(0, 30),
  }));
  if (converted.vatMinor !== 0)
    distributions.push({ account: o.vatAccount ?? "", amountMinor: converted.vatMinor, comment: "VAT" });
  return { amountMinor: converted.grossMinor, distributions: distributions.filter((d) => d.amountMinor !== 0) };
}
